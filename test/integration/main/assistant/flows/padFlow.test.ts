/**
 * The pad's flow with the real handwriting engine: live recognition logs nothing (it runs after
 * every stroke), a commit logs exactly one entry with what the engine read, and "read what I wrote"
 * reads the committed line. Payloads go through the transport's dispatch, so validation is real.
 */
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assistant } from '../../../../../src/main/assistant/assistant';
import { dispatch, type CallContext } from '../../../../../src/main/runtime/handlerTable';
import type { PadRecognition } from '../../../../../src/shared/contract';
import type { Drawing, LogEntry } from '../../../../../src/shared/types';
import { loadLetterPaths, samplePath } from '../../../../fixtures/handwriting/penPaths';
import { REPO_ROOT } from '../../../../fixtures/repoRoot';

const LETTERS = loadLetterPaths(path.join(REPO_ROOT, 'test', 'fixtures', 'e2e', 'letters.json'));
const ctx: CallContext = { transport: 'websocket', clientId: 'pad-test' };

/** Capitals from the hand-authored pen paths, as the pad sends them (CSS px, t in ms). */
function written(word: string, strokes?: number): Drawing {
  const out: [number, number, number][][] = [];
  let x = 40;
  let t = 0;
  for (const c of word) {
    for (const s of LETTERS[c]) out.push(samplePath(s, 3 / 120).map(([ux, uy]) => [x + ux * 120, 30 + uy * 120, (t += 8)]));
    x += 126;
  }
  return { strokes: out.slice(0, strokes ?? out.length) };
}

let dir: string;
let assistant: Assistant;
const logged: LogEntry[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-padflow-'));
  assistant = await Assistant.create({ userDataDir: dir, transport: 'websocket' });
  assistant.events.subscribe((event, payload) => event === 'log.appended' && logged.push(payload as LogEntry));
});
afterAll(async () => {
  await assistant.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(assistant.handlers(), channel, payload, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as T;
}

test('live recognition after every stroke logs nothing and offers the reading first among the candidates', async () => {
  const total = written('CAT').strokes.length;
  let last: PadRecognition | undefined;
  for (let n = 1; n <= total; n++) {
    last = await call<PadRecognition>('handwriting.recognize', { drawing: written('CAT', n), model: 'letters', lang: 'en' });
    if (last.text.trim()) expect(last.candidates[0]).toBe(last.text);
  }
  expect(last?.text).toBe('CAT');
  expect(logged).toEqual([]);
});

test('a commit logs exactly one entry, with what was read; "read what I wrote" reads the line', async () => {
  const r = await call<PadRecognition>('handwriting.recognize', { drawing: written('CAT'), model: 'letters' });
  const res = await call<{ entryId: string }>('handwriting.commit', { text: 'cat', recognitionId: r.recognitionId, lang: 'en', via: 'candidate', line: 'the cat' });
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ id: res.entryId, role: 'user', kind: 'drawing', text: 'cat', lang: 'en' });
  expect(logged[0].meta).toMatchObject({ via: 'candidate', read: 'CAT', model: 'letters', strokes: written('CAT').strokes.length });
  const reply = await call<{ say: string }>('assistant.command', { text: 'read what I wrote' });
  expect(reply.say).toBe('the cat');
});

test('a commit without a known recognition is still logged; a blank or oversized one is refused and logs nothing', async () => {
  const before = logged.length;
  await call('handwriting.commit', { text: 'hola', recognitionId: 'gone-12345678' });
  expect(logged.length).toBe(before + 1);
  expect(logged[logged.length - 1].meta?.read).toBeUndefined();
  // (read what I wrote also logged a command and a spoken reply above; count from here)
  const n = logged.length;
  await expect(call('handwriting.commit', { text: '   ' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  await expect(call('handwriting.commit', { text: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  await expect(call('handwriting.commit', { text: 'cat', via: 'telepathy' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  expect(logged.length).toBe(n);
});

test('the pad settings persist and are checked', async () => {
  const s = await call<{ pad?: { commitPauseMs: number; onCommit: string } }>('settings.set', { pad: { onCommit: 'translate-speak' } });
  expect(s.pad).toEqual({ commitPauseMs: 1500, onCommit: 'translate-speak' });
  await expect(call('settings.set', { pad: { commitPauseMs: 100 } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  expect((await call<{ pad?: { commitPauseMs: number } }>('settings.set', { pad: { commitPauseMs: 0 } })).pad?.commitPauseMs).toBe(0);
});
