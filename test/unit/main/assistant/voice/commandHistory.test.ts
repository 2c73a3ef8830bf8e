/**
 * A command's reading depends on its audio alone, not on what the engine decoded before (issue 11):
 * the real PocketSphinx engine, speech made at test time by espeak-ng, festival and flite, pink noise
 * from sox. Before each decode was given its own noise estimate (`ownNoise`), PocketSphinx's front-end
 * noise estimate ran on from the previous utterance: the first decode on an engine and the same audio
 * decoded later gave different confidences (espeak-ng's "mamba read this": 0.88 vs 0.98) and, at 20 dB,
 * different readings (docs/voice.md, "No dependence on history").
 */
import { createSpeechEngine, type SpeechEngine } from '../../../../../src/main/engines/speech';
import { speechPart } from '../../../../../src/main/engines/speech/transcribeBuffer';
import { decodeCommandUtterance, type CommandReading } from '../../../../../src/main/assistant/voice/commandUtterance';
import { commandPhrases, WAKE_WORDS } from '../../../../../src/main/assistant/voice/intentRouter';
import { inRoom, padded, speak, TUNING_VOICES, type Room } from '../../../../fixtures/speech/voices';

let engine: SpeechEngine;
beforeAll(async () => {
  engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
});
afterAll(() => engine?.close());

const [kal, ked, kal16, awb, espeakUs, espeakGb] = TUNING_VOICES;
const utterance = (say: string, v: (typeof TUNING_VOICES)[number], room: Room) => inRoom(padded(speak(say, v)), room);

/** Everything the decode path and the engine say about the audio (wall times left out). */
async function everything(pcm: Int16Array) {
  const r: CommandReading = await decodeCommandUtterance(engine, pcm, 16000, { wake: 'optional' });
  const scored = await engine.scoreGrammar?.(speechPart(pcm, 16000) as Int16Array, { phrases: commandPhrases('en'), prefix: WAKE_WORDS.en, prefixRequired: false });
  const lm = await engine.transcribe(pcm, 16000);
  return { reading: { ...r, transcript: { ...r.transcript, ms: 0 } }, scored, lm: lm.text };
}

describe('a command decode depends on its audio alone', () => {
  test('the same WAVs decoded first on a fresh engine and again after other voices, clean and noisy: identical texts, decisions, confidences and margins', async () => {
    const targets = [utterance('mamba read this', espeakUs, 'clean'), utterance('mamba translate what I wrote to French', kal, 'snr20')];
    const first = [];
    for (const t of targets) first.push(await everything(t));
    expect(first[0].reading).toMatchObject({ decision: 'act', transcript: expect.objectContaining({ text: 'read this' }) });
    const histories = [
      [utterance('mamba stop', kal16, 'snr10'), utterance('I went to the market this morning to buy bread', espeakGb, 'clean')],
      [utterance('mamba thank you', awb, 'snr10'), utterance('mamba say that again', ked, 'clean'), utterance('mamba read what I wrote', awb, 'snr20')],
    ];
    for (const history of histories) {
      for (const h of history) await decodeCommandUtterance(engine, h, 16000, { wake: 'optional' });
      for (const [i, t] of targets.entries()) expect(await everything(t)).toEqual(first[i]);
    }
  }, 120_000);
});
