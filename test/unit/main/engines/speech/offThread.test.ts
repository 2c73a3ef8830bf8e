/**
 * Long decodes do not block the event loop (Electron's main process): PocketSphinx's free-text decode of
 * a 10 s WAV runs on koffi worker threads while a timer keeps ticking, and the voice session's free-text
 * pass leaves write() quick. Real engine on festival speech; the bounds are generous behaviour checks
 * (a blocked loop would show a gap as long as the decode), not speed goals — those are in the benchmark.
 */
import { createSpeechEngine, type SpeechEngine } from '../../../../../src/main/engines/speech';
import { readWav, writeWav } from '../../../../../src/main/platform/wav';
import { createVoiceSession, type VoiceEvent } from '../../../../../src/main/assistant/voice/voiceSession';
import { longestGap } from '../../../../fixtures/eventLoopGap';
import { join, NEGATIVE_SET, noise, synthesize, TRANSLATE_SET, type Voice } from '../../../../fixtures/speech/audio';

const festival: Voice = { engine: 'festival', stretch: 1 };
let engine: SpeechEngine;
beforeAll(async () => {
  engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
});
afterAll(() => engine?.close());

describe('speech: long decodes run off the calling thread', () => {
  test('free-text transcription of a 10 s WAV: the event loop keeps ticking', async () => {
    const sentences = [...TRANSLATE_SET.map((c) => c.say), ...NEGATIVE_SET].map((t) => synthesize(t, festival));
    const pcm = join(sentences.flatMap((p) => [p, noise(250)]));
    const wav = readWav(writeWav(pcm, 16000));
    expect(wav.pcm.length / 16000).toBeGreaterThan(9);
    const { result, gapMs, ms } = await longestGap(() => engine.transcribe(wav.pcm, wav.sampleRate));
    expect(result.text).toMatch(/good morning/); // it really decoded the speech
    expect(ms).toBeGreaterThan(300); // a decode long enough that blocking would show
    expect(gapMs).toBeLessThan(ms / 3);
  });

  test('voice session: write() returns at once while "translate …" is decoded with the language model', async () => {
    const events: VoiceEvent[] = [];
    const s = createVoiceSession(engine, { onEvent: (e) => events.push(e) });
    const pcm = join([noise(400), synthesize('mamba translate where is the train station to french', festival), noise(1200), synthesize('mamba stop', festival), noise(1200)]);
    let slowestWrite = 0;
    const { gapMs, ms } = await longestGap(async () => {
      for (let at = 0; at < pcm.length; at += 320) {
        const t0 = performance.now();
        s.write(pcm.subarray(at, at + 320));
        slowestWrite = Math.max(slowestWrite, performance.now() - t0);
        await new Promise((r) => setImmediate(r)); // one 20 ms chunk per turn of the loop, like a microphone
      }
      await s.end();
    });
    s.close();
    const summary = events.filter((e) => e.type !== 'partial').map((e) => (e.type === 'command' ? `command:${e.intent.name}:${e.intent.to ?? ''}` : e.type));
    // Audio that came during the decode was kept and processed in order.
    expect(summary).toEqual(['wake', 'command:translate_text:fr', 'wake', 'command:stop:']);
    expect(slowestWrite).toBeLessThan(100);
    // Relative to the whole run (which includes the language-model decode): a decode on this thread would
    // show up as one gap about as long as the run; scheduling noise on a loaded machine does not.
    expect(gapMs).toBeLessThan(ms / 3);
  });

  test('closing the engine during a decode neither crashes nor hangs', async () => {
    const e = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
    const pcm = join([synthesize(TRANSLATE_SET[1].say, festival), noise(200), synthesize(NEGATIVE_SET[2], festival)]);
    const pending = e.transcribe(pcm, 16000).then(
      (t) => ({ text: t.text }),
      (err: Error) => ({ error: err.message }),
    );
    await e.close();
    const r = await pending;
    expect('text' in r ? r.text.length : r.error).toBeTruthy();
    await expect(e.transcribe(pcm, 16000)).rejects.toThrow(/closed/);
  });
});
