/**
 * Straightens text lines: the angle that makes the horizontal projection of the ink most
 * peaked (lines of text become sharp spikes) wins. Coarse search, then a finer one.
 */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';
import { fromMat, toMat, withMats } from './cvImage';

const MAX_ANGLE = 20;
const MAX_POINTS = 30000;
const MIN_CORRECTION = 0.4;

/** Estimated skew in degrees (positive = text runs downhill to the right) from a black-on-white binary page. */
export function estimateSkew(binary: GreyImage): number {
  const xs: number[] = [];
  const ys: number[] = [];
  let ink = 0;
  for (let i = 0; i < binary.data.length; i++) if (binary.data[i] < 128) ink++;
  if (ink < 50 || ink > binary.data.length * 0.5) return 0;
  const step = Math.max(1, Math.floor(ink / MAX_POINTS));
  let k = 0;
  for (let y = 0; y < binary.height; y++) {
    const row = y * binary.width;
    for (let x = 0; x < binary.width; x++) {
      if (binary.data[row + x] < 128 && k++ % step === 0) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const diag = Math.ceil(Math.hypot(binary.width, binary.height));
  const bins = new Float64Array(2 * diag + 2);
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const s = Math.sin(t);
    const c = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i] * c - xs[i] * s) + diag]++;
    let e = 0;
    for (let i = 0; i < bins.length; i++) e += bins[i] * bins[i];
    return e;
  };
  let best = 0;
  let bestScore = score(0);
  for (const [from, to, by] of [
    [-MAX_ANGLE, MAX_ANGLE, 1],
    [-1, 1, 0.1],
  ]) {
    const centre = by === 1 ? 0 : best;
    for (let a = centre + from; a <= centre + to + 1e-9; a += by) {
      const sc = score(a);
      if (sc > bestScore) {
        bestScore = sc;
        best = a;
      }
    }
  }
  return Math.round(best * 10) / 10;
}

/** Rotates `img` by -angle about its centre (white fills the corners). Returns it unchanged for tiny angles. */
export function rotateImage(cv: Cv, img: GreyImage, angle: number): GreyImage {
  if (Math.abs(angle) < MIN_CORRECTION) return img;
  return withMats((keep) => {
    const src = keep(toMat(cv, img));
    const M = keep(cv.getRotationMatrix2D(new cv.Point(img.width / 2, img.height / 2), angle, 1));
    const out = keep(new cv.Mat());
    cv.warpAffine(src, out, M, new cv.Size(img.width, img.height), cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(255));
    return fromMat(out);
  });
}
