/**
 * The voice session on a real stream (PocketSphinx): festival speech, quiet noise, and Debian's
 * pocketsphinx-testdata human recordings (real people, none saying "mamba") as negatives.
 */
import { createSpeechEngine, type SpeechEngine } from '../../../../../src/main/engines/speech';
import { createVoiceSession, type VoiceEvent } from '../../../../../src/main/assistant/voice/voiceSession';
import { humanRecordings, join, NEGATIVE_SET, noise, synthesize, type Voice } from '../../../../fixtures/speech/audio';

const v: Voice = { engine: 'festival', stretch: 1 };
let engine: SpeechEngine;
beforeAll(async () => {
  engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
});
afterAll(() => engine?.close());

/** Feed 20 ms chunks like the microphone; the events once all of it is processed. */
async function run(pcm: Int16Array, o: { commandTimeoutMs?: number } = {}) {
  const events: VoiceEvent[] = [];
  const s = createVoiceSession(engine, { ...o, onEvent: (e) => events.push(e) });
  for (let at = 0; at < pcm.length; at += 320) s.write(pcm.subarray(at, at + 320));
  await s.end();
  s.close();
  return events;
}

describe('voice session: wake word "Mamba" and commands', () => {
  test('wakes only where "mamba" was said, in a stream of human speech, sentences and noise', async () => {
    const human = humanRecordings();
    expect(human.length).toBeGreaterThanOrEqual(5);
    const parts = [noise(500), human[0].pcm, noise(600), synthesize('mamba read this', v), noise(1200), synthesize(NEGATIVE_SET[0], v), noise(600)];
    parts.push(human[1].pcm, noise(600), synthesize('mamba', v), noise(700), synthesize('what time is it', v), noise(1200));
    parts.push(synthesize(NEGATIVE_SET[3], v), noise(600), human[human.length - 1].pcm, noise(800));
    const ev = await run(join(parts));
    const summary = ev.filter((e) => e.type !== 'partial').map((e) => (e.type === 'command' ? `command:${e.intent.name}` : e.type));
    expect(summary).toEqual(['wake', 'command:read_this', 'wake', 'command:time']);
  });

  test('no false wakes on all the human recordings and ordinary sentences', async () => {
    const negatives = [...humanRecordings().map((h) => h.pcm), ...NEGATIVE_SET.map((t) => synthesize(t, v))];
    const ev = await run(join(negatives.flatMap((p, i) => [p, noise(600, 30, i + 2)])));
    expect(ev.filter((e) => e.type === 'wake')).toEqual([]);
  });

  test('free-text translation after the wake word goes through the language model', async () => {
    const ev = await run(join([noise(400), synthesize('mamba translate where is the train station to french', v), noise(1200)]));
    const cmd = ev.find((e) => e.type === 'command');
    expect(cmd && cmd.type === 'command' && cmd.intent).toMatchObject({ name: 'translate_text', to: 'fr' });
  });

  test('a language name the language model mishears ("to Italian" -> "to tell it") is taken from the grammar pass', async () => {
    const ev = await run(join([noise(400), synthesize('mamba translate good morning to italian', v), noise(1200)]));
    const cmd = ev.find((e) => e.type === 'command');
    expect(cmd && cmd.type === 'command' && cmd.intent).toMatchObject({ name: 'translate_text', to: 'it' });
    expect(cmd && cmd.type === 'command' && cmd.intent.text).toContain('good morning');
  });

  test('wake word then nothing: a timeout, then it listens again', async () => {
    const ev = await run(join([noise(300), synthesize('mamba', v), noise(3000), synthesize('mamba stop', v), noise(1000)]), { commandTimeoutMs: 2000 });
    const summary = ev.filter((e) => e.type !== 'partial').map((e) => (e.type === 'command' ? `command:${e.intent.name}` : e.type));
    expect(summary).toEqual(['wake', 'timeout', 'wake', 'command:stop']);
  });

  test('silence costs nothing: quiet room noise never reaches the recogniser', async () => {
    let fed = 0;
    // The real engine, counting the audio its command decode is given.
    const counting: SpeechEngine = {
      ...engine,
      scoreGrammar: (pcm, g) => {
        fed += pcm.length;
        if (!engine.scoreGrammar) throw new Error('PocketSphinx scores its grammar');
        return engine.scoreGrammar(pcm, g);
      },
    };
    const events: VoiceEvent[] = [];
    const s = createVoiceSession(counting, { onEvent: (e) => events.push(e) });
    const quiet = noise(30000, 30);
    for (let at = 0; at < quiet.length; at += 320) s.write(quiet.subarray(at, at + 320));
    expect(fed).toBe(0);
    const speech = synthesize('mamba stop', v);
    for (let at = 0; at < speech.length; at += 320) s.write(speech.subarray(at, at + 320));
    s.write(noise(1000));
    await s.end();
    s.close();
    expect(fed).toBeGreaterThan(speech.length / 2); // speech does get through
    expect(events.map((e) => e.type)).toContain('wake');
  });
});
