/**
 * Image input: decode (sharp) -> grey -> Otsu binarisation (dark ink on light paper or light on dark,
 * whichever is the minority) -> 8-connected components -> the same segmentation as drawings.
 */
import { MambaError } from '../../../shared/errors';
import { decodeGreyImage, type GreyImage } from '../../platform/greyImage';
import { Box } from './drawing';

/** Images are shrunk to this longer side first: enough for handwriting, bounded time on huge photos. */
export const MAX_SIDE = 1600;

export async function decodeGrey(bytes: Uint8Array): Promise<GreyImage> {
  if (!bytes || bytes.length === 0) throw new MambaError('EMPTY_INPUT', 'The image is empty (0 bytes)', 'pass a PNG or JPEG file');
  return (await decodeGreyImage(bytes, MAX_SIDE)).grey;
}

/** Otsu's threshold over a 256-bin histogram. */
export function otsu(data: Uint8Array): number {
  const hist = new Float64Array(256);
  for (const v of data) hist[v]++;
  const total = data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i];
  let wB = 0, sumB = 0, best = 0, bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB, mF = (sumAll - sumB) / wF;
    const v = wB * wF * (mB - mF) * (mB - mF);
    if (v > bestVar) {
      bestVar = v;
      best = t;
    }
  }
  return best;
}

/** 1 = ink. Ink is whichever side of the threshold covers less of the page. */
export function binarize(g: GreyImage): Uint8Array {
  const t = otsu(g.data);
  let dark = 0, lo = 255, hi = 0;
  for (const v of g.data) {
    if (v <= t) dark++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const mask = new Uint8Array(g.data.length);
  if (hi - lo < 40) return mask; // flat image: no ink
  const inkIsDark = dark <= g.data.length / 2;
  for (let i = 0; i < g.data.length; i++) mask[i] = inkIsDark ? (g.data[i] <= t ? 1 : 0) : g.data[i] > t ? 1 : 0;
  return mask;
}

export interface Component {
  box: Box;
  /** Pixel indices (y * width + x). */
  pixels: Int32Array;
}

/** 8-connected components (iterative flood fill); specks under minArea px are dropped. */
export function components(mask: Uint8Array, w: number, h: number, minArea: number): Component[] {
  const label = new Int32Array(mask.length);
  const out: Component[] = [];
  const stack = new Int32Array(mask.length);
  let next = 1;
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || label[s]) continue;
    let sp = 0, n = 0;
    stack[sp++] = s;
    label[s] = next;
    const px: number[] = [];
    let x0 = w, y0 = h, x1 = 0, y1 = 0;
    while (sp > 0) {
      const p = stack[--sp];
      px.push(p);
      n++;
      const x = p % w, y = (p - x) / w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx, yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const q = yy * w + xx;
          if (mask[q] && !label[q]) {
            label[q] = next;
            stack[sp++] = q;
          }
        }
    }
    next++;
    if (n >= minArea) out.push({ box: { x0, y0, x1: x1 + 1, y1: y1 + 1 }, pixels: Int32Array.from(px) });
  }
  return out;
}

/** The binary mask of a set of components, cropped to their union box. */
export function cropMask(comps: Component[], imgWidth: number, box: Box): { mask: Uint8Array; w: number; h: number } {
  const w = box.x1 - box.x0, h = box.y1 - box.y0;
  const mask = new Uint8Array(w * h);
  for (const c of comps)
    for (const p of c.pixels) {
      const x = p % imgWidth, y = (p - x) / imgWidth;
      mask[(y - box.y0) * w + (x - box.x0)] = 1;
    }
  return { mask, w, h };
}
