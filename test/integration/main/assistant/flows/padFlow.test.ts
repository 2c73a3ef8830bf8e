/**
 * The pad's flow with the real handwriting engine: live recognition logs nothing (it runs after
 * every stroke), a commit logs exactly one entry with what the engine read, and "read what I wrote"
 * reads the committed line. Payloads go through the transport's dispatch, so validation is real.
 */
import { mkdtempSync, promises as fs, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assistant } from '../../../../../src/main/assistant/assistant';
import { dispatch, type CallContext, type HandlerTable } from '../../../../../src/main/runtime/handlerTable';
import type { PadRecognition } from '../../../../../src/shared/contract';
import type { Drawing, LogEntry } from '../../../../../src/shared/types';
import { fixtureLetters, handDigits, samplePath } from '../../../../fixtures/handwriting/penPaths';
import { AssistantHarness, startAssistant, testCallContext } from '../../../../fixtures/assistantHarness';

const LETTERS = fixtureLetters('capitals');
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


// The pad flow's correction path, through the handler table with the real engine (was in assistant.test.ts).
describe('pad flow: correction and "read / translate what I wrote" (real engines)', () => {
  let dir: string;
  let assistant2: Assistant;
  let h: HandlerTable;
  let logged2: AssistantHarness['logged'];
  const ctx = testCallContext;
  const logged = (): LogEntry[] => logged2();
  beforeAll(async () => {
    ({ dir, assistant: assistant2, h, logged: logged2 } = await startAssistant('mamba-padflow-correct-'));
  });
  afterAll(() => assistant2.close());

  test('pad: recognise pen digits (hand-authored paths), correct one as a labelled sample, then "read / translate what I wrote"', async () => {
    const { drawing } = handDigits('42');
    const r = await h['handwriting.recognize']({ drawing, model: 'full' }, ctx);
    expect(r.recognitionId).toMatch(/^[a-z0-9]+-[0-9a-f]{8}$/);
    expect(r.text.replace(/\s/g, '').length).toBeGreaterThanOrEqual(1);
    const chars = r.words.flatMap((w) => w.chars);
    const fixTo = chars[0].char === 'Z' ? 'Y' : 'Z';
    const c = await h['handwriting.correct']({ recognitionId: r.recognitionId, wordIndex: 0, charIndex: 0, correctChar: fixTo }, ctx);
    expect(c.text.startsWith(fixTo)).toBe(true);
    // What the pad shows comes back with it: the picked character, fully confident, first among its alternatives.
    expect(c.saved).toBe(true);
    expect(c.word?.chars[0]).toMatchObject({ char: fixTo, confidence: 1 });
    expect(c.word?.chars[0].alternatives[0]).toEqual({ char: fixTo, confidence: 1 });
    const sample = JSON.parse(await fs.readFile(path.join(dir, c.savedTo), 'utf8'));
    expect(sample).toMatchObject({ label: fixTo, predicted: chars[0].char, source: 'correction' });
    expect(sample.strokes.length).toBeGreaterThan(0);
    expect(sample.strokes.length).toBeLessThan(drawing.strokes.length + 1);

    const read = await h['assistant.command']({ text: 'read what I wrote' }, ctx);
    expect(read.intent.name).toBe('read_written');
    expect(read.say).toBe(c.text);
    const tr = await h['assistant.command']({ text: 'translate what I wrote to spanish' }, ctx);
    expect(tr.intent.name).toBe('translate_written');
    expect(tr.translation).toMatchObject({ to: 'es' });
    // Recognition is live (nothing logged); the text the user commits is logged once.
    expect(logged().some((e) => e.kind === 'recognition')).toBe(false);
    await h['handwriting.commit']({ text: c.text, recognitionId: r.recognitionId }, ctx);
    expect(logged().filter((e) => e.kind === 'drawing' && e.meta?.recognitionId === r.recognitionId && (e.ms ?? 0) > 0)).toHaveLength(1);
    expect(logged().some((e) => e.kind === 'correction' && e.meta?.label === fixTo)).toBe(true);
  });
});
