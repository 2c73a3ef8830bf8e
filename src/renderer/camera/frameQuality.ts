/**
 * Judging webcam frames in the window, before anything is sent: how bright a frame is and how
 * sharp. A voice "read this" grabs a few frames and keeps the sharpest that is bright enough,
 * because a webcam's first frames are often dark and a page held up by hand shakes.
 *
 * Sharpness is the same measure as main's check (src/main/engines/ocr/imageQuality.ts): the
 * 99.5th percentile of |Laplacian| over the contrast (2nd..98th percentile of grey), here on a
 * copy at most 320 px wide, so it is independent of how much text there is.
 */

import { contrastAndSharpness, MIN_MEAN_LUMINANCE } from '../../shared/imageSharpness';

/** Mean grey (0..255) under which a frame is too dark to read: main's own limit. */
export const DARK_MEAN = MIN_MEAN_LUMINANCE;

export interface FrameScore {
  /** Mean grey level 0..255. */
  brightness: number;
  /** 2nd..98th percentile range of grey. */
  contrast: number;
  /** |Laplacian| (99.5th percentile) / contrast; readable photos score >= 0.5. */
  sharpness: number;
}

/** Grey levels (BT.601 luma) of RGBA pixels. */
export function toGrey(rgba: ArrayLike<number>, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
  return out;
}

export function scoreGrey(grey: Uint8Array, width: number, height: number): FrameScore {
  if (width < 3 || height < 3 || grey.length < width * height) return { brightness: 0, contrast: 0, sharpness: 0 };
  const greyHist = new Uint32Array(256);
  let sum = 0;
  for (let i = 0; i < width * height; i++) {
    greyHist[grey[i]]++;
    sum += grey[i];
  }
  const n = width * height;
  // 4-neighbour Laplacian of the inner pixels; |value| <= 4*255.
  const lapHist = new Uint32Array(1021);
  for (let y = 1; y < height - 1; y++)
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - 4 * grey[i];
      lapHist[v < 0 ? -v : v]++;
    }
  return { brightness: sum / n, ...contrastAndSharpness(greyHist, lapHist) };
}

/** The frame to send: the sharpest of those bright enough; null when every frame is too dark. */
export function pickSharpest<T extends { score: FrameScore }>(frames: T[]): T | null {
  let best: T | null = null;
  for (const f of frames) if (f.score.brightness >= DARK_MEAN && (!best || f.score.sharpness > best.score.sharpness)) best = f;
  return best;
}
