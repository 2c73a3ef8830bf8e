/**
 * Pure geometry of the region selector (no DOM, so it is unit-tested in Node): fitting the
 * image into the stage, turning a drag into a rectangle, keyboard nudges and resizes, and the
 * integer pixel rectangle sent to main. Rectangles are in image pixels unless named `view`.
 */
import type { ImageRegion } from '../../shared/contract';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Size {
  width: number;
  height: number;
}

/** Where the image is drawn in the stage: centred, whole, at most `maxScale` (small images are not blown up past it). */
export function fitImage(image: Size, stage: Size, maxScale = 2): Rect & { scale: number } {
  const scale = Math.max(1e-6, Math.min(stage.width / image.width, stage.height / image.height, maxScale));
  const width = image.width * scale;
  const height = image.height * scale;
  return { x: (stage.width - width) / 2, y: (stage.height - height) / 2, width, height, scale };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** A stage point (CSS px) as an image point, clamped to the image. */
export function toImagePoint(fit: Rect & { scale: number }, image: Size, px: number, py: number): { x: number; y: number } {
  return { x: clamp((px - fit.x) / fit.scale, 0, image.width), y: clamp((py - fit.y) / fit.scale, 0, image.height) };
}

/** The rectangle spanned by two corners (drag start and current point), any direction. */
export function rectFromCorners(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

/** Keep a rectangle inside the image (moved back in, shrunk only if larger than the image). */
export function clampRect(r: Rect, image: Size): Rect {
  const width = clamp(r.width, 0, image.width);
  const height = clamp(r.height, 0, image.height);
  return { x: clamp(r.x, 0, image.width - width), y: clamp(r.y, 0, image.height - height), width, height };
}

export type Arrow = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
const DIR: Record<Arrow, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** Arrow keys: move the rectangle, or (resize) move its right/bottom edge; `step` in image px. */
export function nudge(r: Rect, key: Arrow, step: number, image: Size, resize: boolean, minEdge = 1): Rect {
  const [dx, dy] = DIR[key];
  if (!resize) return clampRect({ ...r, x: r.x + dx * step, y: r.y + dy * step }, image);
  const width = clamp(r.width + dx * step, minEdge, image.width - r.x);
  const height = clamp(r.height + dy * step, minEdge, image.height - r.y);
  return { ...r, width, height };
}

/** The rectangle a keyboard user starts from: the middle half of the image. */
export function centredRect(image: Size): Rect {
  return { x: image.width / 4, y: image.height / 4, width: image.width / 2, height: image.height / 2 };
}

/** Whole pixels, inside the image, covering the selection (what main receives). */
export function toRegion(r: Rect, image: Size): ImageRegion {
  const x = clamp(Math.floor(r.x), 0, image.width - 1);
  const y = clamp(Math.floor(r.y), 0, image.height - 1);
  const right = clamp(Math.ceil(r.x + r.width), x + 1, image.width);
  const bottom = clamp(Math.ceil(r.y + r.height), y + 1, image.height);
  return { x, y, width: right - x, height: bottom - y };
}

export function contains(r: Rect, p: { x: number; y: number }): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}
