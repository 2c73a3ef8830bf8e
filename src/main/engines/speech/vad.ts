/**
 * Energy-based voice-activity gate with an adaptive noise floor, onset confirmation, pre-roll and
 * hangover: silence and steady background noise never reach the recogniser (so they cost nothing and
 * cannot trigger it), and the first and last phonemes of an utterance are not clipped.
 */
export interface VadOptions {
  /** Analysis frame, ms (default 10). */
  frameMs?: number;
  /** Speech must be this far above the noise floor (dB; default 10). */
  onsetDb?: number;
  /** Speech continues while this far above the floor (dB; default 6). */
  sustainDb?: number;
  /** Nothing quieter than this is speech (dBFS; default -52). */
  minLevelDb?: number;
  /** Frames above threshold needed to start (default 3 = 30 ms). */
  onsetFrames?: number;
  /** Keep passing audio this long after the level drops (ms; default 350). */
  hangoverMs?: number;
  /** Audio before the onset passed along with it (ms; default 250). */
  preRollMs?: number;
  /** Starting noise floor (dBFS); default: the first frame's level. */
  initialFloorDb?: number;
}

export interface VadSegment {
  /** Audio to pass on (speech, with pre-roll at a start and hangover at an end). */
  pcm: Int16Array;
  /** This segment begins an utterance. */
  start: boolean;
  /** The utterance ended at the end of this segment. */
  end: boolean;
  /** Sample offset of `pcm[0]` in everything pushed so far. */
  at: number;
}

export interface VadGate {
  /** Feed PCM of any length; returns what should reach the recogniser (often nothing). */
  push(pcm: Int16Array): VadSegment[];
  /** Flush at end of input: closes an open utterance. */
  flush(): VadSegment[];
  readonly inSpeech: boolean;
  readonly floorDb: number;
}

export function frameLevelDb(pcm: Int16Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += pcm[i] * pcm[i];
  const rms = Math.sqrt(s / Math.max(1, to - from)) / 32768;
  return 20 * Math.log10(rms + 1e-9);
}

export function createVadGate(sampleRate: number, o: VadOptions = {}): VadGate {
  const frame = Math.round((sampleRate * (o.frameMs ?? 10)) / 1000);
  const onsetDb = o.onsetDb ?? 10;
  const sustainDb = o.sustainDb ?? 6;
  const minLevel = o.minLevelDb ?? -52;
  const onsetFrames = o.onsetFrames ?? 3;
  const hangFrames = Math.round((o.hangoverMs ?? 350) / (o.frameMs ?? 10));
  const preFrames = Math.round((o.preRollMs ?? 250) / (o.frameMs ?? 10));
  let floor = o.initialFloorDb ?? NaN;
  let inSpeech = false;
  let above = 0;
  let quiet = 0;
  let speechFrames = 0;
  let rest = new Int16Array(0);
  let pos = 0; // samples consumed by step()
  const pre: Int16Array[] = []; // recent non-speech frames (pre-roll)

  function step(f: Int16Array, out: VadSegment[]) {
    pos += f.length;
    const db = frameLevelDb(f, 0, f.length);
    if (Number.isNaN(floor)) floor = db;
    if (!inSpeech) {
      // Floor follows quiet quickly and rising noise slowly, so speech does not become "noise".
      floor += (db - floor) * (db < floor ? 0.3 : 0.02);
      const loud = db > floor + onsetDb && db > minLevel;
      above = loud ? above + 1 : 0;
      pre.push(f);
      if (above >= onsetFrames) {
        inSpeech = true;
        quiet = 0;
        speechFrames = 0;
        const roll = concat(pre.splice(0));
        out.push({ pcm: roll, start: true, end: false, at: pos - roll.length });
        return;
      }
      if (pre.length > preFrames + onsetFrames) pre.shift();
      return;
    }
    speechFrames++;
    // After 20 s of continuous "speech" the floor may be wrong (noise got louder): let it adapt.
    if (speechFrames > 2000) floor += (db - floor) * 0.01;
    quiet = db > floor + sustainDb && db > minLevel ? 0 : quiet + 1;
    const ended = quiet >= hangFrames;
    appendOrPush(out, f, ended);
    if (ended) {
      inSpeech = false;
      above = 0;
    }
  }

  /** Frames of each segment of the current push(), joined once at its end (not frame by frame: O(n²)). */
  const parts = new Map<VadSegment, Int16Array[]>();
  function appendOrPush(out: VadSegment[], f: Int16Array, end: boolean) {
    const last = out[out.length - 1];
    if (last && !last.end) {
      const p = parts.get(last);
      if (p) p.push(f);
      else parts.set(last, [last.pcm, f]);
      last.end = end;
    } else out.push({ pcm: f, start: false, end, at: pos - f.length });
  }

  return {
    push(pcm) {
      const all = rest.length ? concat([rest, pcm]) : pcm;
      const out: VadSegment[] = [];
      let i = 0;
      for (; i + frame <= all.length; i += frame) step(all.subarray(i, i + frame), out);
      rest = all.slice(i);
      for (const [seg, p] of parts) seg.pcm = concat(p);
      parts.clear();
      return out;
    },
    flush() {
      const out: VadSegment[] = [];
      if (inSpeech) {
        out.push({ pcm: rest, start: false, end: true, at: pos });
        pos += rest.length;
        inSpeech = false;
      }
      rest = new Int16Array(0);
      return out;
    },
    get inSpeech() {
      return inSpeech;
    },
    get floorDb() {
      return floor;
    },
  };
}

/** Whole-buffer check (files): [from, to) sample spans of speech, the floor set from the quietest 10 %. */
export function speechSpans(pcm: Int16Array, sampleRate: number, o: VadOptions = {}): [number, number][] {
  const frame = Math.round((sampleRate * (o.frameMs ?? 10)) / 1000);
  const levels: number[] = [];
  for (let i = 0; i + frame <= pcm.length; i += frame) levels.push(frameLevelDb(pcm, i, i + frame));
  if (!levels.length) return [];
  const sorted = [...levels].sort((a, b) => a - b);
  const gate = createVadGate(sampleRate, { ...o, initialFloorDb: o.initialFloorDb ?? sorted[Math.floor(sorted.length * 0.1)] });
  const spans: [number, number][] = [];
  for (const s of [...gate.push(pcm), ...gate.flush()]) {
    const last = spans[spans.length - 1];
    if (s.start || !last) spans.push([s.at, s.at + s.pcm.length]);
    else last[1] = s.at + s.pcm.length;
  }
  return spans.filter(([a, b]) => b > a);
}

export function concat(parts: Int16Array[]): Int16Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Int16Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Which 10 ms frames of `pcm` are louder than `aboveDb` over the floor (the quietest 10 % of its frames). */
function loudFrames(pcm: Int16Array, sampleRate: number, aboveDb: number, minLevelDb: number): boolean[] {
  const frame = Math.round(sampleRate / 100);
  const levels: number[] = [];
  for (let i = 0; i + frame <= pcm.length; i += frame) levels.push(frameLevelDb(pcm, i, i + frame));
  if (!levels.length) return [];
  const floor = [...levels].sort((a, b) => a - b)[Math.floor(levels.length * 0.1)];
  return levels.map((l) => l > floor + aboveDb && l > minLevelDb);
}

/** Milliseconds of `pcm[from..]` louder than `aboveDb` over the floor (the quietest 10 % of all of `pcm`). */
export function loudMs(pcm: Int16Array, from: number, sampleRate: number, aboveDb = 10, minLevelDb = -52): number {
  const frame = Math.round(sampleRate / 100);
  return loudFrames(pcm, sampleRate, aboveDb, minLevelDb).filter((l, k) => l && k >= Math.ceil(from / frame)).length * 10;
}

/** Milliseconds of loud audio (as loudMs) outside every one of `spans` (samples, [start, end)). */
export function loudMsOutside(pcm: Int16Array, spans: { start: number; end: number }[], sampleRate: number, aboveDb = 10, minLevelDb = -52): number {
  const frame = Math.round(sampleRate / 100);
  const inside = (k: number) => spans.some((s) => k * frame + frame / 2 >= s.start && k * frame + frame / 2 < s.end);
  return loudFrames(pcm, sampleRate, aboveDb, minLevelDb).filter((l, k) => l && !inside(k)).length * 10;
}

/**
 * The signal-to-noise ratio of an utterance in dB: the mean power of its loudest 10 % of 20 ms frames
 * over that of its quietest 15 % (the pre-roll and the gaps between words). Infinity where the quiet
 * frames are (nearly) digital silence, as in padded files.
 */
export function estimateSnrDb(pcm: Int16Array, sampleRate: number): number {
  const frame = Math.round(sampleRate / 50);
  const power: number[] = [];
  for (let at = 0; at + frame <= pcm.length; at += frame) {
    let s = 0;
    for (let i = at; i < at + frame; i++) s += pcm[i] * pcm[i];
    power.push(s / frame);
  }
  if (power.length < 10) return Infinity;
  power.sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const quiet = mean(power.slice(0, Math.max(1, Math.round(power.length * 0.15))));
  const loud = mean(power.slice(Math.floor(power.length * 0.9)));
  return quiet < 4 ? Infinity : 10 * Math.log10(loud / quiet);
}
