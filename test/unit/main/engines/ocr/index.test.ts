/** The OCR engine end to end on generated webcam photos: real opencv-js, real Tesseract (both backends). */
import { makePhoto } from '../../../../../scripts/makeTestPhotos';
import { createOcrEngine, OcrEngine, STEP_NAMES } from '../../../../../src/main/engines/ocr';
import { characterErrorRate } from '../../../../../src/main/engines/ocr/characterErrorRate';
import { createTesseractCli } from '../../../../../src/main/engines/ocr/tesseractCli';
import { npmTraineddataFile } from '../../../../../src/main/engines/ocr/tesseractJs';

/**
 * Measured (docs/ocr.md): clean and distorted-but-readable photos read at 0-1.5% CER.
 * The bound leaves room for a wrong accent or two, not for a misread page.
 */
const MAX_CER = 0.03;

let engine: OcrEngine;
const progress: string[] = [];
beforeAll(async () => {
  engine = await createOcrEngine({ onProgress: (p) => progress.push(p.step) });
});
afterAll(async () => {
  await engine?.close();
});

describe('OCR engine (default backend)', () => {
  test('names its backend', () => {
    expect(['tesseract.js', 'tesseract-cli']).toContain(engine.backend);
    expect(engine.backendNote).toBeTruthy();
  });

  test('reads clean printed text in a photo', async () => {
    const p = await makePhoto({ seed: 11, level: 'clean' });
    const r = await engine.read(p.jpeg);
    expect(characterErrorRate(p.text, r.text)).toBeLessThan(MAX_CER);
    expect(r.lines.length).toBe(4);
    expect(r.lines.every((l) => l.engine === 'tesseract' && l.confidence > 0.5)).toBe(true);
    // Every step timed, in pipeline order, and reported as progress.
    const names = r.steps.map((s) => s.name);
    expect(names).toEqual(STEP_NAMES.filter((n) => names.includes(n)));
    expect(names).toEqual(expect.arrayContaining(['decode', 'quality', 'page', 'flatten', 'binarise', 'deskew', 'ocr']));
    expect(progress).toEqual(expect.arrayContaining(['decode', 'page', 'ocr', 'done']));
  });

  test('reads a tilted, perspective-warped page after finding its corners', async () => {
    const p = await makePhoto({ seed: 12, level: 'perspective' });
    const r = await engine.read(p.jpeg);
    expect(r.page).toBeDefined();
    const err = r.page!.map(([x, y], i) => Math.hypot(x - p.corners[i][0], y - p.corners[i][1]));
    expect(Math.max(...err)).toBeLessThan(0.02 * p.width);
    expect(characterErrorRate(p.text, r.text)).toBeLessThan(MAX_CER);
  });

  test('reads a rotated, blurred, noisy, dim photo', async () => {
    const p = await makePhoto({ seed: 13, level: 'rough' });
    const r = await engine.read(p.jpeg);
    expect(characterErrorRate(p.text, r.text)).toBeLessThan(MAX_CER);
  });

  test('a photo with no text gives an empty result, not an error', async () => {
    const p = await makePhoto({ seed: 14, level: 'clean', noPage: true });
    const r = await engine.read(p.jpeg);
    expect(r.text).toBe('');
    expect(r.lines).toEqual([]);
    expect(r.page).toBeUndefined();
  });

  test('a dark photo is rejected with a message and the fix', async () => {
    const p = await makePhoto({ seed: 15, level: 'dark' });
    await expect(engine.read(p.jpeg)).rejects.toMatchObject({ code: 'IMAGE_QUALITY', fix: expect.stringContaining('more light') });
  });

  test('bad bytes are BAD_INPUT and the engine keeps working afterwards', async () => {
    await expect(engine.read(Buffer.from('definitely not a photo'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(engine.read(new Uint8Array(0))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const p = await makePhoto({ seed: 16, level: 'tilted' });
    expect(characterErrorRate(p.text, (await engine.read(p.jpeg)).text)).toBeLessThan(MAX_CER);
  });
});

describe('OCR backends', () => {
  test('the Debian tesseract program reads the same photo', async () => {
    const cli = await createOcrEngine({ backend: 'tesseract-cli' });
    try {
      expect(cli.backend).toBe('tesseract-cli');
      const p = await makePhoto({ seed: 17, level: 'tilted' });
      expect(characterErrorRate(p.text, (await cli.read(p.jpeg)).text)).toBeLessThan(MAX_CER);
    } finally {
      await cli.close();
    }
  });

  test('a missing tesseract program or language is a clear error naming the package', () => {
    expect(() => createTesseractCli({ languages: ['eng'], program: '/nonexistent/tesseract' })).toThrow(
      expect.objectContaining({ code: 'ENGINE_UNAVAILABLE', fix: expect.stringContaining('tesseract-ocr') }),
    );
    expect(() => createTesseractCli({ languages: ['xqz'] })).toThrow(expect.objectContaining({ code: 'MODEL_MISSING', fix: expect.stringContaining('tesseract-ocr-xqz') }));
    expect(() => npmTraineddataFile('xqz')).toThrow(expect.objectContaining({ code: 'MODEL_MISSING', fix: expect.stringContaining('@tesseract.js-data/xqz') }));
  });
});
