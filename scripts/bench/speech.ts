/**
 * Speech benchmark: real-time factor of each engine, wake word -> action latency after speech ends,
 * command accuracy on the synthetic command set, free-text WER, false wakes per minute on non-command
 * audio (pocketsphinx-testdata human recordings + ordinary synthetic sentences), and how long the main
 * thread is held (longest write() of a 20 ms chunk; longest event-loop gap during a long decode).
 * RTFs are wall time (the CPU is shared, so they vary with load) and CPU time of this process (steadier).
 * Run: npx tsx scripts/bench/speech.ts  (writes reports/bench-speech.json)
 */
import { createSpeechEngine, type SpeechEngine } from '../../src/main/engines/speech';
import { createVoiceSession, type VoiceEvent } from '../../src/main/assistant/voice/voiceSession';
import { commandPhrases, parseIntent } from '../../src/main/assistant/voice/intentRouter';
import { transcribeSpoken } from '../../src/main/assistant/voice/commandUtterance';
import { COMMAND_SET, humanRecordings, join, NEGATIVE_SET, noise, synthesize, TESTDATA, TRANSLATE_SET, VOICES, voiceName } from '../../test/fixtures/speech/audio';
import { toMambaError } from '../../src/shared/errors';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { longestGap } from '../../test/fixtures/eventLoopGap';
import { runStandalone } from '../benchStandalone';

const CHUNK = 320; // 20 ms, what the renderer's AudioWorklet sends

/** Free-text requests for the LM figures (WER, translate intents): the test set plus more everyday phrases. */
export const TRANSLATE_BENCH: { say: string; to: string }[] = [
  ...TRANSLATE_SET.map(({ say, to }) => ({ say, to })),
  { say: 'translate I need a coffee please to Spanish', to: 'es' },
  { say: 'translate see you tomorrow to German', to: 'de' },
  { say: 'translate how much does this cost to French', to: 'fr' },
  { say: 'translate the bus is late today to Spanish', to: 'es' },
  { say: 'translate can you help me to Italian', to: 'it' },
  { say: 'translate my name is John to Portuguese', to: 'pt' },
  { say: 'translate where is the hotel to Spanish', to: 'es' },
];

/** pocketsphinx-testdata's librivox recordings (real human read speech) with their transcripts. */
export function humanTranscribed(): { name: string; pcm: Int16Array; text: string }[] {
  const file = path.join(TESTDATA, 'librivox', 'transcription');
  if (!fs.existsSync(file)) return [];
  const refs = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^<s> (.*) <\/s> \((\S+)\)$/.exec(line.trim());
    if (m) refs.set(`librivox/${m[2]}.wav`, m[1]);
  }
  return humanRecordings().flatMap((h) => (refs.has(h.name) ? [{ ...h, text: refs.get(h.name) as string }] : []));
}

/** Word errors (substitutions + insertions + deletions, Levenshtein over words) of `hyp` against `ref`. */
export function wordErrors(ref: string, hyp: string): { errors: number; words: number } {
  const norm = (t: string) => t.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);
  const r = norm(ref);
  const h = norm(hyp);
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const cur = [i];
    for (let j = 1; j <= h.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r[i - 1] === h[j - 1] ? 0 : 1));
    prev = cur;
  }
  return { errors: prev[h.length], words: r.length };
}

/** CPU time (ms, all threads of this process) and wall time (ms) since `from`. */
const clock = () => ({ cpu: process.cpuUsage(), wall: performance.now() });
function since(from: ReturnType<typeof clock>) {
  const c = process.cpuUsage(from.cpu);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - from.wall };
}

/**
 * Feed audio in 20 ms chunks; events with the sample position of the chunk that produced them and the
 * time from that write to the session being settled (a free-text pass runs off-thread in between).
 * `maxWriteMs`: the longest write() call, i.e. the longest the main thread is held for one chunk.
 */
async function stream(engine: SpeechEngine, pcm: Int16Array) {
  const events: { e: VoiceEvent; at: number; writeMs: number }[] = [];
  let pending: VoiceEvent[] = [];
  const s = createVoiceSession(engine, { onEvent: (e) => pending.push(e) });
  let busyMs = 0;
  let maxWriteMs = 0;
  for (let at = 0; at < pcm.length; at += CHUNK) {
    const t0 = performance.now();
    s.write(pcm.subarray(at, at + CHUNK));
    maxWriteMs = Math.max(maxWriteMs, performance.now() - t0);
    await s.settled();
    const dt = performance.now() - t0;
    busyMs += dt;
    for (const e of pending) events.push({ e, at: Math.min(at + CHUNK, pcm.length), writeMs: dt });
    pending = [];
  }
  await s.end();
  for (const e of pending) events.push({ e, at: pcm.length, writeMs: 0 });
  s.close();
  return { events, busyMs, maxWriteMs };
}

export async function runBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const engine = await createSpeechEngine({ log });
  out.engine = engine.name;
  const grammar = commandPhrases('en');

  // 1. Command accuracy (grammar decode of each phrase, per voice) and grammar RTF.
  let ok = 0;
  let n = 0;
  let decodeMs = 0;
  let decodeCpuMs = 0;
  let audioMs = 0;
  const misses: string[] = [];
  await engine.transcribe(join([noise(300), synthesize('stop', VOICES[0])]), 16000, { grammar }); // compiles the grammar
  for (const v of VOICES) {
    let okV = 0;
    for (const c of COMMAND_SET) {
      const pcm = join([noise(300), synthesize(c.say, v), noise(300)]);
      const c0 = clock();
      const t = await engine.transcribe(pcm, 16000, { grammar });
      decodeMs += t.ms;
      decodeCpuMs += since(c0).cpuMs;
      audioMs += pcm.length / 16;
      const i = parseIntent(t.text, { source: 'voice' });
      const good = i.name === c.intent && (!c.to || i.to === c.to);
      n++;
      if (good) {
        ok++;
        okV++;
      }
      else misses.push(`${voiceName(v)}: "${c.say}" -> "${t.text}"`);
    }
    out[`commandAccuracy ${voiceName(v)}`] = Number((okV / COMMAND_SET.length).toFixed(3));
  }
  out.commandAccuracy = Number((ok / n).toFixed(3));
  out.rtfGrammar = Number((decodeMs / audioMs).toFixed(4));
  out.cpuRtfGrammar = Number((decodeCpuMs / audioMs).toFixed(4));
  log(`command accuracy ${ok}/${n} (${(100 * ok / n).toFixed(1)} %), grammar RTF ${out.rtfGrammar} (CPU ${out.cpuRtfGrammar})`);
  for (const m of misses) log(`  miss: ${m}`);

  // 2. Free-text (LM) RTF, WER and translate requests (festival voices: espeak-ng is out of the LM's reach).
  //    Translate intents two ways: the LM's text alone, and what `mamba transcribe` gives (transcribeSpoken:
  //    grammar pass + LM pass from the grammar-timed "translate", merged), each whole file.
  let lmMs = 0;
  let lmCpuMs = 0;
  let lmAudio = 0;
  let tOkLm = 0;
  let tOk = 0;
  let cliMs = 0;
  let wErr = 0;
  let wRef = 0;
  const festivals = VOICES.filter((x) => x.engine === 'festival');
  for (const v of festivals) {
    for (const c of TRANSLATE_BENCH) {
      const pcm = join([noise(200), synthesize(c.say, v), noise(200)]);
      const c0 = clock();
      const t = await engine.transcribe(pcm, 16000);
      lmMs += t.ms;
      lmCpuMs += since(c0).cpuMs;
      lmAudio += pcm.length / 16;
      const we = wordErrors(c.say, t.text);
      wErr += we.errors;
      wRef += we.words;
      const i = parseIntent(t.text, { source: 'voice' });
      const goodLm = i.name === 'translate_text' && i.to === c.to;
      if (goodLm) tOkLm++;
      log(`  translate, LM alone (${voiceName(v)}): "${c.say}" -> "${t.text}" ${goodLm ? 'ok' : 'MISS'}`);
    }
  }
  // A separate loop (once needed: the front end's noise estimate ran on from one decode to the next and
  // interleaving changed the LM-alone figures; each decode now starts from its own audio's, docs/voice.md).
  for (const v of festivals) {
    for (const c of TRANSLATE_BENCH) {
      const pcm = join([noise(200), synthesize(c.say, v), noise(200)]);
      const cli = await transcribeSpoken(engine, pcm, 16000);
      cliMs += cli.transcript.ms;
      const ic = parseIntent(cli.transcript.text, { source: 'cli', spoken: true });
      const good = ic.name === 'translate_text' && ic.to === c.to;
      if (good) tOk++;
      log(`  translate, transcribe (${voiceName(v)}): "${c.say}" -> (${cli.via}) "${cli.transcript.text}" ${good ? 'ok' : 'MISS'}`);
    }
  }
  const nT = festivals.length * TRANSLATE_BENCH.length;
  out.rtfFreeText = Number((lmMs / lmAudio).toFixed(4));
  out.cpuRtfFreeText = Number((lmCpuMs / lmAudio).toFixed(4));
  out.werFreeText = Number((wErr / wRef).toFixed(3));
  out.translateIntentAccuracyLmOnly = Number((tOkLm / nT).toFixed(3));
  out.translateIntentAccuracy = Number((tOk / nT).toFixed(3));
  out.rtfTranscribeTranslate = Number((cliMs / lmAudio).toFixed(4));
  log(`free-text RTF ${out.rtfFreeText} (CPU ${out.cpuRtfFreeText}), WER ${(100 * wErr / wRef).toFixed(1)} %, translate intents LM alone ${tOkLm}/${nT}`);
  log(`translate intents through transcribe (grammar + LM, merged) ${tOk}/${nT}, RTF ${out.rtfTranscribeTranslate}`);

  // 2b. The main thread during a long free-text decode (10+ s of speech): longest event-loop gap.
  const long = join(TRANSLATE_BENCH.map((c) => synthesize(c.say, festivals[0])).flatMap((p) => [p, noise(250)]));
  let longMs = 0;
  out.eventLoopMaxGapMs = Math.round(
    (
      await longestGap(async () => {
        longMs = (await engine.transcribe(long, 16000)).ms;
      })
    ).gapMs,
  );
  log(`longest event-loop gap during a ${(long.length / 16000).toFixed(1)} s free-text decode (${longMs} ms): ${out.eventLoopMaxGapMs} ms`);

  // 3. Wake word -> action latency: "mamba <command>" in a stream; latency = audio time from the end of
  //    speech to the chunk at which the command event fired + the processing time of that write.
  //    "mamba translate <text> to <language>" the same way (its free-text pass runs off the main thread).
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN);
  const p90 = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? NaN);
  const latencies: number[] = [];
  const translateLatencies: number[] = [];
  let wakeHits = 0;
  let wakeTotal = 0;
  let sessionBusy = 0;
  let sessionAudio = 0;
  let maxWriteMs = 0;
  let spokenTranslateOk = 0;
  const spoken = [...COMMAND_SET.map((c) => ({ ...c, free: false })), ...TRANSLATE_BENCH.map((c) => ({ say: c.say, intent: 'translate_text', to: c.to, free: true }))];
  for (const v of festivals) {
    for (const c of spoken) {
      const lead = noise(600, 30, 3);
      const speech = synthesize(`mamba ${c.say}`, v);
      const pcm = join([lead, speech, noise(1500, 30, 4)]);
      const speechEnd = lead.length + lastLoud(speech);
      const r = await stream(engine, pcm);
      maxWriteMs = Math.max(maxWriteMs, r.maxWriteMs);
      const cmd = r.events.find((x) => x.e.type === 'command');
      const latency = cmd ? (cmd.at - speechEnd) / 16 + cmd.writeMs : NaN;
      if (c.free) {
        if (cmd && cmd.e.type === 'command' && cmd.e.intent.name === 'translate_text' && cmd.e.intent.to === c.to) spokenTranslateOk++;
        if (cmd) translateLatencies.push(latency);
        continue;
      }
      sessionBusy += r.busyMs;
      sessionAudio += pcm.length / 16;
      wakeTotal++;
      if (r.events.some((x) => x.e.type === 'wake')) wakeHits++;
      if (cmd) latencies.push(latency);
    }
  }
  out.wakeHitRate = Number((wakeHits / wakeTotal).toFixed(3));
  out.wakeToActionMsMedian = median(latencies);
  out.wakeToActionMsP90 = p90(latencies);
  out.rtfVoiceSession = Number((sessionBusy / sessionAudio).toFixed(4));
  out.wakeToTranslateMsMedian = median(translateLatencies);
  out.wakeToTranslateMsP90 = p90(translateLatencies);
  out.spokenTranslateAccuracy = Number((spokenTranslateOk / (festivals.length * TRANSLATE_BENCH.length)).toFixed(3));
  out.maxWriteMs = Number(maxWriteMs.toFixed(1));
  log(`wake hits ${wakeHits}/${wakeTotal}; wake -> action after speech ends: median ${out.wakeToActionMsMedian} ms, p90 ${out.wakeToActionMsP90} ms; session RTF ${out.rtfVoiceSession}`);
  log(`"mamba translate …": ${spokenTranslateOk}/${festivals.length * TRANSLATE_BENCH.length} right, wake -> action median ${out.wakeToTranslateMsMedian} ms, p90 ${out.wakeToTranslateMsP90} ms`);
  log(`longest write() of a 20 ms chunk (main thread held): ${out.maxWriteMs} ms`);

  // 4. False wakes on non-command audio: human recordings + ordinary sentences (all voices), one stream.
  const negatives = [...humanRecordings().map((h) => h.pcm), ...VOICES.flatMap((v) => NEGATIVE_SET.map((t) => synthesize(t, v)))];
  const negStream = join(negatives.flatMap((p, i) => [p, noise(700, 30, 10 + i)]));
  const { events: negEvents } = await stream(engine, negStream);
  const falseWakes = negEvents.filter((x) => x.e.type === 'wake').length;
  const minutes = negStream.length / 16000 / 60;
  out.negativeAudioMinutes = Number(minutes.toFixed(2));
  out.falseWakes = falseWakes;
  out.falseWakesPerMinute = Number((falseWakes / minutes).toFixed(3));
  log(`false wakes: ${falseWakes} in ${minutes.toFixed(2)} min of non-command audio (${out.falseWakesPerMinute}/min)`);
  await engine.close();

  // 5. Vosk: RTF only where a model is installed.
  try {
    const vosk = await createSpeechEngine({ engine: 'vosk', log });
    const pcm = synthesize(TRANSLATE_SET[0].say, festivals[0]);
    const t = await vosk.transcribe(pcm, 16000);
    out.rtfVosk = Number((t.ms / (pcm.length / 16)).toFixed(4));
    log(`vosk RTF ${out.rtfVosk}: "${t.text}"`);
    await vosk.close();
  } catch (e) {
    out.rtfVosk = 'n/a';
    log(`vosk: not measured (${toMambaError(e).toLine()})`);
  }
  return out;
}

/** Index just after the last loud 10 ms frame (end of speech). */
function lastLoud(pcm: Int16Array): number {
  for (let i = pcm.length - 160; i >= 0; i -= 160) {
    let s = 0;
    for (let k = i; k < i + 160; k++) s += pcm[k] * pcm[k];
    if (Math.sqrt(s / 160) > 300) return i + 160;
  }
  return pcm.length;
}

if (require.main === module) runStandalone('speech', runBench);
