/**
 * Ordinary speech must not wake Mamba: a long passage of everyday prose read by festival (made at test
 * time), cut into utterances as the VAD gate cuts it, decoded as the listening session does (real
 * PocketSphinx). One of its sentences held a "mamba say that again" with seconds of speech around it
 * that no word of the reading covered (docs/voice.md, "Listening").
 */
import { createSpeechEngine, type SpeechEngine } from '../../../../../src/main/engines/speech';
import { speechSpans } from '../../../../../src/main/engines/speech/vad';
import { decodeCommandUtterance } from '../../../../../src/main/assistant/voice/commandUtterance';
import { NON_COMMAND_PASSAGE, padded, speak, TUNING_VOICES } from '../../../../fixtures/speech/voices';

let engine: SpeechEngine;
beforeAll(async () => {
  engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
});
afterAll(() => engine?.close());

test('a passage of everyday prose (festival kal_diphone) wakes Mamba in none of its utterances', async () => {
  const pcm = padded(speak(NON_COMMAND_PASSAGE, TUNING_VOICES[0]));
  const woke: string[] = [];
  const spans = speechSpans(pcm, 16000);
  expect(spans.length).toBeGreaterThan(5);
  for (const [a, b] of spans) {
    const r = await decodeCommandUtterance(engine, pcm.slice(Math.max(0, a - 4000), b + 4000), 16000, { wake: 'required' });
    if (r.wake) woke.push(`${(a / 16000).toFixed(1)} s: ${r.decision} "${r.transcript.text}"`);
  }
  expect(woke).toEqual([]);
}, 120_000);

test('the same words said to Mamba still wake it: "mamba say that again" by the same voice', async () => {
  const r = await decodeCommandUtterance(engine, padded(speak('mamba, say that again', TUNING_VOICES[0])), 16000, { wake: 'required' });
  expect(r).toMatchObject({ wake: true, decision: 'act', transcript: expect.objectContaining({ text: 'say that again' }) });
}, 60_000);
