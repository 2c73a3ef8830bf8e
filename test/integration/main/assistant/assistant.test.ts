/**
 * The assistant orchestrator with the real engines (handwriting CNN, translator, espeak-ng,
 * PocketSphinx, Tesseract): lazy creation, status events, every flow logged with timing.
 * Engine creation is counted by wrapping the real factories, nothing is replaced.
 */
import { mkdtempSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { Assistant } from '../../../../src/main/assistant/assistant';
import { EngineFactories, realEngines } from '../../../../src/main/runtime/engineFactories';
import { createHandwritingEngine } from '../../../../src/main/engines/handwriting';
import type { CallContext, HandlerTable } from '../../../../src/main/runtime/handlerTable';
import { dispatch } from '../../../../src/main/runtime/handlerTable';
import type { EventMap, EventName } from '../../../../src/shared/contract';
import type { EngineStatus, LogEntry } from '../../../../src/shared/types';
import { handDigits } from '../../../fixtures/handwriting/penPaths';
import { festivalAvailable, join, noise, synthesize } from '../../../fixtures/speech/audio';
import { testIf } from '../../../fixtures/skips';

const ctx: CallContext = { transport: 'websocket', clientId: 'test-client' };
const created: string[] = [];
const counting: EngineFactories = {
  ...realEngines,
  handwriting: (o) => (created.push('handwriting'), realEngines.handwriting(o)),
  translate: (o) => (created.push('translate'), realEngines.translate(o)),
  tts: (o) => (created.push('tts'), realEngines.tts(o)),
  speech: (o) => (created.push('speech'), realEngines.speech(o)),
  ocr: (o) => (created.push('ocr'), realEngines.ocr(o)),
};

let dir: string;
let assistant: Assistant;
let h: HandlerTable;
const events: { event: EventName; payload: unknown }[] = [];
const eventsOf = <E extends EventName>(name: E): EventMap[E][] => events.filter((e) => e.event === name).map((e) => e.payload as EventMap[E]);
const logged = (): LogEntry[] => eventsOf('log.appended');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-assistant-'));
  assistant = await Assistant.create({ userDataDir: dir, transport: 'websocket', engines: counting });
  assistant.events.subscribe((event, payload) => events.push({ event, payload }));
  h = assistant.handlers();
});
afterAll(() => assistant.close());

describe('assistant orchestrator (real engines)', () => {
  test('starts with every engine idle and none created', async () => {
    expect(created).toEqual([]);
    expect((await h['engines.status']({}, ctx)).map((s) => s.state)).toEqual(['idle', 'idle', 'idle', 'idle', 'idle']);
  });

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

  test('pad: recognise pen digits (hand-authored paths), correct one as a labelled sample, then "read / translate what I wrote"', async () => {
    const { drawing } = handDigits('42');
    const r = await h['handwriting.recognize']({ drawing, model: 'full' }, ctx);
    expect(r.recognitionId).toMatch(/^[a-z0-9]+-[0-9a-f]{8}$/);
    expect(r.text.replace(/\s/g, '').length).toBeGreaterThanOrEqual(1);
    const chars = r.words.flatMap((w) => w.chars);
    const fixTo = chars[0].char === 'Z' ? 'Y' : 'Z';
    const c = await h['handwriting.correct']({ recognitionId: r.recognitionId, wordIndex: 0, charIndex: 0, correctChar: fixTo }, ctx);
    expect(c.text.startsWith(fixTo)).toBe(true);
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

  test('read this: a photo of printed text -> thumbnail, OCR, translation and speech, all logged', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="260"><rect width="100%" height="100%" fill="white"/>
      <text x="40" y="110" font-family="DejaVu Sans" font-size="64" fill="black">The house is red</text>
      <text x="40" y="200" font-family="DejaVu Sans" font-size="64" fill="black">Good morning</text></svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const r = await h['ocr.readThis']({ imageBase64: png.toString('base64'), to: 'es', speak: true, source: 'file' }, ctx);
    expect(r.ocr.text.toLowerCase()).toContain('house');
    expect(r.translation?.text.toLowerCase()).toContain('casa');
    expect(r.speech?.lang).toBe('es');
    expect(r.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    const kinds = logged().slice(-4).map((e) => e.kind);
    expect(kinds).toEqual(['capture', 'ocr', 'translation', 'spoken']);
    const originals = await h['assistant.command']({ text: 'read the originals' }, ctx);
    expect(originals.say).toBe(r.ocr.text);
    const page = await h['log.search']({ query: 'house' }, ctx);
    expect(page.entries.some((e) => e.kind === 'ocr')).toBe(true);
  });

  test('a broken engine reports error-with-fix in its status and the request fails cleanly', async () => {
    const broken = await Assistant.create({
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'mamba-broken-')),
      transport: 'websocket',
      engines: { ...realEngines, handwriting: (o) => createHandwritingEngine({ ...o, modelsDir: path.join(dir, 'no-models-here') }) },
    });
    const statuses: EngineStatus[] = [];
    broken.events.subscribe((e, p) => e === 'engine.status' && statuses.push(p as EngineStatus));
    const r = await dispatch(broken.handlers(), 'handwriting.recognize', { drawing: handDigits('7').drawing }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('MODEL_MISSING');
    const last = statuses[statuses.length - 1];
    expect(last).toMatchObject({ engine: 'handwriting', state: 'error', error: { code: 'MODEL_MISSING', fix: expect.any(String) } });
    expect((await broken.handlers()['engines.load']({ engine: 'handwriting' }, ctx)).state).toBe('error');
    await broken.close();
  });

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
