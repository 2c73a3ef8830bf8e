/**
 * A cheap test (one pass over the binary page) of whether a page can hold writing, run before the
 * handwriting pass: ink on paper covers a few percent of a page and changes to paper rarely along a row;
 * noise, grass, stripes and wood grain binarise to 29-48% ink and up to one ink/paper change every 2 px.
 * Measured on generated photos (docs/robustness.md): printed pages 0.1-6% ink and <= 0.017 changes per
 * pixel; text-less textures >= 29% ink and >= 0.088 changes per pixel.
 */
import type { GreyImage } from '../../platform/greyImage';

/** More ink than this is a texture, not writing (the densest printed pages measured reach 6%). */
export const MAX_TEXT_INK = 0.25;
/** Fewer ink pixels than this: nothing written at all. */
export const MIN_TEXT_INK = 0.002;
/** Ink/paper changes along rows per pixel above this: a texture (text pages measured <= 0.017). */
export const MAX_TEXT_TRANSITIONS = 0.06;

export interface InkStats {
  /** Fraction of pixels that are ink (< 128). */
  ink: number;
  /** Ink/paper changes between horizontal neighbours, per pixel. */
  transitions: number;
}

/** Ink statistics of the window [x0, x1) x [y0, y1) of the image (default: all of it). */
export function inkStats(img: GreyImage, x0 = 0, y0 = 0, x1 = img.width, y1 = img.height): InkStats {
  const { data, width: w } = img;
  let ink = 0, transitions = 0;
  for (let y = y0; y < y1; y++) {
    let prev = data[y * w + x0] < 128;
    if (prev) ink++;
    for (let x = x0 + 1; x < x1; x++) {
      const cur = data[y * w + x] < 128;
      if (cur) ink++;
      if (cur !== prev) transitions++;
      prev = cur;
    }
  }
  const n = Math.max(1, (x1 - x0) * (y1 - y0));
  return { ink: ink / n, transitions: transitions / n };
}

/** Tiles per side for textTiles(). */
export const TILES = 8;
/** A tile is texture above these (looser than the whole page: a tile may be all dense text). */
export const MAX_TILE_INK = 0.3;
export const MAX_TILE_TRANSITIONS = 0.08;

/**
 * How many of TILES x TILES tiles of the binary page could hold writing (some ink, not a texture).
 * None: the photo is noise, grass, stripes or a bare surface, and Tesseract (1-2.5 s on such a photo)
 * is not run. One is enough to run it, so a page on a busy desk is still read.
 */
export function textTiles(img: GreyImage): number {
  const { width: w, height: h } = img;
  let n = 0;
  for (let ty = 0; ty < TILES; ty++)
    for (let tx = 0; tx < TILES; tx++) {
      const x0 = Math.floor((tx * w) / TILES), x1 = Math.floor(((tx + 1) * w) / TILES);
      const y0 = Math.floor((ty * h) / TILES), y1 = Math.floor(((ty + 1) * h) / TILES);
      if (x1 <= x0 || y1 <= y0) continue;
      const s = inkStats(img, x0, y0, x1, y1);
      if (s.ink >= MIN_TEXT_INK && s.ink <= MAX_TILE_INK && s.transitions <= MAX_TILE_TRANSITIONS) n++;
    }
  return n;
}

/** True when the binary page (black ink on white) could hold writing worth a handwriting pass. */
export function pageLooksLikeText(img: GreyImage): boolean {
  const s = inkStats(img);
  return s.ink >= MIN_TEXT_INK && s.ink <= MAX_TEXT_INK && s.transitions <= MAX_TEXT_TRANSITIONS;
}
