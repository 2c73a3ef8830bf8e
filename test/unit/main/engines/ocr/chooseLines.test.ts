/** Pure text helpers of the OCR engine: CER, Tesseract TSV parsing, per-line engine choice. */
import { characterErrorRate, levenshtein } from '../../../../../src/main/engines/ocr/characterErrorRate';
import { parseTesseractTsv } from '../../../../../src/main/engines/ocr/tesseractTsv';
import { chooseLines, dropNoise, ImageRecognizer } from '../../../../../src/main/engines/ocr/chooseLines';
import type { OcrLine, Recognition } from '../../../../../src/shared/types';

test('levenshtein and CER', () => {
  expect(levenshtein('kitten', 'sitting')).toBe(3);
  expect(levenshtein('', 'abc')).toBe(3);
  expect(characterErrorRate('mañana  es\nlunes', 'mañana es lunes')).toBe(0);
  expect(characterErrorRate('abcd', 'abed')).toBeCloseTo(0.25);
  expect(characterErrorRate('', '')).toBe(0);
});

test('TSV words are grouped into lines with length-weighted confidence', () => {
  const row = (b: number, l: number, w: number, x: number, conf: number, text: string): string => `5\t1\t${b}\t1\t${l}\t${w}\t${x}\t10\t20\t30\t${conf}\t${text}`;
  const tsv = ['level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext', '4\t1\t1\t1\t1\t0\t0\t0\t0\t0\t-1\t', row(1, 1, 1, 10, 90, 'Hello'), row(1, 1, 2, 50, 60, 'a'), row(1, 2, 1, 10, 80, 'Bye'), row(2, 1, 1, 0, 95, ' ')].join('\n');
  const lines = parseTesseractTsv(tsv);
  expect(lines.map((l) => l.text)).toEqual(['Hello a', 'Bye']);
  expect(lines[0].confidence).toBeCloseTo((0.9 * 5 + 0.6) / 6);
  expect(lines[0].box).toEqual([10, 10, 60, 30]);
});

test('specks with low confidence and no word are dropped', () => {
  const l = (text: string, confidence: number): OcrLine => ({ text, confidence, box: [0, 0, 1, 1], engine: 'tesseract' });
  expect(dropNoise([l('|', 0.3), l('~ :', 0.2), l('ok', 0.3), l('|', 0.9)]).map((x) => x.text)).toEqual(['ok', '|']);
});

// The handwriting engine is stubbed here: this checks the choice between readings, not the CNN
// (the CNN is tested by the handwriting suite, and end to end in test/integration/readPhoto).
describe('chooseLines (handwriting engine stubbed)', () => {
  const page = { data: new Uint8Array(100 * 40).fill(255), width: 100, height: 40 };
  page.data.fill(0, 1000, 1200); // some ink
  const rec = (text: string, conf: number): Recognition => ({
    text,
    model: 'letters',
    backend: 'stub',
    ms: 1,
    words: [{ text, chars: Array.from(text, (c) => ({ char: c, confidence: conf, alternatives: [], box: [0, 0, 1, 1] as [number, number, number, number] })) }],
  });
  const recognizer = (text: string, conf: number): ImageRecognizer & { calls: number } => {
    const r = { calls: 0, recognizeImage: async () => (r.calls++, rec(text, conf)) };
    return r;
  };
  const line = (text: string, confidence: number): OcrLine => ({ text, confidence, box: [5, 5, 50, 20], engine: 'tesseract' });

  test('keeps confident Tesseract lines without asking the CNN', async () => {
    const hw = recognizer('XX', 0.99);
    const out = await chooseLines([line('Printed', 0.93)], page, hw);
    expect(out).toEqual([line('Printed', 0.93)]);
    expect(hw.calls).toBe(0);
  });

  test('takes the CNN reading of a low-confidence line when it is surer', async () => {
    const out = await chooseLines([line('C4T', 0.41)], page, recognizer('CAT', 0.9));
    expect(out[0]).toMatchObject({ text: 'CAT', engine: 'handwriting' });
    expect(out[0].confidence).toBeCloseTo(0.9);
  });

  test('keeps Tesseract when the CNN is less sure', async () => {
    const out = await chooseLines([line('C4T', 0.6)], page, recognizer('CQT', 0.3));
    expect(out[0]).toMatchObject({ text: 'C4T', engine: 'tesseract' });
  });

  test('with no Tesseract lines, a confident whole-page CNN reading is used', async () => {
    expect(await chooseLines([], page, recognizer('HELLO', 0.95))).toMatchObject([{ text: 'HELLO', engine: 'handwriting' }]);
    expect(await chooseLines([], page, recognizer('HELLO', 0.5))).toEqual([]);
  });
});
