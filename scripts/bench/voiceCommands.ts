/**
 * Voice-command benchmark (issue 11): command accuracy per voice and room, on tuning voices and on
 * held-out voices (never looked at while tuning), through `mamba transcribe`'s decode
 * (transcribeSpoken -> decodeCommandUtterance, the voice session's path too); the plain engine
 * (pocketsphinx_continuous with the same phrases as a JSGF, wake word required) side by side;
 * false accepts per hour on non-command speech (every VAD utterance of the pocketsphinx-testdata human
 * recordings and ordinary sentences in several voices, decoded as the listening session does); and
 * wake -> action latency through the voice session.
 * Spanish commands (lang 'es', English acoustic model) by the espeak-ng Spanish voices are measured too.
 * Run: npm run bench -- voiceCommands [--quick]  or  npx tsx scripts/bench/voiceCommands.ts [--quick]
 *   (writes reports/bench-voiceCommands.json). --quick (or MAMBA_BENCH_QUICK=1): no reverb room, and
 *   the plain engine on clean and 10 dB only.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSpeechEngine, writeWav, type SpeechEngine } from '../../src/main/engines/speech';
import { speechSpans } from '../../src/main/engines/speech/vad';
import { toJsgf } from '../../src/main/engines/speech/grammar';
import { decodeCommandUtterance, transcribeSpoken } from '../../src/main/assistant/voice/commandUtterance';
import { createVoiceSession, type VoiceEvent } from '../../src/main/assistant/voice/voiceSession';
import { commandPhrases, parseIntent } from '../../src/main/assistant/voice/intentRouter';
import { humanRecordings, NEGATIVE_SET, type SpokenCommand } from '../../test/fixtures/speech/audio';
import {
  COMMAND_PHRASINGS,
  HELD_OUT_VOICES,
  inRoom,
  padded,
  NON_COMMAND_PASSAGE,
  ROOMS,
  sameWords,
  SPANISH_HELD_OUT_VOICES,
  SPANISH_PHRASINGS,
  SPANISH_TUNING_VOICES,
  speak,
  synthVoiceName,
  TUNING_VOICES,
  voiceAvailable,
  type Room,
  type SynthVoice,
} from '../../test/fixtures/speech/voices';
import { runStandalone } from '../benchStandalone';

type Figures = Record<string, number | string>;
const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)} %` : 'n/a');

/** The plain engine: pocketsphinx_continuous on a WAV with a JSGF of the same phrases ("mamba" first). */
function plainEngine(): ((pcm: Int16Array) => string) | null {
  try {
    execFileSync('pocketsphinx_continuous', ['-h'], { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-plain-'));
  const gram = path.join(dir, 'commands.gram');
  fs.writeFileSync(gram, toJsgf(commandPhrases('en'), { prefix: ['mamba'], prefixRequired: true }));
  const wav = path.join(dir, 'utt.wav');
  return (pcm) => {
    fs.writeFileSync(wav, writeWav(pcm, 16000));
    return execFileSync('pocketsphinx_continuous', ['-infile', wav, '-jsgf', gram, '-logfn', '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  };
}


/** One split (voices x rooms x phrasings): right readings (acted on or asked about), acted on right, wrong acts; per voice and room, per room. */
async function accuracy(
  engine: SpeechEngine,
  o: { voices: SynthVoice[]; rooms: Room[]; split: string; phrasings: (SpokenCommand & { text?: string })[]; lang: 'en' | 'es'; plainRooms: Room[] },
  out: Figures,
  log: (l: string) => void,
  plain: ReturnType<typeof plainEngine>,
) {
  const { split, phrasings, lang } = o;
  const right = (text: string, c: SpokenCommand) => {
    const i = parseIntent(text, { lang, source: 'cli', spoken: true });
    return i.name === c.intent && (!c.to || i.to === c.to);
  };
  // Free-text requests ("translate good morning to Spanish"): is the text itself right, and was a wrong text acted on?
  const textRight = (text: string, c: { text?: string }) => !!c.text && sameWords(parseIntent(text, { lang, source: 'cli', spoken: true }).text ?? '', c.text);
  const total = { n: 0, ok: 0, acted: 0, wrong: 0, n6: 0, ok6: 0, okPlain: 0, nPlain: 0 };
  for (const room of o.rooms) {
    const r0 = { n: 0, ok: 0, acted: 0, wrong: 0, okPlain: 0, nPlain: 0, nFree: 0, freeExact: 0, freeActedWrong: 0 };
    for (const v of o.voices) {
      let okV = 0;
      let actedV = 0;
      let okP = 0;
      let nP = 0;
      for (const [k, c] of phrasings.entries()) {
        const pcm = inRoom(padded(speak(c.say, v)), room);
        const r = await transcribeSpoken(engine, pcm, 16000, { lang });
        const good = r.decision !== 'reject' && right(r.transcript.text, c);
        r0.n++;
        if (good) {
          r0.ok++;
          okV++;
        }
        if (good && r.decision === 'act') {
          r0.acted++;
          actedV++;
        }
        if (c.text) {
          r0.nFree++;
          // Of the requests read as the right translation (the rest are counted above): the text itself.
          if (good && textRight(r.transcript.text, c)) r0.freeExact++;
          else if (good && r.decision === 'act') r0.freeActedWrong++;
        }
        if (!good && r.decision === 'act' && r.via !== 'lm') {
          r0.wrong++;
          log(`  WRONG ACT (${split}, ${synthVoiceName(v)}, ${room}): "${c.say}" -> "${r.transcript.text}" (${r.transcript.confidence?.toFixed(2) ?? '-'})`);
        } else if (!good) log(`  miss (${split}, ${synthVoiceName(v)}, ${room}): "${c.say}" -> ${r.decision} "${r.transcript.text}" (${r.transcript.confidence?.toFixed(2) ?? '-'})`);
        const acceptance = lang === 'en' && k < 6; // the six commands of the acceptance set
        if (acceptance) {
          total.n6++;
          if (good) total.ok6++;
        }
        if (plain && acceptance && o.plainRooms.includes(room)) {
          nP++;
          if (right(plain(pcm), c)) okP++;
        }
      }
      r0.okPlain += okP;
      r0.nPlain += nP;
      const line = `${okV}/${phrasings.length} right, ${actedV} acted on${nP ? `; plain engine ${okP}/${nP} of the 6 acceptance commands` : ''}`;
      out[`${split} ${synthVoiceName(v)} ${room}`] = line;
      log(`${split} ${synthVoiceName(v).padEnd(32)} ${room.padEnd(6)} ${line}`);
    }
    out[`${split} ${room} commandAccuracy`] = Number((r0.ok / r0.n).toFixed(3));
    out[`${split} ${room} actedRight`] = Number((r0.acted / r0.n).toFixed(3));
    out[`${split} ${room} wrongActs`] = r0.wrong;
    if (r0.nPlain) out[`${split} ${room} plainEngineAcceptance`] = `${r0.okPlain}/${r0.nPlain}`;
    if (r0.nFree) {
      out[`${split} ${room} freeTextExact`] = `${r0.freeExact}/${r0.nFree}`;
      out[`${split} ${room} freeTextWrongActedOn`] = r0.freeActedWrong;
    }
    log(`${split} ${room}: ${r0.ok}/${r0.n} right (${pct(r0.ok, r0.n)}), ${r0.acted} acted on right (${pct(r0.acted, r0.n)}), ${r0.wrong} wrong acts${r0.nPlain ? `; plain engine ${r0.okPlain}/${r0.nPlain} (6 acceptance commands)` : ''}${r0.nFree ? `; free text word for word ${r0.freeExact}/${r0.nFree}, a wrong text acted on ${r0.freeActedWrong}` : ''}`);
    total.n += r0.n;
    total.ok += r0.ok;
    total.acted += r0.acted;
    total.wrong += r0.wrong;
    total.okPlain += r0.okPlain;
    total.nPlain += r0.nPlain;
  }
  out[`${split} commandAccuracy`] = Number((total.ok / total.n).toFixed(3));
  out[`${split} actedWithoutAsking`] = Number((total.acted / total.n).toFixed(3));
  out[`${split} wrongCommandsActedOn`] = total.wrong;
  if (total.n6) out[`${split} acceptanceCommands`] = `${total.ok6}/${total.n6}`;
  if (total.nPlain) out[`${split} plainEngineAcceptanceCommands`] = `${total.okPlain}/${total.nPlain}`;
  log(`${split}: ${total.ok}/${total.n} commands right (${pct(total.ok, total.n)}), ${pct(total.acted, total.n)} acted on without asking, ${total.wrong} wrong commands acted on${total.n6 ? `; the 6 acceptance commands ${total.ok6}/${total.n6}` : ''}${total.nPlain ? `, plain engine ${total.okPlain}/${total.nPlain}` : ''}`);
}

/** Human recordings and ordinary sentences, cut into utterances as the VAD gate would, decoded as the listening session does. */
export async function falseAccepts(engine: SpeechEngine, out: Figures, log: (l: string) => void) {
  const utts: { name: string; pcm: Int16Array }[] = [];
  for (const h of humanRecordings()) for (const [a, b] of speechSpans(h.pcm, 16000)) utts.push({ name: h.name, pcm: h.pcm.slice(Math.max(0, a - 4000), b + 4000) });
  for (const v of [...TUNING_VOICES, ...HELD_OUT_VOICES].filter(voiceAvailable)) for (const t of NEGATIVE_SET) utts.push({ name: `${synthVoiceName(v)}: ${t}`, pcm: padded(speak(t, v)) });
  // Long ordinary speech, cut as the VAD gate cuts it.
  for (const v of [TUNING_VOICES[0], TUNING_VOICES[4], HELD_OUT_VOICES[0], HELD_OUT_VOICES[3]].filter(voiceAvailable)) {
    const pcm = padded(speak(NON_COMMAND_PASSAGE, v));
    for (const [a, b] of speechSpans(pcm, 16000)) utts.push({ name: `${synthVoiceName(v)}: passage`, pcm: pcm.slice(Math.max(0, a - 4000), b + 4000) });
  }
  let seconds = 0;
  let wakes = 0;
  let commands = 0;
  for (const u of utts) {
    seconds += u.pcm.length / 16000;
    const r = await decodeCommandUtterance(engine, u.pcm, 16000, { wake: 'required' });
    if (r.wake) wakes++;
    if (r.wake && !r.wakeOnly && r.decision !== 'reject') commands++;
    if (r.wake) log(`  false wake: ${u.name} -> ${r.decision} "${r.transcript.text}" (${r.transcript.confidence?.toFixed(2)})`);
  }
  out.negativeAudioMinutes = Number((seconds / 60).toFixed(2));
  out.falseWakesPerHour = Number(((wakes * 3600) / seconds).toFixed(1));
  out.falseCommandsPerHour = Number(((commands * 3600) / seconds).toFixed(1));
  log(`false accepts on ${(seconds / 60).toFixed(1)} min of non-command speech (${utts.length} utterances): ${wakes} wakes (${out.falseWakesPerHour}/h), ${commands} commands (${out.falseCommandsPerHour}/h)`);
}

/** "mamba <command>" in a 20 ms-chunk stream: audio time from the end of speech to the command event + the processing time. */
async function latency(engine: SpeechEngine, out: Figures, log: (l: string) => void) {
  const ms: number[] = [];
  for (const v of TUNING_VOICES.slice(0, 3)) {
    for (const c of COMMAND_PHRASINGS.slice(0, 6)) {
      const speech = speak(c.say, v);
      const lead = new Int16Array(9600);
      const pcm = padded(Int16Array.from([...lead, ...speech]), 1500);
      const speechEnd = 24000 + speech.length;
      let fired: number | null = null;
      let at = 0;
      const s = createVoiceSession(engine, { onEvent: (e: VoiceEvent) => void (e.type === 'command' && fired === null && (fired = at)) });
      for (; at < pcm.length; at += 320) {
        const t0 = performance.now();
        s.write(pcm.subarray(at, at + 320));
        await s.settled();
        if (fired !== null) {
          ms.push(((at + 320 - speechEnd) / 16) + (performance.now() - t0));
          break;
        }
      }
      await s.end();
      s.close();
    }
  }
  ms.sort((a, b) => a - b);
  out.wakeToActionMsMedian = Math.round(ms[Math.floor(ms.length / 2)] ?? NaN);
  out.wakeToActionMsP90 = Math.round(ms[Math.floor(ms.length * 0.9)] ?? NaN);
  log(`wake -> action after speech ends (${ms.length} commands; wall time on a shared machine, noisy): median ${out.wakeToActionMsMedian} ms, p90 ${out.wakeToActionMsP90} ms`);
}

export async function runBench(log: (line: string) => void): Promise<Figures> {
  const out: Figures = {};
  const quick = !!process.env.MAMBA_BENCH_QUICK || process.argv.includes('--quick');
  out.grid = quick ? 'quick (clean, 20 dB, 10 dB; plain engine on clean and 10 dB)' : 'full (clean, 20 dB, 10 dB, reverb)';
  const engine = await createSpeechEngine({ engine: 'pocketsphinx', log });
  const plain = plainEngine();
  if (!plain) log('pocketsphinx_continuous not installed (apt install pocketsphinx): no plain-engine figures');
  const rooms: Room[] = quick ? ['clean', 'snr20', 'snr10'] : ROOMS;
  const plainRooms: Room[] = quick ? ['clean', 'snr10'] : ROOMS;
  const splits = (process.env.MAMBA_BENCH_SPLIT ?? 'tuning,held-out,es-tuning,es-held-out').split(',');
  const sets = [
    ['tuning', TUNING_VOICES, COMMAND_PHRASINGS, 'en'],
    ['held-out', HELD_OUT_VOICES, COMMAND_PHRASINGS, 'en'],
    ['es-tuning', SPANISH_TUNING_VOICES, SPANISH_PHRASINGS, 'es'],
    ['es-held-out', SPANISH_HELD_OUT_VOICES, SPANISH_PHRASINGS, 'es'],
  ] as const;
  for (const [split, voices, phrasings, lang] of sets) {
    if (!splits.includes(split)) continue;
    const have = voices.filter(voiceAvailable);
    for (const v of voices.filter((x) => !have.includes(x))) log(`${split}: voice ${synthVoiceName(v)} not installed (scripts/setup.sh installs flite and the festival voices)`);
    await accuracy(engine, { voices: have, rooms: lang === 'es' ? rooms.filter((r) => r !== 'reverb') : rooms, split, phrasings, lang, plainRooms }, out, log, lang === 'en' ? plain : null);
  }
  if (!process.env.MAMBA_BENCH_NO_NEG) await falseAccepts(engine, out, log);
  await latency(engine, out, log);
  await engine.close();
  return out;
}

if (require.main === module) runStandalone('voiceCommands', runBench);
