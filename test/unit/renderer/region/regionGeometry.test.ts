/** The region selector's geometry (src/renderer/region/regionGeometry.ts): pure, so tested in Node. */
import { centredRect, clampRect, fitImage, nudge, rectFromCorners, toImagePoint, toRegion } from '../../../../src/renderer/region/regionGeometry';

const img = { width: 1600, height: 900 };

test('fit: the whole picture centred in the stage, small pictures not blown up past 2x', () => {
  expect(fitImage(img, { width: 1280, height: 900 })).toEqual({ x: 0, y: 90, width: 1280, height: 720, scale: 0.8 });
  expect(fitImage({ width: 100, height: 50 }, { width: 1000, height: 1000 }).scale).toBe(2);
});

test('a drag in any direction gives the same rectangle; points outside the picture are clamped to it', () => {
  const fit = fitImage(img, { width: 1280, height: 900 });
  const a = toImagePoint(fit, img, 80, 170); // image (100, 100)
  const b = toImagePoint(fit, img, 1300, 10); // right of and above the picture
  expect(a).toEqual({ x: 100, y: 100 });
  expect(b).toEqual({ x: 1600, y: 0 });
  expect(rectFromCorners(a, b)).toEqual(rectFromCorners(b, a));
  expect(rectFromCorners(a, b)).toEqual({ x: 100, y: 0, width: 1500, height: 100 });
});

test('keyboard: arrows move inside the picture, resize moves the right/bottom edge and keeps a minimum', () => {
  const r = { x: 10, y: 10, width: 100, height: 50 };
  expect(nudge(r, 'ArrowLeft', 30, img, false)).toEqual({ x: 0, y: 10, width: 100, height: 50 });
  expect(nudge(r, 'ArrowRight', 10, img, true)).toEqual({ x: 10, y: 10, width: 110, height: 50 });
  expect(nudge(r, 'ArrowUp', 100, img, true, 8)).toEqual({ x: 10, y: 10, width: 100, height: 8 });
  expect(nudge({ x: 1590, y: 0, width: 10, height: 10 }, 'ArrowRight', 10, img, true).width).toBe(10); // edge of the picture
  expect(clampRect({ x: 1550, y: 880, width: 100, height: 50 }, img)).toEqual({ x: 1500, y: 850, width: 100, height: 50 });
  expect(centredRect(img)).toEqual({ x: 400, y: 225, width: 800, height: 450 });
});

test('the region sent to main is whole pixels covering the selection, inside the picture', () => {
  expect(toRegion({ x: 10.6, y: 5.2, width: 100.1, height: 20 }, img)).toEqual({ x: 10, y: 5, width: 101, height: 21 });
  expect(toRegion({ x: 1599.5, y: 899.9, width: 5, height: 5 }, img)).toEqual({ x: 1599, y: 899, width: 1, height: 1 });
});
