/**
 * Character -> 28x28 input that looks like EMNIST: white ink on black, the character's bounding box scaled
 * (aspect kept) so its longer side spans FRAME.box px, centred in the square, strokes about
 * FRAME.thickness px wide with soft edges. EMNIST itself: gaussian blur, crop to bbox, centre in a square,
 * pad 2 px, bicubic down to 28x28 — measured on its byclass test set: longer side 22..24 px (median 24),
 * bbox centre at 13.5, strokes 3-4 px. Values were then tuned on pendigits' training writers
 * (scripts/evalHandwriting.ts --tune); see docs/handwriting.md.
 */
import { Stroke } from '../../../shared/types';
import { Box } from './drawing';
import { dilateDisc } from './morphology';

export const SIDE = 28;

export interface FrameParams {
  /** Longer side of the character's ink box, in output pixels (includes the stroke's width). */
  box: number;
  /** Pen width in output pixels. */
  thickness: number;
  /** Gaussian blur sigma applied after drawing (EMNIST's soft edges). */
  blur: number;
}

export const FRAME: FrameParams = { box: 22, thickness: 2.6, blur: 0.7 };

/** 1-D gaussian kernel of radius ceil(2.5 sigma). */
function kernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 2.5));
  const k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

/** Separable gaussian blur of a w x h image, in place. */
export function blurInPlace(img: Float32Array, w: number, h: number, sigma: number): void {
  if (sigma <= 0) return;
  const k = kernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(img.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i;
        if (xx >= 0 && xx < w) s += img[y * w + xx] * k[i + r];
      }
      tmp[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i;
        if (yy >= 0 && yy < h) s += tmp[yy * w + x] * k[i + r];
      }
      img[y * w + x] = s;
    }
}

/** Scales so the max is 1 (blur of thin ink lowers the peak; EMNIST strokes reach full white). */
function stretch(img: Float32Array): Float32Array {
  let m = 0;
  for (const v of img) if (v > m) m = v;
  if (m > 0 && m < 1) for (let i = 0; i < img.length; i++) img[i] = Math.min(1, img[i] / m);
  return img;
}

/**
 * Renders a character's strokes as a 28x28 image. Points are mapped so that the ink box (centre line box
 * grown by the pen width) fills FRAME.box px on its longer side, centred; each segment is drawn with an
 * anti-aliased round pen. A one-point stroke (a dot) becomes a round blob.
 */
export function renderStrokes(strokes: Stroke[], box: Box, p: FrameParams = FRAME): Float32Array {
  const img = new Float32Array(SIDE * SIDE);
  const w = box.x1 - box.x0, h = box.y1 - box.y0;
  const inner = Math.max(1, p.box - p.thickness);
  const longer = Math.max(w, h);
  // A lone dot or a tiny mark: draw it at pen size rather than blowing it up into a disc.
  const scale = longer > 0 ? inner / longer : 1;
  const cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
  const tx = (x: number): number => (x - cx) * scale + SIDE / 2;
  const ty = (y: number): number => (y - cy) * scale + SIDE / 2;
  const r = p.thickness / 2;
  for (const s of strokes) {
    const n = s.length;
    for (let i = 0; i < Math.max(1, n - 1); i++) {
      const ax = tx(s[i][0]), ay = ty(s[i][1]);
      const b = s[Math.min(i + 1, n - 1)];
      const bx = tx(b[0]), by = ty(b[1]);
      const dx = bx - ax, dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const xa = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1)), xb = Math.min(SIDE - 1, Math.ceil(Math.max(ax, bx) + r + 1));
      const ya = Math.max(0, Math.floor(Math.min(ay, by) - r - 1)), yb = Math.min(SIDE - 1, Math.ceil(Math.max(ay, by) + r + 1));
      for (let y = ya; y <= yb; y++)
        for (let x = xa; x <= xb; x++) {
          const px = x + 0.5, py = y + 0.5;
          let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
          const v = r + 0.5 - d; // 1 px anti-aliased edge
          if (v > 0) {
            const o = y * SIDE + x;
            const c = v > 1 ? 1 : v;
            if (c > img[o]) img[o] = c;
          }
        }
    }
  }
  blurInPlace(img, SIDE, SIDE, p.blur);
  return stretch(img);
}

/**
 * Frames a binary ink mask (1 = ink) of a character cut from an image: grows thin strokes to the pen
 * width the network expects at this scale, then area-resamples into the 28x28 frame and blurs.
 */
export function frameMask(mask: Uint8Array, w: number, h: number, p: FrameParams = FRAME): Float32Array {
  const longer = Math.max(w, h);
  const scale = p.box / longer;
  // Stroke width in source px ~ 2 * area / perimeter for long thin strokes.
  let area = 0, perim = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      area++;
      if (x === 0 || !mask[y * w + x - 1]) perim++;
      if (x === w - 1 || !mask[y * w + x + 1]) perim++;
      if (y === 0 || !mask[(y - 1) * w + x]) perim++;
      if (y === h - 1 || !mask[(y + 1) * w + x]) perim++;
    }
  const width = perim > 0 ? (2 * area) / perim : 1;
  const grow = Math.min(Math.round((p.thickness / scale - width) / 2), Math.ceil(longer / 8));
  // Pad so the grown ink stays inside, then dilate with a disc.
  const pad = Math.max(0, grow);
  const W = w + 2 * pad, H = h + 2 * pad;
  let m: Uint8Array = new Uint8Array(W * H);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[(y + pad) * W + x + pad] = mask[y * w + x];
  if (grow > 0) m = dilateDisc(m, W, H, grow);
  // Area resample: each output pixel averages the source pixels it covers.
  const S = longer + 2 * pad;
  const sc = p.box / S;
  const img = new Float32Array(SIDE * SIDE);
  const ox = SIDE / 2 - (W * sc) / 2, oy = SIDE / 2 - (H * sc) / 2;
  const cnt = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const X = Math.floor(ox + (x + 0.5) * sc), Y = Math.floor(oy + (y + 0.5) * sc);
      if (X < 0 || Y < 0 || X >= SIDE || Y >= SIDE) continue;
      img[Y * SIDE + X] += m[y * W + x];
      cnt[Y * SIDE + X] += 1;
    }
  // Up-scaling (a small crop) leaves holes; fill them by nearest source pixel.
  for (let Y = 0; Y < SIDE; Y++)
    for (let X = 0; X < SIDE; X++) {
      const o = Y * SIDE + X;
      if (cnt[o] > 0) img[o] /= cnt[o];
      else {
        const x = Math.floor((X + 0.5 - ox) / sc), y = Math.floor((Y + 0.5 - oy) / sc);
        img[o] = x >= 0 && y >= 0 && x < W && y < H ? m[y * W + x] : 0;
      }
    }
  blurInPlace(img, SIDE, SIDE, p.blur);
  return stretch(img);
}
