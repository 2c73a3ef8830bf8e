/** The window's frame judge: dark frames are refused, the sharpest bright frame wins. */
import { DARK_MEAN, pickSharpest, scoreGrey, toGrey } from '../../../../src/renderer/camera/frameQuality';

const W = 160;
const H = 90;

/** A page of "text": dark strokes on white, like a webcam photo of print. */
function page(level = 235, ink = 30): Uint8Array {
  const g = new Uint8Array(W * H).fill(level);
  for (let line = 0; line < 5; line++)
    for (let x = 10; x < W - 10; x++) if (x % 7 < 3) for (let y = 12 + line * 15; y < 20 + line * 15; y++) g[y * W + x] = ink;
  return g;
}

/** Box blur of radius r (what a shaking hand or a wrong focus does). */
function blur(src: Uint8Array, r: number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const yy = Math.min(H - 1, Math.max(0, y + dy));
          const xx = Math.min(W - 1, Math.max(0, x + dx));
          sum += src[yy * W + xx];
          n++;
        }
      out[y * W + x] = Math.round(sum / n);
    }
  return out;
}

test('a sharp page scores sharper than the same page blurred, and as readable (>= 0.5)', () => {
  const sharp = scoreGrey(page(), W, H);
  const soft = scoreGrey(blur(page(), 3), W, H);
  expect(sharp.sharpness).toBeGreaterThanOrEqual(0.5);
  expect(soft.sharpness).toBeLessThan(sharp.sharpness / 2);
  expect(sharp.brightness).toBeGreaterThan(DARK_MEAN);
});

test('the sharpest bright frame is picked; a dark frame never is, however sharp', () => {
  const frames = [
    { name: 'blurred', score: scoreGrey(blur(page(), 2), W, H) },
    { name: 'dark', score: scoreGrey(page(20, 0), W, H) },
    { name: 'sharp', score: scoreGrey(page(), W, H) },
  ];
  expect(frames[1].score.brightness).toBeLessThan(DARK_MEAN);
  expect(pickSharpest(frames)?.name).toBe('sharp');
  expect(pickSharpest([frames[1]])).toBeNull();
  expect(pickSharpest([])).toBeNull();
});

test('RGBA to grey uses luma weights (white 255, black 0, green brighter than blue)', () => {
  const rgba = [255, 255, 255, 255, 0, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255];
  const g = toGrey(rgba, 4, 1);
  expect(g[0]).toBeGreaterThanOrEqual(254);
  expect(g[1]).toBe(0);
  expect(g[2]).toBeGreaterThan(g[3]);
});

test('a frame too small to judge scores zero instead of throwing', () => {
  expect(scoreGrey(new Uint8Array(4), 2, 2)).toEqual({ brightness: 0, contrast: 0, sharpness: 0 });
});
