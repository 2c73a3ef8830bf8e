/**
 * Does a command decode depend on what the engine decoded before? (issue 11, docs/voice.md "No
 * dependence on history".) Each target utterance is decoded through decodeCommandUtterance on a fresh
 * PocketSphinx engine, then on one engine after a history of other utterances (other voices, clean and
 * under pink noise, commands and a sentence), then again after more history; the grammar's scored
 * reading (text, margin) and the LM's plain transcript are compared too. Prints SAME/DIFF per target.
 * Run: npx tsx scripts/tuning/voiceDecodeHistory.ts   (DARGS='-remove_noise no' tries decoder options)
 * Not in scripts/bench: `npm run bench` runs every file there as a bench area.
 */
import { createPocketSphinx } from '../../src/main/engines/speech/pocketsphinx';
import type { SpeechEngine } from '../../src/main/engines/speech/types';
import { commandPhrases, WAKE_WORDS } from '../../src/main/assistant/voice/intentRouter';
import { decodeCommandUtterance } from '../../src/main/assistant/voice/commandUtterance';
import { speechPart } from '../../src/main/engines/speech/transcribeBuffer';
import { inRoom, padded, speak, synthVoiceName, TUNING_VOICES, type Room, type SynthVoice } from '../../test/fixtures/speech/voices';

type Utt = { say: string; v: SynthVoice; room: Room };
const T = TUNING_VOICES;
const TARGETS: Utt[] = [
  { say: 'mamba translate what I wrote to French', v: T[0], room: 'snr20' },
  { say: 'mamba what time is it', v: T[3], room: 'snr10' },
  { say: 'mamba read this', v: T[4], room: 'clean' },
  { say: 'mamba translate good morning to Spanish', v: T[1], room: 'snr10' },
];
const HISTORY: Utt[] = [
  { say: 'mamba stop', v: T[2], room: 'snr10' },
  { say: 'I went to the market this morning to buy bread', v: T[5], room: 'clean' },
  { say: 'mamba read what I wrote', v: T[3], room: 'snr20' },
  { say: 'mamba thank you', v: T[4], room: 'snr10' },
  { say: 'mamba say that again', v: T[1], room: 'clean' },
];
const pcmOf = (u: Utt) => inRoom(padded(speak(u.say, u.v)), u.room);

async function reading(eng: SpeechEngine, pcm: Int16Array): Promise<string> {
  const r = await decodeCommandUtterance(eng, pcm, 16000, { wake: 'optional' });
  const s = await eng.scoreGrammar?.(speechPart(pcm, 16000) as Int16Array, { phrases: commandPhrases('en'), prefix: WAKE_WORDS.en, prefixRequired: false });
  const lm = await eng.transcribe(pcm, 16000);
  return `"${r.transcript.text}" ${r.decision} conf=${r.transcript.confidence?.toFixed(4)} | grammar "${s?.text}" margin=${s?.margin.toFixed(4)} | lm "${lm.text}"`;
}

async function main() {
  const decoderArgs = process.env.DARGS?.split(' ');
  const fresh: string[] = [];
  for (const t of TARGETS) {
    const eng = await createPocketSphinx({ decoderArgs });
    fresh.push(await reading(eng, pcmOf(t)));
    await eng.close();
  }
  const eng = await createPocketSphinx({ decoderArgs });
  let diffs = 0;
  for (let round = 1; round <= 2; round++) {
    for (const h of HISTORY) await decodeCommandUtterance(eng, pcmOf(h), 16000, { wake: 'optional' });
    for (const [i, t] of TARGETS.entries()) {
      const after = await reading(eng, pcmOf(t));
      const same = after === fresh[i];
      if (!same) diffs++;
      console.log(`${same ? 'SAME' : 'DIFF'} round ${round} ${synthVoiceName(t.v)} ${t.room} "${t.say}"`);
      console.log(`   fresh: ${fresh[i]}`);
      if (!same) console.log(`   after: ${after}`);
    }
  }
  console.log(`${diffs} of ${TARGETS.length * 2} readings differ from a fresh engine's`);
  await eng.close();
}
void main();
