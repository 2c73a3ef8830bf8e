/**
 * The space gesture: a straight line drawn left to right after the word, at or below its middle
 * (like the space bar under the text). It commits the word and is not ink. Kept strict so that the
 * letters people write are never taken for it: the bar of a T sits at the top, the bar of an A or H
 * starts inside the letter, a dash sits in the middle and is short.
 */
import type { Stroke } from '../../shared/types';

/** Height of the line over its length, at most. */
const MAX_SLANT = 0.2;
/** The line is at least this many times the word's height long, and at least MIN_LENGTH_PX. */
const MIN_LENGTH_OF_HEIGHT = 1;
const MIN_LENGTH_PX = 50;
/** It starts no further left than this share of the word's height before the word's right end. */
const START_SLACK = 0.25;
/** Its height on the word, from the top (0) to the bottom (1): at least this low. */
const MIN_DEPTH = 0.55;

interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function bounds(strokes: Stroke[]): Bounds {
  const b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (const s of strokes)
    for (const [x, y] of s) {
      b.x0 = Math.min(b.x0, x);
      b.y0 = Math.min(b.y0, y);
      b.x1 = Math.max(b.x1, x);
      b.y1 = Math.max(b.y1, y);
    }
  return b;
}

/** Is the last stroke the space gesture after the ink before it? */
export function isSpaceGesture(strokes: Stroke[]): boolean {
  if (strokes.length < 2) return false;
  const line = strokes[strokes.length - 1];
  if (line.length < 2) return false;
  const word = bounds(strokes.slice(0, -1));
  const height = Math.max(1, word.y1 - word.y0);
  const l = bounds([line]);
  const [sx] = line[0];
  const [ex] = line[line.length - 1];
  const length = ex - sx;
  if (length < Math.max(MIN_LENGTH_PX, MIN_LENGTH_OF_HEIGHT * height)) return false; // short, or right to left
  if (l.y1 - l.y0 > MAX_SLANT * length) return false;
  if (sx < word.x1 - START_SLACK * height) return false;
  const y = (l.y0 + l.y1) / 2;
  return y >= word.y0 + MIN_DEPTH * height;
}
