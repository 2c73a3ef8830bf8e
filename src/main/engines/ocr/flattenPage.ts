/** Warps the page quadrilateral to a flat, upright rectangle (perspective correction). */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';
import type { Corners } from './findPage';
import { fromMat, toMat, withMats } from './cvImage';

/** Pages narrower than this are enlarged: Tesseract reads small text better at ~20-30 px x-height. */
const MIN_PAGE_WIDTH = 1000;
const MAX_PAGE_SIDE = 2400;
/** Trim this share of each side: a sliver of desk at the edge reads as "|" or "l". */
const INSET = 0.015;

export function flattenPage(cv: Cv, img: GreyImage, c: Corners): GreyImage {
  const d = (a: [number, number], b: [number, number]): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
  let w = Math.max(d(c[0], c[1]), d(c[3], c[2]));
  let h = Math.max(d(c[0], c[3]), d(c[1], c[2]));
  const grow = Math.min(2, Math.max(1, MIN_PAGE_WIDTH / w), MAX_PAGE_SIDE / Math.max(w, h));
  w = Math.round(w * grow);
  h = Math.round(h * grow);
  const ix = w * INSET;
  const iy = h * INSET;
  return withMats((keep) => {
    const src = keep(toMat(cv, img));
    const from = keep(cv.matFromArray(4, 1, cv.CV_32FC2, c.flat()));
    const to = keep(cv.matFromArray(4, 1, cv.CV_32FC2, [-ix, -iy, w + ix, -iy, w + ix, h + iy, -ix, h + iy]));
    const M = keep(cv.getPerspectiveTransform(from, to));
    const out = keep(new cv.Mat());
    cv.warpPerspective(src, out, M, new cv.Size(w, h), cv.INTER_CUBIC, cv.BORDER_REPLICATE);
    return fromMat(out);
  });
}
