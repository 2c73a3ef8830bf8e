/**
 * The command flow (src/main/assistant/flows/commandFlow.ts) with the real espeak-ng: a typed
 * command is answered, spoken and logged with its timing; "repeat" repeats the last reply.
 */
import type { Assistant } from '../../../../../src/main/assistant/assistant';
import type { HandlerTable } from '../../../../../src/main/runtime/handlerTable';
import { AssistantHarness, startAssistant, testCallContext as ctx } from '../../../../fixtures/assistantHarness';

let assistant: Assistant;
let h: HandlerTable;
let eventsOf: AssistantHarness['eventsOf'];
let logged: AssistantHarness['logged'];
let created: string[];

beforeAll(async () => {
  ({ assistant, h, eventsOf, logged, created } = await startAssistant('mamba-commandflow-'));
});
afterAll(() => assistant.close());

describe('command flow (real engines)', () => {
  test('typed "what time is it" speaks the time; "repeat" repeats it; only tts is created', async () => {
    const reply = await h['assistant.command']({ text: 'what time is it' }, ctx);
    expect(reply.intent.name).toBe('time');
    expect(reply.say).toMatch(/^It's \d{1,2}:\d\d (AM|PM)\.$/);
    expect(reply.speech?.wavBase64.length).toBeGreaterThan(1000);
    expect(Buffer.from(reply.speech?.wavBase64 ?? '', 'base64').subarray(0, 4).toString()).toBe('RIFF');
    expect(created).toEqual(['tts']);
    const again = await h['assistant.command']({ text: 'repeat that' }, ctx);
    expect(again.intent.name).toBe('repeat');
    expect(again.say).toBe(reply.say);
    const kinds = logged().map((e) => `${e.role}:${e.kind}`);
    expect(kinds).toEqual(['user:command', 'mamba:spoken', 'user:command', 'mamba:spoken']);
    expect(logged()[1].ms).toBeGreaterThan(0);
    const tts = eventsOf('engine.status').filter((s) => s.engine === 'tts').map((s) => s.state);
    expect(tts[0]).toBe('loading');
    expect(tts[tts.length - 1]).toBe('ready');
  });
});
