/**
 * The trajectory encoding the trajectory network reads: resampled by path length, box-normalised with the
 * aspect kept, pen-up moves marked, directions of travel, and dots sampled at all.
 */
import { CHANNELS, STEPS, strokeFeatures } from '../../../../../src/main/engines/handwriting/strokeFeatures';
import { Stroke } from '../../../../../src/shared/types';

const steps = (f: Float32Array): { x: number; y: number; dx: number; dy: number; down: number }[] =>
  Array.from({ length: STEPS }, (_, k) => {
    const o = k * CHANNELS;
    return { x: f[o], y: f[o + 1], dx: f[o + 2], dy: f[o + 3], down: f[o + 4] };
  });

test('a left-to-right bar: 64 steps along it, centred, direction (1, 0), pen down throughout', () => {
  const f = strokeFeatures([[[100, 50], [300, 50]]]);
  expect(f.length).toBe(STEPS * CHANNELS);
  const s = steps(f);
  expect(s[0].x).toBeCloseTo(-0.5 + 0.5 / STEPS, 5);
  expect(s[STEPS - 1].x).toBeCloseTo(0.5 - 0.5 / STEPS, 5);
  expect(s.every((p) => p.y === 0 && p.dx === 1 && p.dy === 0 && p.down === 1)).toBe(true);
});

test('the same bar drawn right to left reads backwards (the image of it would be identical)', () => {
  const a = steps(strokeFeatures([[[100, 50], [300, 50]]]));
  const b = steps(strokeFeatures([[[300, 50], [100, 50]]]));
  expect(b.every((p) => p.dx === -1)).toBe(true);
  expect(b[0].x).toBeCloseTo(-a[0].x, 5);
});

test('aspect is kept: a tall thin stroke spans y in [-0.5, 0.5] and little of x; scale and offset do not matter', () => {
  const tall: Stroke[] = [[[10, 0], [12, 100]]];
  const s = steps(strokeFeatures(tall));
  expect(Math.min(...s.map((p) => p.y))).toBeLessThan(-0.45);
  expect(Math.max(...s.map((p) => Math.abs(p.x)))).toBeLessThan(0.02);
  const big = strokeFeatures([[[1010, 500], [1030, 1500]]]);
  const small = strokeFeatures([[[1, 5], [1.2, 15]]]);
  big.forEach((v, i) => expect(v).toBeCloseTo(small[i], 5));
});

test('two strokes: the pen-up move between them is marked; a dot (an i) gets steps of its own', () => {
  const i: Stroke[] = [[[50, 40], [50, 100]], [[50, 20]]];
  const s = steps(strokeFeatures(i));
  const up = s.filter((p) => p.down === 0);
  expect(up.length).toBeGreaterThan(0);
  expect(up.every((p) => p.dy < 0)).toBe(true); // from the stem's foot back up to the dot
  const dot = s.filter((p) => p.down === 1 && p.y < -0.45);
  expect(dot.length).toBeGreaterThanOrEqual(1);
});

test('writes into a shared buffer at an offset without touching the rest', () => {
  const buf = new Float32Array(3 * STEPS * CHANNELS).fill(7);
  strokeFeatures([[[0, 0], [10, 10]]], buf, STEPS * CHANNELS);
  expect(buf[0]).toBe(7);
  expect(buf[2 * STEPS * CHANNELS]).toBe(7);
  expect(buf[STEPS * CHANNELS + 4]).toBe(1);
});
