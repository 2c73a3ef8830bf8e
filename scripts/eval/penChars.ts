/**
 * Pen characters of unseen writers through recognizeDrawing (the engine the app uses, segmentation and
 * context decoding included): one drawing per character, as a user writing one letter on the pad.
 * Scores per writer (mean and worst 10%), per class, exact and with look-alikes folded, and how often the
 * drawing was read as exactly one character.
 */
import { HandwritingEngine } from '../../src/main/engines/handwriting';
import { HandwritingModelId, Stroke } from '../../src/shared/types';
import { penSourceOf as sourceOf } from '../datasets/pen';

export interface PenEvalChar {
  label: string;
  writer: string;
  strokes: Stroke[];
}

export interface CharScores {
  n: number;
  accuracy: number;
  foldedAccuracy: number;
  writerMean: number;
  writerWorst10: number;
}

export interface Score {
  n: number;
  accuracy: number;
}

export interface PenCharsResult {
  model: string;
  n: number;
  writers: number;
  /** Letters only, case merged for `letters`, exact for `full`. */
  accuracy: number;
  /** Look-alikes folded (case, o/O/0, l/I/1/i): what a single character without context cannot tell apart. */
  foldedAccuracy: number;
  /** Share of drawings read as exactly one character. */
  readAsOne: number;
  perWriter: { mean: number; worst10: number; foldedMean: number; foldedWorst10: number };
  perClass: Record<string, Score & { folded: number }>;
  topConfusions: { true: string; predicted: string; count: number }[];
  /** Rows: true class, columns: predicted class (the model's classes; drawings not read as one class are left out). */
  confusion: number[][];
  classes: string[];
  /**
   * The networks alone on the whole drawing read as one character (engine.classifyDrawings: the image CNN on
   * the app's rendering, fused with the trajectory network where the model has one): what they read when
   * segmentation keeps the character whole. Top class, no context.
   */
  cnnOnly: CharScores;
  /** The same with the image CNN alone (no trajectory network): the figure before the fusion. */
  imageOnly: CharScores;
  /**
   * The same figures per source set (the writer id's prefix: DigiLeTs is clean, UNIPEN noisy, pendigits
   * digits only): end to end, per writer, and the CNN alone.
   */
  perSource: Record<string, SourceScores>;
  /** Mean milliseconds per recognizeDrawing call (noisy on a shared machine). */
  msPerChar: number;
  /** Why end to end missed (see FailureKind; `full`: look-alikes folded), counts over the end-to-end characters. */
  failures: Record<FailureKind, number>;
  /** Characters the CNN alone got wrong but end to end read right (context or cuts helped). */
  rescued: number;
  /** A few misses of each kind: writer, label, stroke count, what was read. */
  failureExamples: Record<FailureKind, string[]>;
}

/**
 * Why a single pen character was not read right end to end (the CNN alone is its top class on the whole
 * drawing, the figure end to end is compared with):
 *  - lineSplit: the drawing came out as more than one line;
 *  - overSegmentation: one line, more than one character;
 *  - nothing: no character at all (every part dropped as a speck);
 *  - overridden: one character, the CNN alone was right and end to end is not (context or cut search chose
 *    another reading or another frame);
 *  - cnnWrong: one character, the CNN alone was wrong too.
 */
export const FAILURE_KINDS = ['lineSplit', 'overSegmentation', 'nothing', 'overridden', 'cnnWrong'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Why a single character's end-to-end reading `got` missed `want` (`hit`: it did not; `cnnHit`: the CNN alone was right). */
export function failureKind(got: string, hit: boolean, cnnHit: boolean): FailureKind | null {
  if (hit) return null;
  const lines = got.split('\n').filter((l) => l.trim().length > 0);
  if (lines.length > 1) return 'lineSplit';
  const n = [...got.replace(/\s/g, '')].length;
  if (n === 0) return 'nothing';
  if (n > 1) return 'overSegmentation';
  return cnnHit ? 'overridden' : 'cnnWrong';
}

export interface SourceScores {
  n: number;
  writers: number;
  accuracy: number;
  foldedAccuracy: number;
  writerMean: number;
  writerWorst10: number;
  cnnOnly: { n: number; accuracy: number; foldedAccuracy: number };
}

/** Single glyphs carry no case/digit context: o/O/0, l/I/1/i count as one (evalHandwriting.ts's font figure too). */
export function foldLookAlike(c: string): string {
  const m: Record<string, string> = { O: 'o', '0': 'o', I: 'l', '1': 'l', i: 'l' };
  return m[c] ?? c.toLowerCase();
}

function mean(v: number[]): number {
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}

/** Mean of the worst 10% (at least one) of the values. */
export function worstTenth(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return mean(s.slice(0, Math.max(1, Math.round(s.length / 10))));
}

/**
 * Runs every letter (or every digit) through the engine. `letters` models are scored case-merged on letters; `full`
 * exactly on its 62 classes. `onProgress` gets a count now and then (a run takes minutes).
 */
export async function evalPenChars(
  engine: HandwritingEngine, id: HandwritingModelId, chars: PenEvalChar[], only: 'letters' | 'digits' = 'letters',
  onProgress?: (done: number, total: number) => void, e2eStride = 1,
): Promise<PenCharsResult> {
  const model = await engine.model(id);
  const caseMerged = model.classes.length === 26;
  const all = chars.filter((c) => (only === 'letters' ? /^[A-Za-z]$/ : /^[0-9]$/).test(c.label) && model.classes.includes(caseMerged ? c.label.toUpperCase() : c.label));
  const byWriter = new Map<string, { n: number; ok: number; folded: number }>();
  const byClass = new Map<string, { n: number; ok: number; folded: number }>();
  const conf = new Map<string, number>();
  // recognizeDrawing costs ~2-30 ms a call on a shared machine: e2eStride > 1 scores every n-th character
  // end to end (every writer keeps samples); the batched CNN-alone figure always uses all of them.
  const items = all.filter((_, i) => i % e2eStride === 0);
  const k = model.classes.length;
  const confusion = model.classes.map(() => new Array<number>(k).fill(0));
  const { scores: cnnOnly, hits: cnnHits, perSource: cnnPerSource } = await cnnOnlyScores(engine, id, all, caseMerged, true);
  const { scores: imageOnly } = await cnnOnlyScores(engine, id, all, caseMerged, false);
  const failures = Object.fromEntries(FAILURE_KINDS.map((f) => [f, 0])) as Record<FailureKind, number>;
  const failureExamples = Object.fromEntries(FAILURE_KINDS.map((f) => [f, [] as string[]])) as Record<FailureKind, string[]>;
  let ok = 0, folded = 0, one = 0, rescued = 0;
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    const c = items[i];
    const want = caseMerged ? c.label.toUpperCase() : c.label;
    const r = await engine.recognizeDrawing({ strokes: c.strokes }, { model: id });
    const got = r.text.trim();
    const isOne = [...got].length === 1;
    const hit = isOne && (caseMerged ? got.toUpperCase() === want : got === want);
    const fHit = isOne && foldLookAlike(got) === foldLookAlike(want);
    ok += +hit;
    folded += +fHit;
    one += +isOne;
    // The CNN-alone figure of this very character (all[] holds items[] at every e2eStride-th index).
    const cnnHit = cnnHits[i * e2eStride];
    // `full` without context cannot tell o/O/0 or l/I/1 apart: its misses are counted with look-alikes folded.
    const kindHit = caseMerged ? hit : fHit;
    if (kindHit && !cnnHit) rescued++;
    const kind = failureKind(r.text, kindHit, cnnHit);
    if (kind) {
      failures[kind]++;
      if (failureExamples[kind].length < 12) failureExamples[kind].push(`${c.writer} '${c.label}' (${c.strokes.length} strokes) -> ${JSON.stringify(r.text)}`);
    }
    for (const [m, k] of [[byWriter, c.writer], [byClass, want]] as const) {
      const e = m.get(k) ?? { n: 0, ok: 0, folded: 0 };
      e.n++;
      e.ok += +hit;
      e.folded += +fHit;
      m.set(k, e);
    }
    const ti = model.classes.indexOf(want), pi = model.classes.indexOf(caseMerged ? got.toUpperCase() : got);
    if (isOne && ti >= 0 && pi >= 0) confusion[ti][pi]++;
    if (!hit) conf.set(`${want}\u0000${got || '(none)'}`, (conf.get(`${want}\u0000${got || '(none)'}`) ?? 0) + 1);
    if (onProgress && i % 1000 === 999) onProgress(i + 1, items.length);
  }
  const ms = (performance.now() - t0) / Math.max(1, items.length);
  const w = [...byWriter.values()];
  const n = items.length;
  const perSource: Record<string, SourceScores> = {};
  for (const src of [...new Set([...byWriter.keys()].map(sourceOf))].sort()) {
    const ws = [...byWriter.entries()].filter(([k]) => sourceOf(k) === src).map(([, e]) => e);
    const sn = ws.reduce((a, e) => a + e.n, 0);
    perSource[src] = {
      n: sn,
      writers: ws.length,
      accuracy: ws.reduce((a, e) => a + e.ok, 0) / sn,
      foldedAccuracy: ws.reduce((a, e) => a + e.folded, 0) / sn,
      writerMean: mean(ws.map((e) => e.ok / e.n)),
      writerWorst10: worstTenth(ws.map((e) => e.ok / e.n)),
      cnnOnly: cnnPerSource[src] ?? { n: 0, accuracy: 0, foldedAccuracy: 0 },
    };
  }
  return {
    model: id,
    n,
    writers: byWriter.size,
    accuracy: ok / n,
    foldedAccuracy: folded / n,
    readAsOne: one / n,
    perWriter: {
      mean: mean(w.map((e) => e.ok / e.n)),
      worst10: worstTenth(w.map((e) => e.ok / e.n)),
      foldedMean: mean(w.map((e) => e.folded / e.n)),
      foldedWorst10: worstTenth(w.map((e) => e.folded / e.n)),
    },
    perClass: Object.fromEntries([...byClass.entries()].sort().map(([k, e]) => [k, { n: e.n, accuracy: e.ok / e.n, folded: e.folded / e.n }])),
    topConfusions: [...conf.entries()]
      .map(([k, count]) => ({ true: k.split('\u0000')[0], predicted: k.split('\u0000')[1], count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 25),
    confusion,
    classes: model.classes,
    cnnOnly,
    imageOnly,
    perSource,
    msPerChar: Math.round(ms * 1000) / 1000,
    failures,
    rescued,
    failureExamples,
  };
}

/** The networks alone on every character (scores, per source, and per character whether it was right: case merged for `letters`, folded for `full`). */
async function cnnOnlyScores(
  engine: HandwritingEngine, id: string, items: PenEvalChar[], caseMerged: boolean, trajectory: boolean,
): Promise<{ scores: CharScores; hits: boolean[]; perSource: Record<string, SourceScores['cnnOnly']> }> {
  const byWriter = new Map<string, { n: number; ok: number }>();
  const bySource = new Map<string, { n: number; ok: number; folded: number }>();
  const hits: boolean[] = [];
  let ok = 0, folded = 0;
  const B = 256;
  for (let s = 0; s < items.length; s += B) {
    const part = items.slice(s, s + B);
    const { probs, classes } = await engine.classifyDrawings(part.map((c) => c.strokes), id, { trajectory });
    const k = classes.length;
    part.forEach((c, i) => {
      let b = 0;
      for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + b]) b = j;
      const want = caseMerged ? c.label.toUpperCase() : c.label;
      const hit = classes[b] === want;
      const fHit = foldLookAlike(classes[b]) === foldLookAlike(want);
      ok += +hit;
      folded += +fHit;
      hits.push(caseMerged ? hit : fHit);
      const src = bySource.get(sourceOf(c.writer)) ?? { n: 0, ok: 0, folded: 0 };
      src.n++;
      src.ok += +hit;
      src.folded += +fHit;
      bySource.set(sourceOf(c.writer), src);
      const e = byWriter.get(c.writer) ?? { n: 0, ok: 0 };
      e.n++;
      e.ok += +hit;
      byWriter.set(c.writer, e);
    });
  }
  const w = [...byWriter.values()].map((e) => e.ok / e.n);
  const n = Math.max(1, items.length);
  const perSource = Object.fromEntries([...bySource.entries()].map(([k, e]) => [k, { n: e.n, accuracy: e.ok / e.n, foldedAccuracy: e.folded / e.n }]));
  return { scores: { n: items.length, accuracy: ok / n, foldedAccuracy: folded / n, writerMean: mean(w), writerWorst10: worstTenth(w) }, hits, perSource };
}
