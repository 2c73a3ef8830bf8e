/**
 * A character's pen trajectory as the trajectory network reads it: the strokes in writing order, joined by
 * their pen-up moves, resampled to STEPS points evenly spaced along the path. Each point gives x and y
 * (box-centred, divided by the box's longer side, so aspect is kept), the unit direction of travel, and
 * whether the pen is down. The image CNN sees where the ink is; this sees how it was drawn (stroke order
 * and direction), which tells apart shapes a 28x28 frame makes alike.
 */
import { Stroke } from '../../../shared/types';
import { simplifyDrawing, strokeBox, unionBox } from './drawing';

export const STEPS = 64;
export const CHANNELS = 5;
/** What a trajectory model's manifest names in input.features; a model made for another encoding is refused. */
export const TRAJECTORY_FEATURES = 'pen-trajectory/1: 64 steps x (x, y, dx, dy, pen down)';
/** A dot (an i's, a j's) still gets its share of samples: a stroke counts as at least this long (box side = 1). */
const MIN_STROKE = 0.06;

/** [x0, y0, x1, y1, length, pen down] */
type Segment = [number, number, number, number, number, number];

function segmentsOf(strokes: readonly Stroke[]): Segment[] {
  const box = strokes.map(strokeBox).reduce(unionBox);
  const side = Math.max(box.x1 - box.x0, box.y1 - box.y0) || 1;
  const cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
  const segs: Segment[] = [];
  let prev: [number, number] | undefined;
  for (const st of strokes) {
    if (st.length === 0) continue;
    const pts = st.map((p): [number, number] => [(p[0] - cx) / side, (p[1] - cy) / side]);
    if (prev) segs.push([prev[0], prev[1], pts[0][0], pts[0][1], Math.hypot(pts[0][0] - prev[0], pts[0][1] - prev[1]), 0]);
    const own: Segment[] = [];
    let len = 0;
    for (let i = 1; i < pts.length; i++) {
      const l = Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
      own.push([pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1], l, 1]);
      len += l;
    }
    if (len < MIN_STROKE) {
      // Stretch a short stroke's length (not its place) so it is sampled at all.
      if (own.length === 0) own.push([pts[0][0], pts[0][1], pts[0][0], pts[0][1], MIN_STROKE, 1]);
      else for (const g of own) g[4] = len > 0 ? (g[4] * MIN_STROKE) / len : MIN_STROKE / own.length;
    }
    segs.push(...own);
    prev = pts[pts.length - 1];
  }
  return segs;
}

/** STEPS x CHANNELS floats (step-major) for one character's strokes (already simplified, as the engine holds them). */
export function strokeFeatures(strokes: readonly Stroke[], out: Float32Array = new Float32Array(STEPS * CHANNELS), offset = 0): Float32Array {
  const segs = segmentsOf(strokes);
  if (segs.length === 0) return out;
  const total = segs.reduce((a, g) => a + g[4], 0) || 1;
  let si = 0, acc = 0;
  for (let k = 0; k < STEPS; k++) {
    const target = ((k + 0.5) / STEPS) * total;
    while (si < segs.length - 1 && acc + segs[si][4] < target) acc += segs[si++][4];
    const g = segs[si];
    const f = g[4] > 0 ? Math.min(1, Math.max(0, (target - acc) / g[4])) : 0;
    const dx = g[2] - g[0], dy = g[3] - g[1], dl = Math.hypot(dx, dy);
    const o = offset + k * CHANNELS;
    out[o] = g[0] + f * dx;
    out[o + 1] = g[1] + f * dy;
    out[o + 2] = dl > 0 ? dx / dl : 0;
    out[o + 3] = dl > 0 ? dy / dl : 0;
    out[o + 4] = g[5];
  }
  return out;
}

/**
 * A character's trajectory from its strokes as drawn: simplified as recognizeDrawing simplifies a drawing,
 * then encoded. What training (renderPenData.ts) and the user's corrections encode.
 */
export function characterFeatures(strokes: Stroke[], out?: Float32Array, offset?: number): Float32Array {
  return strokeFeatures(simplifyDrawing({ strokes }).strokes, out, offset);
}

/** n characters' trajectories one after another (n x STEPS x CHANNELS floats), each encoded by `encode`. */
export function trajectoriesOf(
  chars: readonly Stroke[][],
  encode: (strokes: Stroke[], out: Float32Array, offset: number) => Float32Array = strokeFeatures,
): Float32Array {
  const size = STEPS * CHANNELS;
  const out = new Float32Array(chars.length * size);
  chars.forEach((c, i) => encode(c, out, i * size));
  return out;
}
