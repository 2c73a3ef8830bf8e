/**
 * Issue 13's adversarial drawing: many short strokes scribbled over one spot (2,000 strokes of 10 points by
 * default, inside the documented limits). Once cost the segmenter the cube of the stroke count (66 s).
 * Deterministic: each stroke a small zig-zag around the same centre, offset by a fraction of a pixel.
 */
import type { Drawing, Stroke } from '../../src/shared/types';

export function overlappingStrokes(strokes = 2000, points = 10): Drawing {
  const out: Stroke[] = [];
  for (let s = 0; s < strokes; s++) {
    const st: Stroke = [];
    const dx = ((s * 7) % 13) / 13, dy = ((s * 5) % 11) / 11;
    for (let p = 0; p < points; p++) st.push([100 + dx + (p % 2 ? 30 : -30) * Math.cos(s + p), 100 + dy + 40 * Math.sin(s * 3 + p), s * 10 + p]);
    out.push(st);
  }
  return { strokes: out };
}
