/**
 * Voice-command benchmark (issue 11): command accuracy per voice and room, on tuning voices and on
 * held-out voices (never looked at while tuning), through `mamba transcribe`'s decode
 * (transcribeSpoken -> decodeCommandUtterance, the voice session's path too); the plain engine
 * (pocketsphinx_continuous with the same phrases as a JSGF, wake word required) side by side;
 * false accepts per hour on non-command speech (every VAD utterance of the pocketsphinx-testdata human
 * recordings and ordinary sentences in several voices, decoded as the listening session does); and
 * wake -> action latency through the voice session.
 * Run: npx tsx scripts/bench/voiceCommands.ts  (writes reports/bench-voiceCommands.json)
 *   MAMBA_BENCH_QUICK=1: clean + 10 dB only, no plain engine.
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
import { humanRecordings, NEGATIVE_SET } from '../../test/fixtures/speech/audio';
import {
  COMMAND_PHRASINGS,
  HELD_OUT_VOICES,
  inRoom,
  padded,
  ROOMS,
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

const rightIntent = (text: string, c: (typeof COMMAND_PHRASINGS)[number]) => {
  const i = parseIntent(text, { source: 'cli', spoken: true });
  return i.name === c.intent && (!c.to || i.to === c.to);
};

async function accuracy(engine: SpeechEngine, voices: SynthVoice[], rooms: Room[], split: string, out: Figures, log: (l: string) => void, plain: ReturnType<typeof plainEngine>) {
  let ok = 0;
  let acted = 0;
  let wrongActs = 0;
  let n = 0;
  let okPlain = 0;
  let nPlain = 0;
  let ok6 = 0;
  let ok6Plain = 0;
  let n6 = 0;
  for (const v of voices) {
    for (const room of rooms) {
      let okV = 0;
      let okP = 0;
      let nP = 0;
      for (const [k, c] of COMMAND_PHRASINGS.entries()) {
        const pcm = inRoom(padded(speak(c.say, v)), room);
        const r = await transcribeSpoken(engine, pcm, 16000);
        const good = r.decision !== 'reject' && rightIntent(r.transcript.text, c);
        n++;
        if (good) {
          ok++;
          okV++;
        }
        if (good && r.decision === 'act') acted++;
        if (!good && r.decision === 'act' && r.via !== 'lm') wrongActs++;
        if (!good) log(`  miss (${split}, ${synthVoiceName(v)}, ${room}): "${c.say}" -> ${r.decision} "${r.transcript.text}" (${r.transcript.confidence?.toFixed(2) ?? '-'})`);
        const acceptance = k < 6; // the six commands of the acceptance set
        if (acceptance) {
          n6++;
          if (good) ok6++;
        }
        if (plain && acceptance) {
          const p = rightIntent(plain(pcm), c);
          nP++;
          nPlain++;
          if (p) {
            okP++;
            okPlain++;
            ok6Plain++;
          }
        }
      }
      out[`${split} ${synthVoiceName(v)} ${room}`] = `${okV}/${COMMAND_PHRASINGS.length}${plain ? `; plain ${okP}/${nP}` : ''}`;
      log(`${split} ${synthVoiceName(v).padEnd(32)} ${room.padEnd(6)} ${okV}/${COMMAND_PHRASINGS.length}${plain ? `   plain engine (6 acceptance commands) ${okP}/${nP}` : ''}`);
    }
  }
  out[`${split} commandAccuracy`] = Number((ok / n).toFixed(3));
  out[`${split} actedWithoutAsking`] = Number((acted / n).toFixed(3));
  out[`${split} wrongCommandsActedOn`] = wrongActs;
  out[`${split} acceptanceCommands`] = `${ok6}/${n6}`;
  if (plain) out[`${split} plainEngineAcceptanceCommands`] = `${ok6Plain}/${n6}`;
  log(`${split}: ${ok}/${n} commands right (${pct(ok, n)}), ${pct(acted, n)} acted on without asking, ${wrongActs} wrong commands acted on; the 6 acceptance commands ${ok6}/${n6}${plain ? `, plain engine ${okPlain}/${nPlain}` : ''}`);
}

/** Human recordings and ordinary sentences, cut into utterances as the VAD gate would, decoded as the listening session does. */
async function falseAccepts(engine: SpeechEngine, out: Figures, log: (l: string) => void) {
  const utts: { name: string; pcm: Int16Array }[] = [];
  for (const h of humanRecordings()) for (const [a, b] of speechSpans(h.pcm, 16000)) utts.push({ name: h.name, pcm: h.pcm.slice(Math.max(0, a - 4000), b + 4000) });
  for (const v of [...TUNING_VOICES, ...HELD_OUT_VOICES].filter(voiceAvailable)) for (const t of NEGATIVE_SET) utts.push({ name: `${synthVoiceName(v)}: ${t}`, pcm: padded(speak(t, v)) });
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
  const quick = !!process.env.MAMBA_BENCH_QUICK;
  const engine = await createSpeechEngine({ engine: 'pocketsphinx', log });
  const plain = quick ? null : plainEngine();
  if (!plain && !quick) log('pocketsphinx_continuous not installed (apt install pocketsphinx): no plain-engine figures');
  const rooms: Room[] = quick ? ['clean', 'snr10'] : ROOMS;
  const splits = (process.env.MAMBA_BENCH_SPLIT ?? 'tuning,held-out').split(',');
  for (const [split, voices] of [['tuning', TUNING_VOICES], ['held-out', HELD_OUT_VOICES]] as const) {
    if (!splits.includes(split)) continue;
    const have = voices.filter(voiceAvailable);
    for (const v of voices.filter((x) => !have.includes(x))) log(`${split}: voice ${synthVoiceName(v)} not installed (scripts/setup.sh installs flite and the festival voices)`);
    await accuracy(engine, have, rooms, split, out, log, plain);
  }
  if (!process.env.MAMBA_BENCH_NO_NEG) await falseAccepts(engine, out, log);
  if (!quick) await latency(engine, out, log);
  await engine.close();
  return out;
}

if (require.main === module) runStandalone('voiceCommands', runBench);
