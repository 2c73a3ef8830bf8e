import { dilateDisc } from '../../../../../src/main/engines/handwriting/morphology';
import { frameMask } from '../../../../../src/main/engines/handwriting/normalize';
import { seededRng } from '../../../../../scripts/lib/seededRng';

/** The offset-list dilation the engine used before (cost: ink pixels x disc area): the reference. */
function naiveDilate(m: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!m[y * w + x]) continue;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          if (dx * dx + dy * dy > r * r + r) continue;
          const xx = x + dx, yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) out[yy * w + xx] = 1;
        }
    }
  return out;
}

function randomMask(w: number, h: number, density: number, seed: number): Uint8Array {
  const r = seededRng(seed);
  return Uint8Array.from({ length: w * h }, () => (r() < density ? 1 : 0));
}

describe('dilateDisc: disc dilation in time linear in the image', () => {
  it.each([
    [17, 11, 0.05, 1],
    [40, 23, 0.01, 3],
    [31, 31, 0.002, 7],
    [64, 9, 0.2, 2],
    [25, 40, 0, 4],
  ])('matches the offset-list dilation on a %ix%i mask (density %f, r %i)', (w, h, density, r) => {
    for (let seed = 1; seed <= 4; seed++) {
      const m = randomMask(w, h, density, seed * 31 + r);
      expect(Array.from(dilateDisc(m, w, h, r))).toEqual(Array.from(naiveDilate(m, w, h, r)));
    }
  });

  it('keeps the mask as it is for r = 0 and handles a one-pixel image', () => {
    const m = randomMask(9, 5, 0.3, 3);
    expect(Array.from(dilateDisc(m, 9, 5, 0))).toEqual(Array.from(m));
    expect(Array.from(dilateDisc(Uint8Array.of(1), 1, 1, 5))).toEqual([1]);
  });
});

describe('frameMask on a big textured component (the photo that froze the server)', () => {
  // A 1600x1200 component of thin stripes: grow reaches longer/8 = 200 px. The old dilation did
  // ~400k ink pixels x 126k disc offsets; this one is a few passes over 2M pixels.
  const w = 1600, h = 1200;
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mask[y * w + x] = x % 8 === 0 || y % 97 === 0 ? 1 : 0;

  it('frames it (a 28x28 image with ink) without hanging', () => {
    const img = frameMask(mask, w, h);
    expect(img.length).toBe(28 * 28);
    expect(Math.max(...img)).toBeGreaterThan(0.5);
  });
});
