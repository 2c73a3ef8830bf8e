/**
 * Speech benchmark: real-time factor of each engine, wake word -> action latency after speech ends,
 * command accuracy on the synthetic command set, false wakes per minute on non-command audio
 * (pocketsphinx-testdata human recordings + ordinary synthetic sentences).
 * Run: npx tsx scripts/bench/speech.ts  (writes reports/bench-speech.json)
 */
import { createSpeechEngine, type SpeechEngine } from '../../src/main/engines/speech';
import { createVoiceSession, type VoiceEvent } from '../../src/main/assistant/voiceSession';
import { commandPhrases, parseIntent } from '../../src/main/assistant/intentRouter';
import { COMMAND_SET, humanRecordings, join, NEGATIVE_SET, noise, synthesize, TRANSLATE_SET, VOICES, voiceName, type Voice } from '../../test/fixtures/speech/audio';
import { toMambaError } from '../../src/shared/errors';
import { runStandalone } from '../benchStandalone';

const CHUNK = 320; // 20 ms, what the renderer's AudioWorklet sends

/** Feed audio in 20 ms chunks; returns events with the sample position they fired at and wall time per write. */
function stream(engine: SpeechEngine, pcm: Int16Array) {
  const events: { e: VoiceEvent; at: number; writeMs: number }[] = [];
  let at = 0;
  let pending: VoiceEvent[] = [];
  const s = createVoiceSession(engine, { onEvent: (e) => pending.push(e) });
  let busyMs = 0;
  for (; at < pcm.length; at += CHUNK) {
    const t0 = performance.now();
    s.write(pcm.subarray(at, at + CHUNK));
    const dt = performance.now() - t0;
    busyMs += dt;
    for (const e of pending) events.push({ e, at: Math.min(at + CHUNK, pcm.length), writeMs: dt });
    pending = [];
  }
  s.end();
  for (const e of pending) events.push({ e, at: pcm.length, writeMs: 0 });
  s.close();
  return { events, busyMs };
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
  let audioMs = 0;
  const misses: string[] = [];
  for (const v of VOICES) {
    let okV = 0;
    for (const c of COMMAND_SET) {
      const pcm = join([noise(300), synthesize(c.say, v), noise(300)]);
      const t = await engine.transcribe(pcm, 16000, { grammar });
      decodeMs += t.ms;
      audioMs += pcm.length / 16;
      const i = parseIntent(t.text, { source: 'voice' });
      const good = i.name === c.intent && (!c.to || i.to === c.to);
      n++;
      if (good) ok++, okV++;
      else misses.push(`${voiceName(v)}: "${c.say}" -> "${t.text}"`);
    }
    out[`commandAccuracy ${voiceName(v)}`] = Number((okV / COMMAND_SET.length).toFixed(3));
  }
  out.commandAccuracy = Number((ok / n).toFixed(3));
  out.rtfGrammar = Number((decodeMs / audioMs).toFixed(4));
  log(`command accuracy ${ok}/${n} (${(100 * ok / n).toFixed(1)} %), grammar RTF ${out.rtfGrammar}`);
  for (const m of misses) log(`  miss: ${m}`);

  // 2. Free-text (LM) RTF and translate requests (festival voice: espeak-ng is out of the LM's reach).
  let lmMs = 0;
  let lmAudio = 0;
  let tOk = 0;
  const fest: Voice = { engine: 'festival', stretch: 1 };
  for (const c of TRANSLATE_SET) {
    const pcm = synthesize(c.say, fest);
    const t = await engine.transcribe(pcm, 16000);
    lmMs += t.ms;
    lmAudio += pcm.length / 16;
    const i = parseIntent(t.text, { source: 'voice' });
    const good = i.name === 'translate_text' && i.to === c.to;
    if (good) tOk++;
    log(`  translate: "${c.say}" -> "${t.text}" ${good ? 'ok' : 'MISS'}`);
  }
  out.rtfFreeText = Number((lmMs / lmAudio).toFixed(4));
  out.translateIntentAccuracy = Number((tOk / TRANSLATE_SET.length).toFixed(3));
  log(`free-text RTF ${out.rtfFreeText}, translate intents ${tOk}/${TRANSLATE_SET.length}`);

  // 3. Wake word -> action latency: "mamba <command>" in a stream; latency = audio time from the end of
  //    speech to the chunk at which the command event fired + the processing time of that write.
  const latencies: number[] = [];
  let wakeHits = 0;
  let wakeTotal = 0;
  let sessionBusy = 0;
  let sessionAudio = 0;
  for (const v of VOICES.filter((x) => x.engine === 'festival')) {
    for (const c of COMMAND_SET) {
      const lead = noise(600, 30, 3);
      const speech = synthesize(`mamba ${c.say}`, v);
      const pcm = join([lead, speech, noise(1500, 30, 4)]);
      const speechEnd = lead.length + lastLoud(speech);
      const { events, busyMs } = stream(engine, pcm);
      sessionBusy += busyMs;
      sessionAudio += pcm.length / 16;
      wakeTotal++;
      if (events.some((x) => x.e.type === 'wake')) wakeHits++;
      const cmd = events.find((x) => x.e.type === 'command');
      if (cmd) latencies.push((cmd.at - speechEnd) / 16 + cmd.writeMs);
    }
  }
  latencies.sort((a, b) => a - b);
  out.wakeHitRate = Number((wakeHits / wakeTotal).toFixed(3));
  out.wakeToActionMsMedian = Math.round(latencies[Math.floor(latencies.length / 2)] ?? NaN);
  out.wakeToActionMsP90 = Math.round(latencies[Math.floor(latencies.length * 0.9)] ?? NaN);
  out.rtfVoiceSession = Number((sessionBusy / sessionAudio).toFixed(4));
  log(`wake hits ${wakeHits}/${wakeTotal}; wake -> action after speech ends: median ${out.wakeToActionMsMedian} ms, p90 ${out.wakeToActionMsP90} ms; session RTF ${out.rtfVoiceSession}`);

  // 4. False wakes on non-command audio: human recordings + ordinary sentences (all voices), one stream.
  const negatives = [...humanRecordings().map((h) => h.pcm), ...VOICES.flatMap((v) => NEGATIVE_SET.map((t) => synthesize(t, v)))];
  const negStream = join(negatives.flatMap((p, i) => [p, noise(700, 30, 10 + i)]));
  const { events: negEvents } = stream(engine, negStream);
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
    const pcm = synthesize(TRANSLATE_SET[0].say, fest);
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
