/**
 * Finds the page in a webcam frame: the largest bright quadrilateral.
 * blur -> Otsu -> close -> largest external contour -> 4 corners (polygon approximation,
 * falling back to the minimum-area rectangle). Runs on a small copy for speed.
 */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';
import { toMat, withMats } from './cvImage';

export type Corners = [[number, number], [number, number], [number, number], [number, number]];

/** Long side of the copy the search runs on. */
const DETECT_SIDE = 640;
/** A page smaller than this share of the frame is probably not the page. */
const MIN_AREA_FRAC = 0.12;
/** A "page" covering nearly all the frame means the page fills the view: nothing to flatten. */
const MAX_AREA_FRAC = 0.97;

/** Returns corners (clockwise from top-left) in `img` coordinates, or undefined when no page is found. */
export function findPage(cv: Cv, img: GreyImage): Corners | undefined {
  return withMats((keep) => {
    const src = keep(toMat(cv, img));
    const s = Math.min(1, DETECT_SIDE / Math.max(img.width, img.height));
    const small = keep(new cv.Mat());
    cv.resize(src, small, new cv.Size(Math.round(img.width * s), Math.round(img.height * s)), 0, 0, cv.INTER_AREA);
    const blur = keep(new cv.Mat());
    cv.GaussianBlur(small, blur, new cv.Size(5, 5), 0);
    const bin = keep(new cv.Mat());
    cv.threshold(blur, bin, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    // Closing fills the dark text so the page is one solid blob.
    const kernel = keep(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(15, 15)));
    cv.morphologyEx(bin, bin, cv.MORPH_CLOSE, kernel);
    const contours = keep(new cv.MatVector());
    const hierarchy = keep(new cv.Mat());
    cv.findContours(bin, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
    let best = -1;
    let bestArea = 0;
    const n = contours.size() as unknown as number; // mirada's typing says Size; the runtime returns a count
    for (let i = 0; i < n; i++) {
      const c = contours.get(i);
      const a = cv.contourArea(c);
      if (a > bestArea) {
        bestArea = a;
        best = i;
      }
      c.delete();
    }
    const frameArea = small.rows * small.cols;
    if (best < 0 || bestArea < MIN_AREA_FRAC * frameArea || bestArea > MAX_AREA_FRAC * frameArea) return undefined;
    const contour = keep(contours.get(best));
    const hull = keep(new cv.Mat());
    cv.convexHull(contour, hull, false, true);
    const peri = cv.arcLength(hull, true);
    let pts: [number, number][] | undefined;
    for (const eps of [0.02, 0.03, 0.04, 0.06]) {
      const approx = keep(new cv.Mat());
      cv.approxPolyDP(hull, approx, eps * peri, true);
      if (approx.rows === 4) {
        pts = [];
        for (let i = 0; i < 4; i++) pts.push([approx.data32S[i * 2], approx.data32S[i * 2 + 1]]);
        break;
      }
    }
    if (!pts) {
      // Rounded or partly hidden corners: take the hull's extreme points along the diagonals.
      pts = extremeCorners(hull.data32S);
    }
    // A quadrilateral must cover most of its own contour, else it is not a page outline.
    const quadArea = polygonArea(pts);
    if (quadArea < 0.85 * bestArea || quadArea > 1.25 * bestArea) return undefined;
    return orderCorners(pts.map(([x, y]) => [x / s, y / s] as [number, number]));
  });
}

/** Orders 4 points clockwise from top-left (image y pointing down). */
export function orderCorners(pts: [number, number][]): Corners {
  const cx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const cy = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const sorted = [...pts].sort((a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx));
  // atan2 with y down: ascending angle runs clockwise on screen. Start at the top-left one.
  let start = 0;
  for (let i = 1; i < 4; i++) if (sorted[i][0] + sorted[i][1] < sorted[start][0] + sorted[start][1]) start = i;
  const o = [0, 1, 2, 3].map((k) => sorted[(start + k) % 4]);
  return [o[0], o[1], o[2], o[3]];
}

function polygonArea(p: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < p.length; i++) {
    const [x1, y1] = p[i];
    const [x2, y2] = p[(i + 1) % p.length];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

function extremeCorners(xy: Int32Array): [number, number][] {
  const pick = (f: (x: number, y: number) => number): [number, number] => {
    let best = 0;
    for (let i = 2; i < xy.length; i += 2) if (f(xy[i], xy[i + 1]) > f(xy[best], xy[best + 1])) best = i;
    return [xy[best], xy[best + 1]];
  };
  return [pick((x, y) => -x - y), pick((x, y) => x - y), pick((x, y) => x + y), pick((x, y) => y - x)];
}
