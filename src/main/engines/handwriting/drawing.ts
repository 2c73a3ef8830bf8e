/**
 * Drawing input: validation of the pad/CLI JSON (and the Quick, Draw! layout), then bounding of the work
 * (point caps, resampling) so a 10,000-point scribble costs no more than a normal word.
 */
import { LIMITS } from '../../../shared/contract';
import { MambaError } from '../../../shared/errors';
import { Drawing, Point, Stroke } from '../../../shared/types';

/**
 * Above these a drawing is refused outright (the contract's limits, so the pad, the CLI and the engine
 * agree); below them, it is resampled down to MAX_POINTS_KEPT.
 */
export const MAX_POINTS_ACCEPTED = LIMITS.drawingPoints;
export const MAX_STROKES = LIMITS.drawingStrokes;
export const MAX_POINTS_KEPT = 4_000;

const FIX_DRAWING = 'send {"strokes": [[[x, y], [x, y, t], ...], ...]} with numbers only';

function bad(msg: string): MambaError {
  return new MambaError('BAD_INPUT', `Drawing is not valid: ${msg}`, FIX_DRAWING);
}

function parsePoint(p: unknown, where: string): Point {
  if (!Array.isArray(p) || p.length < 2 || p.length > 4) throw bad(`${where} must be [x, y] or [x, y, t]`);
  for (const v of p) if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${where} has a value that is not a finite number`);
  return p.slice() as Point;
}

/** Quick, Draw! / ink layout: a stroke is [[x0, x1, ...], [y0, y1, ...], [t0, t1, ...]?]. */
function isColumnStroke(s: unknown, preferColumns: boolean): s is number[][] {
  if (!Array.isArray(s) || (s.length !== 2 && s.length !== 3) || !s.every((c) => Array.isArray(c))) return false;
  const n = (s[0] as unknown[]).length;
  if (n !== (s[1] as unknown[]).length || !(s[0] as unknown[]).every((v) => typeof v === 'number')) return false;
  // [[x,y],[x,y]] or [[x,y,t]x3] read either way: the "drawing" key (Quick, Draw!) decides, else points.
  return preferColumns || n < 2 || n > 4;
}

/**
 * Validates a drawing from outside (IPC, file, WebSocket). Accepts {"strokes": [...]}, a bare array of
 * strokes, and Quick, Draw!'s {"drawing": [[[xs],[ys],[ts]], ...]}. Unknown keys are ignored.
 */
export function parseDrawing(json: unknown): Drawing {
  let strokes: unknown = json;
  let preferColumns = false;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    strokes = o.strokes ?? o.drawing;
    preferColumns = o.strokes === undefined && o.drawing !== undefined;
  }
  if (!Array.isArray(strokes)) throw bad('expected a "strokes" array');
  if (strokes.length > MAX_STROKES)
    throw new MambaError('TOO_LARGE', `Drawing has ${strokes.length} strokes; at most ${MAX_STROKES} are accepted`, 'clear the pad and write less at a time');
  const out: Stroke[] = [];
  let total = 0;
  strokes.forEach((s, i) => {
    let pts: Point[];
    if (isColumnStroke(s, preferColumns)) {
      const [xs, ys, ts] = s;
      pts = xs.map((x, j) => parsePoint(ts && ts.length === xs.length ? [x, ys[j], ts[j]] : [x, ys[j]], `stroke ${i} point ${j}`));
    } else if (Array.isArray(s)) {
      pts = s.map((p, j) => parsePoint(p, `stroke ${i} point ${j}`));
    } else throw bad(`stroke ${i} is not a list of points`);
    total += pts.length;
    if (total > MAX_POINTS_ACCEPTED)
      throw new MambaError('TOO_LARGE', `Drawing has more than ${MAX_POINTS_ACCEPTED} points`, 'clear the pad and write less at a time');
    if (pts.length > 0) out.push(pts);
  });
  return { strokes: out };
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function strokeBox(s: Stroke): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of s) {
    if (p[0] < x0) x0 = p[0];
    if (p[0] > x1) x1 = p[0];
    if (p[1] < y0) y0 = p[1];
    if (p[1] > y1) y1 = p[1];
  }
  return { x0, y0, x1, y1 };
}

/** How far v lies outside the span [lo, hi] (0 inside it). */
export const distanceToSpan = (v: number, lo: number, hi: number): number => (v < lo ? lo - v : v > hi ? v - hi : 0);

/** Index of the span nearest to v (the first of equally near ones): where a small mark is attached. */
export function nearestSpan(v: number, spans: readonly (readonly [number, number])[]): number {
  let best = 0, bestD = Infinity;
  spans.forEach(([lo, hi], k) => {
    const d = distanceToSpan(v, lo, hi);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  });
  return best;
}

export function unionBox(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * Drops points closer than `minDist` to the previous kept one (pads report at 60-240 Hz, so a slow pen
 * piles up duplicates), then, if the drawing is still above MAX_POINTS_KEPT, keeps every k-th point.
 * Each stroke keeps its first and last point, so shapes and segmentation are unchanged.
 */
export function simplifyDrawing(d: Drawing): Drawing {
  if (d.strokes.length === 0) return d;
  const box = d.strokes.map(strokeBox).reduce(unionBox);
  const diag = Math.hypot(box.x1 - box.x0, box.y1 - box.y0);
  const minDist = diag / 400;
  let strokes = d.strokes.map((s) => {
    if (s.length <= 2) return s;
    const kept: Point[] = [s[0]];
    for (let i = 1; i < s.length - 1; i++) {
      const q = kept[kept.length - 1];
      if (Math.hypot(s[i][0] - q[0], s[i][1] - q[1]) >= minDist) kept.push(s[i]);
    }
    kept.push(s[s.length - 1]);
    return kept;
  });
  const total = strokes.reduce((a, s) => a + s.length, 0);
  if (total > MAX_POINTS_KEPT) {
    const k = Math.ceil(total / MAX_POINTS_KEPT);
    strokes = strokes.map((s) => (s.length <= 2 ? s : s.filter((_, i) => i % k === 0 || i === s.length - 1)));
  }
  return { strokes };
}
