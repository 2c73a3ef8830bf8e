/**
 * Stroke-level augmentation for training the pad's CNN: the ways real pads and writers differ, applied to
 * the points BEFORE the app's own renderer draws them (so the network only ever sees what the app renders).
 * Pen width is not varied: the engine re-draws every character from its points at one width
 * (normalize.ts FRAME), so the pad's ink width never reaches the network.
 */
import { Point, Stroke } from '../../src/shared/types';

export type Rng = () => number;

/** Standard normal from a uniform rng (Box-Muller). */
function gauss(r: Rng): number {
  const u = Math.max(1e-12, r());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const uni = (r: Rng, a: number, b: number): number => a + (b - a) * r();

function extent(strokes: Stroke[]): { cx: number; cy: number; size: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of strokes)
    for (const p of s) {
      x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]);
      y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]);
    }
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, size: Math.max(x1 - x0, y1 - y0, 1e-9) };
}

/** Re-samples a stroke at a fixed arc-length step (a slow mouse / a low report rate gives long straight pieces). */
function resampleByDistance(s: Stroke, step: number): Stroke {
  if (s.length < 3) return s;
  const out: Point[] = [[s[0][0], s[0][1]]];
  let acc = 0;
  for (let i = 1; i < s.length; i++) {
    acc += Math.hypot(s[i][0] - s[i - 1][0], s[i][1] - s[i - 1][1]);
    if (acc >= step) {
      out.push([s[i][0], s[i][1]]);
      acc = 0;
    }
  }
  const last = s[s.length - 1];
  const q = out[out.length - 1];
  if (q[0] !== last[0] || q[1] !== last[1]) out.push([last[0], last[1]]);
  return out;
}

/** A short hook at a stroke's end: the pen landing or lifting with a flick. */
function hook(s: Stroke, atStart: boolean, len: number, r: Rng): Stroke {
  if (s.length < 2) return s;
  const a = atStart ? s[0] : s[s.length - 1];
  const b = atStart ? s[1] : s[s.length - 2];
  // Direction: mostly backwards along the stroke, turned by a random angle.
  const base = Math.atan2(a[1] - b[1], a[0] - b[0]);
  const ang = base + uni(r, -2.2, 2.2);
  const p: Point = [a[0] + Math.cos(ang) * len, a[1] + Math.sin(ang) * len];
  return atStart ? [p, ...s] : [...s, p];
}

/**
 * One random variant of a character. Every step is drawn from `r`, so a (sample, copy) seed reproduces it
 * exactly (the render-parity test relies on that).
 */
export function augmentStrokes(strokes: Stroke[], r: Rng): Stroke[] {
  const { cx, cy, size } = extent(strokes);
  // Global affine: slant (shear), aspect, rotation, all about the centre.
  const shear = uni(r, -0.35, 0.35);
  const rot = gauss(r) * 0.09;
  const aspect = Math.exp(gauss(r) * 0.15);
  const cos = Math.cos(rot), sin = Math.sin(rot);
  const sx = Math.sqrt(aspect), sy = 1 / Math.sqrt(aspect);
  const jitter = r() < 0.5 ? 0 : uni(r, 0.003, 0.015) * size;
  const strokeShift = r() < 0.5 ? 0 : uni(r, 0.01, 0.04) * size;
  const mode = r();
  let out: Stroke[] = strokes.map((s) => {
    const ox = gauss(r) * strokeShift, oy = gauss(r) * strokeShift;
    return s.map((p): Point => {
      let x = (p[0] - cx) / size, y = (p[1] - cy) / size;
      x += shear * -y; // y points down: a positive shear slants the top to the right
      x *= sx; y *= sy;
      const xr = x * cos - y * sin, yr = x * sin + y * cos;
      return [xr + (ox + gauss(r) * jitter) / size, yr + (oy + gauss(r) * jitter) / size];
    });
  });
  // Sampling: as recorded, a coarse mouse-like polyline, or randomly dropped points.
  if (mode < 0.25) {
    const step = uni(r, 0.04, 0.12);
    out = out.map((s) => resampleByDistance(s, step));
  } else if (mode < 0.45) {
    const keep = uni(r, 0.35, 0.8);
    out = out.map((s) => (s.length < 4 ? s : s.filter((_, i) => i === 0 || i === s.length - 1 || r() < keep)));
  }
  if (r() < 0.2) {
    const i = Math.floor(r() * out.length);
    out[i] = hook(out[i], r() < 0.5, uni(r, 0.03, 0.09), r);
  }
  return out;
}
