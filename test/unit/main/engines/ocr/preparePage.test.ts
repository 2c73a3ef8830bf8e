/** Page finding, deskew and the quality gate on generated webcam photos: real opencv-js, no OCR. */
import { makePhoto, renderPage } from '../../../../../scripts/makeTestPhotos';
import { decodeGreyImage, GreyImage } from '../../../../../src/main/platform/greyImage';
import { loadOpenCv, Cv } from '../../../../../src/main/engines/ocr/opencv';
import { findPage, orderCorners } from '../../../../../src/main/engines/ocr/findPage';
import { estimateSkew, rotateImage } from '../../../../../src/main/engines/ocr/deskew';
import { binarise } from '../../../../../src/main/engines/ocr/binarise';
import { assertReadable, measureQuality } from '../../../../../src/main/engines/ocr/imageQuality';

let cv: Cv;
beforeAll(async () => {
  ({ cv } = await loadOpenCv());
});

async function grey(seed: number, level: Parameters<typeof makePhoto>[0]['level'], noPage = false) {
  const p = await makePhoto({ seed, level, noPage });
  return { p, d: await decodeGreyImage(p.jpeg, 1600) };
}

describe('findPage', () => {
  test.each([
    ['tilted', 3],
    ['perspective', 4],
    ['rough', 5],
  ] as const)('finds the 4 corners of a %s page (seed %d) within 2%% of the frame width', async (level, seed) => {
    const { p, d } = await grey(seed, level);
    const c = findPage(cv, d.grey);
    expect(c).toBeDefined();
    const err = c!.map(([x, y], i) => Math.hypot(x * d.scale - p.corners[i][0], y * d.scale - p.corners[i][1]));
    expect(Math.max(...err)).toBeLessThan(0.02 * p.width);
  });

  test('finds no page on a bare desk', async () => {
    const { d } = await grey(6, 'clean', true);
    expect(findPage(cv, d.grey)).toBeUndefined();
  });

  test('orderCorners returns clockwise from top-left whatever the input order', () => {
    expect(orderCorners([[90, 95], [10, 12], [12, 88], [95, 8]])).toEqual([[10, 12], [95, 8], [90, 95], [12, 88]]);
  });
});

describe('deskew', () => {
  test('measures a 4 degree rotation of a text page and undoes it', async () => {
    const page = await renderPage({ lines: ['Straight lines of text', 'make sharp peaks in the', 'horizontal projection'], width: 900, fontSize: 34 });
    const g: GreyImage = { data: new Uint8Array(page.width * page.height), width: page.width, height: page.height };
    for (let i = 0; i < g.data.length; i++) g.data[i] = page.data[i * 3 + 1];
    const rotated = rotateImage(cv, g, -4); // clockwise: text runs downhill to the right
    const skew = estimateSkew(binarise(cv, rotated).binary);
    expect(Math.abs(skew - 4)).toBeLessThan(0.5);
    const straight = rotateImage(cv, rotated, skew);
    expect(Math.abs(estimateSkew(binarise(cv, straight).binary))).toBeLessThan(0.5);
  });
});

describe('quality gate', () => {
  test('a dark photo is rejected with IMAGE_QUALITY and "more light"', async () => {
    const { d } = await grey(1, 'dark');
    expect(() => assertReadable(measureQuality(cv, d.grey))).toThrow(expect.objectContaining({ code: 'IMAGE_QUALITY', fix: expect.stringContaining('more light') }));
  });

  test('a blurred photo is rejected with IMAGE_QUALITY, in plain words ("blurred", "hold the page still")', async () => {
    const { d } = await grey(1, 'blurred');
    expect(() => assertReadable(measureQuality(cv, d.grey))).toThrow(expect.objectContaining({ code: 'IMAGE_QUALITY', message: expect.not.stringMatching(/[0-9]/), fix: expect.stringMatching(/hold the page still/i) }));
  });

  test.each(['clean', 'rough'] as const)('a %s photo passes', async (level) => {
    const { d } = await grey(2, level);
    expect(() => assertReadable(measureQuality(cv, d.grey))).not.toThrow();
  });

  test('a bare desk is not called blurred (it goes on to "no text")', async () => {
    const { d } = await grey(6, 'clean', true);
    expect(() => assertReadable(measureQuality(cv, d.grey))).not.toThrow();
  });
});
