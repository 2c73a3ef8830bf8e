/**
 * The read-this flow (src/main/assistant/flows/readThisFlow.ts) with the real Tesseract, translator
 * and espeak-ng: a photo of printed text -> thumbnail, OCR, translation and speech, all logged.
 */
import sharp from 'sharp';
import type { Assistant } from '../../../../../src/main/assistant/assistant';
import type { HandlerTable } from '../../../../../src/main/runtime/handlerTable';
import { AssistantHarness, startAssistant, testCallContext as ctx } from '../../../../fixtures/assistantHarness';

let assistant: Assistant;
let h: HandlerTable;
let logged: AssistantHarness['logged'];

beforeAll(async () => {
  ({ assistant, h, logged } = await startAssistant('mamba-readthisflow-'));
});
afterAll(() => assistant.close());

describe('read-this flow (real engines)', () => {
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
});
