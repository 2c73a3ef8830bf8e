/**
 * Voice sessions (src/main/assistant/voice/voiceSession.ts) with the real PocketSphinx and espeak-ng:
 * 16 kHz PCM chunks in, wake word, command, spoken reply out, logged.
 */
import type { Assistant } from '../../../../../src/main/assistant/assistant';
import type { HandlerTable } from '../../../../../src/main/runtime/handlerTable';
import { festivalAvailable, join, noise, synthesize } from '../../../../fixtures/speech/audio';
import { testIf } from '../../../../fixtures/skips';
import { AssistantHarness, startAssistant, testCallContext as ctx } from '../../../../fixtures/assistantHarness';

let assistant: Assistant;
let h: HandlerTable;
let eventsOf: AssistantHarness['eventsOf'];
let logged: AssistantHarness['logged'];

beforeAll(async () => {
  ({ assistant, h, eventsOf, logged } = await startAssistant('mamba-voicesession-'));
});
afterAll(() => assistant.close());

describe('voice session (real engines)', () => {
  const withFestival = testIf(festivalAvailable(), "needs Festival's text2wave (Debian: festival festvox-kallpc16k) to synthesise the voice");
  withFestival('voice: "mamba, what time is it" as 16 kHz PCM chunks -> wake, command, spoken reply', async () => {
    const pcm = join([noise(400), synthesize('mamba', { engine: 'festival', stretch: 1 }), noise(300), synthesize('what time is it', { engine: 'festival', stretch: 1 }), noise(1500)]);
    await h['voice.start']({ lang: 'en' }, ctx);
    for (let i = 0; i < pcm.length; i += 3200) {
      const chunk = pcm.subarray(i, i + 3200);
      const b64 = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64');
      expect((await h['voice.audio']({ pcmBase64: b64 }, ctx)).accepted).toBe(chunk.length);
    }
    expect(await h['voice.stop']({}, ctx)).toEqual({ stopped: true });
    for (let i = 0; i < 100 && eventsOf('assistant.reply').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(eventsOf('voice.wake').length).toBeGreaterThan(0);
    expect(eventsOf('voice.command')[0]).toMatchObject({ intent: { name: 'time' } });
    expect(eventsOf('assistant.reply')[0]?.say).toMatch(/^It's /);
    expect(logged().some((e) => e.kind === 'transcript' && e.meta?.intent === 'time')).toBe(true);
    await expect(h['voice.audio']({ pcmBase64: 'AAAA' }, ctx)).rejects.toMatchObject({ code: 'BAD_INPUT' }); // session stopped
  });
});
