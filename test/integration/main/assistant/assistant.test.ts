/**
 * The assistant (src/main/assistant/assistant.ts) with the real engines: engines created lazily,
 * settings persisted and broadcast, OS-only channels refused in browser mode. Each flow has its own
 * test beside its path (flows/, voice/); engine status and failures are in runtime/engineManager.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Assistant } from '../../../../src/main/assistant/assistant';
import type { HandlerTable } from '../../../../src/main/runtime/handlerTable';
import { AssistantHarness, startAssistant, testCallContext as ctx } from '../../../fixtures/assistantHarness';

let dir: string;
let assistant: Assistant;
let h: HandlerTable;
let eventsOf: AssistantHarness['eventsOf'];
let created: string[];

beforeAll(async () => {
  ({ dir, assistant, h, eventsOf, created } = await startAssistant('mamba-assistant-'));
});
afterAll(() => assistant.close());

describe('assistant orchestrator (real engines)', () => {
  test('starts with every engine idle and none created', async () => {
    expect(created).toEqual([]);
    expect((await h['engines.status']({}, ctx)).map((s) => s.state)).toEqual(['idle', 'idle', 'idle', 'idle', 'idle']);
  });

  test('settings changes persist, reset the affected engine and are broadcast', async () => {
    const s = await h['settings.set']({ engines: { tts: 'espeak-ng' }, theme: 'light' }, ctx);
    expect(s.theme).toBe('light');
    expect((await h['engines.status']({}, ctx)).find((x) => x.engine === 'tts')?.state).toBe('idle');
    expect(eventsOf('settings.changed').pop()?.engines.tts).toBe('espeak-ng');
    const file = JSON.parse(await fs.readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(file.engines.tts).toBe('espeak-ng');
  });

  test('OS-only channels say clearly that they need the desktop app in browser mode', async () => {
    await expect(h['capture.clipboard']({}, ctx)).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE', fix: expect.stringMatching(/desktop app/) });
    const info = await h['app.info']({}, ctx);
    expect(info).toMatchObject({ transport: 'websocket', shortcut: { registered: false } });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
