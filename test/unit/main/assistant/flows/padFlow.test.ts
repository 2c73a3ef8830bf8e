/**
 * The pad flow's correction step with a fake handwriting engine passed through the engine factories
 * (fast; the real engine's path is in test/integration/main/assistant/flows/padFlow.test.ts): main
 * applies the pick and returns the word the pad shows; a different letter is saved and learnt, an
 * accent on the same letter only changes the text.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assistant } from '../../../../../src/main/assistant/assistant';
import { realEngines, type EngineFactories, type HandwritingEngine } from '../../../../../src/main/runtime/engineFactories';
import type { CallContext } from '../../../../../src/main/runtime/handlerTable';
import type { CorrectedSample } from '../../../../../src/main/engines/handwriting';
import type { Drawing, LogEntry, Recognition, RecognizedChar } from '../../../../../src/shared/types';

const ctx: CallContext = { transport: 'websocket', clientId: 'pad-unit' };

/** Three letters side by side, one stroke each, read as "CAN". */
const drawing: Drawing = { strokes: [0, 1, 2].map((i) => [[i * 100 + 10, 10], [i * 100 + 60, 80]] as [number, number][]) };
const char = (c: string, i: number, alt: string): RecognizedChar => ({
  char: c,
  confidence: 0.6,
  alternatives: [{ char: c, confidence: 0.6 }, { char: alt, confidence: 0.3 }, { char: '?', confidence: 0.1 }],
  box: [i * 100 + 10, 10, 50, 70],
  strokeIndices: [i],
});
const reading = (): Recognition => ({ text: 'CAN', words: [{ text: 'CAN', chars: [char('C', 0, 'G'), char('A', 1, 'R'), char('N', 2, 'M')] }], model: 'letters', backend: 'fake', ms: 1 });

const adapted: CorrectedSample[][] = [];
const fakeHandwriting: HandwritingEngine = {
  backend: 'fake',
  backendReason: 'a fake engine for the flow test',
  close: async () => undefined,
  adapt: async (samples) => (adapted.push(samples), samples.length),
  forgetAdaptation: () => undefined,
  recognizeDrawing: async () => reading(),
  recognizeImage: async () => reading(),
  model: async () => undefined,
};
const engines: EngineFactories = { ...realEngines, handwriting: async () => fakeHandwriting };

let dir: string;
let assistant: Assistant;
const logged: LogEntry[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-padflow-unit-'));
  assistant = await Assistant.create({ userDataDir: dir, transport: 'websocket', engines });
  assistant.events.subscribe((event, payload) => event === 'log.appended' && logged.push(payload as LogEntry));
});
afterAll(() => assistant.close());

const samples = (): string[] => (existsSync(path.join(dir, 'samples')) ? readdirSync(path.join(dir, 'samples')) : []);

describe('pad flow: a picked character (fake handwriting engine through the factories)', () => {
  test('a different letter: applied, returned as the word the pad shows, saved as a sample and learnt', async () => {
    const h = assistant.handlers();
    const r = await h['handwriting.recognize']({ drawing }, ctx);
    const c = await h['handwriting.correct']({ recognitionId: r.recognitionId, wordIndex: 0, charIndex: 2, correctChar: 'M' }, ctx);
    expect(c).toMatchObject({ text: 'CAM', saved: true, learnt: true });
    expect(c.word?.text).toBe('CAM');
    expect(c.word?.chars[2]).toMatchObject({ char: 'M', confidence: 1, box: [210, 10, 50, 70] });
    expect(c.word?.chars[2].alternatives.map((a) => a.char)).toEqual(['M', 'N', '?']);
    expect(JSON.parse(readFileSync(path.join(dir, c.savedTo), 'utf8'))).toMatchObject({ label: 'M', predicted: 'N', source: 'correction' });
    expect(adapted.flat().map((s) => s.label)).toEqual(['M']);
    expect(logged.filter((e) => e.kind === 'correction').map((e) => e.text)).toEqual(['N → M']);
    // What was returned is a copy: changing it does not change what main remembers.
    c.word!.chars[0].char = 'X';
    const again = await h['handwriting.correct']({ recognitionId: r.recognitionId, wordIndex: 0, charIndex: 1, correctChar: 'Á' }, ctx);
    expect(again.text).toBe('CÁM');
  });

  test('an accent on the same letter: applied and returned, nothing saved or learnt or logged', async () => {
    const h = assistant.handlers();
    const before = { samples: samples().length, adapted: adapted.length, corrections: logged.filter((e) => e.kind === 'correction').length };
    const r = await h['handwriting.recognize']({ drawing }, ctx);
    const c = await h['handwriting.correct']({ recognitionId: r.recognitionId, wordIndex: 0, charIndex: 2, correctChar: 'Ñ' }, ctx);
    expect(c).toMatchObject({ text: 'CAÑ', saved: false, sampleId: '', savedTo: '', learnt: false });
    expect(c.word?.chars[2]).toMatchObject({ char: 'Ñ', confidence: 1 });
    expect({ samples: samples().length, adapted: adapted.length, corrections: logged.filter((e) => e.kind === 'correction').length }).toEqual(before);
  });

  test('a recognition main no longer has: a clear error, nothing saved', async () => {
    const n = samples().length;
    await expect(assistant.handlers()['handwriting.correct']({ recognitionId: 'gone-0000aaaa', wordIndex: 0, charIndex: 0, correctChar: 'Z' }, ctx)).rejects.toMatchObject({ code: 'BAD_INPUT', fix: expect.any(String) });
    expect(samples().length).toBe(n);
  });
});
