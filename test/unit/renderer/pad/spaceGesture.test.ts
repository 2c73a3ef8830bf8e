/**
 * The space gesture must never fire on letters: every prefix of words written with the hand-authored
 * pen paths (the e2e letters: the bars of T, A, H, E, L included) is checked, then real gestures.
 */
import { isSpaceGesture } from '../../../../src/renderer/pad/spaceGesture';
import type { Stroke } from '../../../../src/shared/types';
import { fixtureLetters, samplePath } from '../../../fixtures/handwriting/penPaths';

const LETTERS = fixtureLetters('capitals');
const HEIGHT = 120;
const TOP = 40;

function word(w: string): Stroke[] {
  const strokes: Stroke[] = [];
  let x = 70;
  for (const c of w) {
    for (const s of LETTERS[c]) strokes.push(samplePath(s, 3 / HEIGHT).map(([ux, uy]) => [x + ux * HEIGHT, TOP + uy * HEIGHT]));
    x += 1.05 * HEIGHT;
  }
  return strokes;
}
const right = (s: Stroke[]) => Math.max(...s.flat().map((p) => p[0]));
const line = (x0: number, x1: number, y: number, wobble = 2): Stroke =>
  Array.from({ length: 12 }, (_, i) => [x0 + ((x1 - x0) * i) / 11, y + (i % 2 ? wobble : -wobble)]);

test('no stroke of these words is taken for the gesture', () => {
  for (const w of ['CAT', 'THE', 'LATE', 'HELL', 'TEN', 'AT', 'EXACT', 'VAN', 'TOTAL', 'T', 'A', 'E']) {
    const s = word(w);
    for (let i = 1; i <= s.length; i++) expect([w, i, isSpaceGesture(s.slice(0, i))]).toEqual([w, i, false]);
  }
});

test('a line left to right after the word, on or under its lower half, is the gesture', () => {
  const s = word('CAT');
  const x = right(s) + 10;
  expect(isSpaceGesture([...s, line(x, x + 150, TOP + HEIGHT - 5)])).toBe(true);
  expect(isSpaceGesture([...s, line(x, x + 150, TOP + HEIGHT + 30)])).toBe(true);
  // Starting a little inside the last letter still counts (people start where the pen is).
  expect(isSpaceGesture([...s, line(x - 25, x + 150, TOP + HEIGHT)])).toBe(true);
});

test('not the gesture: right to left, too short, at the top (a T bar), in the middle (a dash), inside the word, slanted, or alone', () => {
  const s = word('CAT');
  const x = right(s) + 10;
  expect(isSpaceGesture([...s, line(x + 150, x, TOP + HEIGHT)])).toBe(false);
  expect(isSpaceGesture([...s, line(x, x + 60, TOP + HEIGHT)])).toBe(false);
  expect(isSpaceGesture([...s, line(x, x + 150, TOP + 5)])).toBe(false);
  expect(isSpaceGesture([...s, line(x, x + 150, TOP + HEIGHT / 2)])).toBe(false);
  expect(isSpaceGesture([...s, line(100, 400, TOP + HEIGHT)])).toBe(false);
  expect(isSpaceGesture([...s, [[x, TOP + HEIGHT], [x + 150, TOP + HEIGHT - 60]]])).toBe(false);
  expect(isSpaceGesture([line(x, x + 150, TOP + HEIGHT)])).toBe(false);
});
