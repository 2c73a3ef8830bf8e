/**
 * Adversarial photos (noise, grass, stripes, a bare desk) through the real page preparation
 * (opencv-js): the ink/texture test says "no writing here", so neither Tesseract nor the handwriting
 * pass runs; printed pages still pass it.
 */
import { adversarialPhoto, ADVERSARIAL_KINDS } from '../../../../../scripts/lib/adversarialPhotos';
import { makePhoto } from '../../../../../scripts/makeTestPhotos';
import { chooseLines, ImageRecognizer } from '../../../../../src/main/engines/ocr/chooseLines';
import { decodeGreyImage, GreyImage } from '../../../../../src/main/platform/greyImage';
import { STEP_NAMES } from '../../../../../src/main/engines/ocr';
import { loadOpenCv } from '../../../../../src/main/engines/ocr/opencv';
import { preparePage } from '../../../../../src/main/engines/ocr/preparePage';
import { createStepTimer } from '../../../../../src/main/engines/ocr/stepTimer';
import { pageLooksLikeText, textTiles } from '../../../../../src/main/engines/ocr/textLikeness';
import type { Recognition } from '../../../../../src/shared/types';

async function binaryPage(jpeg: Buffer): Promise<GreyImage> {
  const { cv } = await loadOpenCv();
  const photo = await decodeGreyImage(jpeg, 1600);
  return (await preparePage(cv, photo.grey, createStepTimer(undefined, STEP_NAMES))).binary;
}

/** A handwriting engine that only counts how often it is asked (the CNN itself is tested elsewhere). */
function countingRecognizer(): ImageRecognizer & { calls: number } {
  const r = {
    calls: 0,
    recognizeImage: async (): Promise<Recognition> => {
      r.calls++;
      return { text: 'GARBAGE', model: 'full', backend: 'counting', ms: 0, words: [{ text: 'GARBAGE', chars: [...'GARBAGE'].map((c) => ({ char: c, confidence: 0.99, alternatives: [], box: [0, 0, 1, 1] as [number, number, number, number] })) }] };
    },
  };
  return r;
}

describe('text-less photos are recognised as such', () => {
  const cases: [string, () => Promise<Buffer>][] = [
    ...ADVERSARIAL_KINDS.map((kind) => [kind, () => adversarialPhoto({ kind, seed: 1 })] as [string, () => Promise<Buffer>]),
    ['desk with no page', async () => (await makePhoto({ seed: 1, level: 'clean', noPage: true })).jpeg],
  ];
  it.each(cases)('%s: no tile could hold writing, and the handwriting pass is not run', async (_name, make) => {
    const page = await binaryPage(await make());
    expect(textTiles(page)).toBe(0);
    expect(pageLooksLikeText(page)).toBe(false);
    const hw = countingRecognizer();
    expect(await chooseLines([], page, hw)).toEqual([]);
    expect(hw.calls).toBe(0);
  });

  it('printed pages (clean and rough photos) still look like text', async () => {
    for (const level of ['clean', 'rough'] as const) {
      const page = await binaryPage((await makePhoto({ seed: 2, level })).jpeg);
      expect(pageLooksLikeText(page)).toBe(true);
      expect(textTiles(page)).toBeGreaterThan(4);
    }
  });

  it('at most a bounded number of low-confidence lines go to the CNN', async () => {
    const page = await binaryPage((await makePhoto({ seed: 3, level: 'clean' })).jpeg);
    const hw = countingRecognizer();
    const lines = Array.from({ length: 200 }, (_, i) => ({ text: `l${i}`, confidence: 0.3, box: [10, 10 + i, 50, 12] as [number, number, number, number], engine: 'tesseract' as const }));
    const out = await chooseLines(lines, page, hw);
    expect(out).toHaveLength(200);
    expect(hw.calls).toBeLessThanOrEqual(24);
  });
});
