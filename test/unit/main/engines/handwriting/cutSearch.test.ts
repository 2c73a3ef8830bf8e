/**
 * Segmentation driven by recognition (cutSearch.ts) through the real engine and CNN, on hand-authored pen
 * paths (no data set): letters drawn in separate strokes stay one character, touching letters split, and
 * the search is bounded. The geometric rules alone are run on the same drawings to show what changed.
 * Real pen data: test/unit/main/engines/handwriting/penSegmentation.test.ts.
 */
import * as path from 'path';
import { createHandwritingEngine, HandwritingEngine } from '../../../../../src/main/engines/handwriting';
import { proposeWord } from '../../../../../src/main/engines/handwriting/cutSearch';
import { fold } from '../../../../../src/main/engines/handwriting/decode';
import { strokeBox, unionBox } from '../../../../../src/main/engines/handwriting/drawing';
import { loadLetterPaths, penWord } from '../../../../fixtures/handwriting/penPaths';

const FIX = path.join(__dirname, '..', '..', '..', '..', 'fixtures');
const CAPS = loadLetterPaths(path.join(FIX, 'e2e', 'letters.json'));
const MULTI = loadLetterPaths(path.join(FIX, 'handwriting', 'multiStroke.json'));

let engine: HandwritingEngine;
beforeAll(async () => {
  engine = await createHandwritingEngine({ preload: ['full'], workers: 0 });
});
afterAll(() => engine.close());

const chars = (r: { words: { chars: unknown[] }[] }): number => r.words.reduce((n, w) => n + w.chars.length, 0);

describe('recognition-driven segmentation (real CNN, hand-authored strokes)', () => {
  test.each(['W', 'E', 'F', 'K'])('%s drawn in separate strokes is one character (the box rules alone cut it)', async (letter) => {
    for (const seed of [0, 1, 2]) {
      const d = penWord(MULTI, letter, seed);
      const r = await engine.recognizeDrawing(d);
      expect(r.text).toBe(letter);
      expect(chars(await engine.recognizeDrawing(d, { segmentation: 'geometric' }))).toBeGreaterThan(1);
    }
  });

  test('touching letters split: HAT with letters overlapping by a tenth of their height (the box rules read AT)', async () => {
    for (const seed of [0, 1, 2]) {
      const d = penWord(CAPS, 'HAT', seed, 120, -0.1);
      expect((await engine.recognizeDrawing(d)).text).toBe('HAT');
      expect(chars(await engine.recognizeDrawing(d, { segmentation: 'geometric' }))).toBe(2);
    }
  });

  // A straight stroke as a pen reports it: points every few pixels.
  const seg = (x0: number, y0: number, x1: number, y1: number): [number, number][] =>
    Array.from({ length: 13 }, (_, k) => [x0 + ((x1 - x0) * k) / 12, y0 + ((y1 - y0) * k) / 12] as [number, number]);

  test('an i whose dot is a dash far above its stem, and a Y whose stem stops short of its arms, are one character (the box rules make two lines)', async () => {
    const iDash = [seg(0, 60, 4, 120), seg(8, 0, 10, 38)];
    const yShort = [[...seg(0, 0, 25, 50), ...seg(25, 50, 50, 0).slice(1)], seg(25, 66, 25, 100)];
    for (const [strokes, want] of [[iDash, 'l'], [yShort, 'y']] as const) {
      expect((await engine.recognizeDrawing({ strokes }, { segmentation: 'geometric' })).text).toContain('\n');
      for (const model of ['full', 'letters'] as const) {
        const r = await engine.recognizeDrawing({ strokes }, { model });
        expect(chars(r)).toBe(1);
        // The i reads as a bar (i, I, l or 1: one shape without context).
        expect(fold(r.text) === want || (want === 'l' && fold(r.text) === 'i')).toBe(true);
      }
    }
  });

  test('two characters written one over the other, as tall as each other, stay two lines', async () => {
    const sevenOverOne = [seg(0, 0, 40, 0).concat(seg(40, 0, 15, 80).slice(1)), seg(10, 130, 10, 210)];
    for (const model of ['full', 'letters'] as const) expect((await engine.recognizeDrawing({ strokes: sevenOverOne }, { model })).text.split('\n')).toHaveLength(2);
  });

  test('well-spaced and touching words still read right', async () => {
    for (const gap of [0.15, -0.08])
      for (const seed of [0, 1]) expect((await engine.recognizeDrawing(penWord(CAPS, 'CAT', seed, 120, gap))).text).toBe('CAT');
  });
});

describe('cut proposals are bounded', () => {
  test('a character of many strokes is not split, and no character proposes more than 16 frames', () => {
    // A scribble of 7 strokes (one geometric character) next to a 3-stroke H.
    const strokes = [
      ...Array.from({ length: 7 }, (_, i) => [[i * 3, 0], [i * 3 + 20, 100]]),
      [[60, 0], [60, 100]], [[60, 50], [90, 50]], [[90, 0], [90, 100]],
    ] as [number, number][][];
    const items = strokes.map((s, i) => ({ box: strokeBox(s), order: i }));
    const word = [
      { items: [0, 1, 2, 3, 4, 5, 6], box: strokes.slice(0, 7).map(strokeBox).reduce(unionBox) },
      { items: [7, 8, 9], box: strokes.slice(7).map(strokeBox).reduce(unionBox) },
    ];
    const p = proposeWord(items, word, 100);
    // The scribble: itself and its merge with the H only; the H: itself and its splits.
    expect(p.moves[0].every((m) => m.parts.length === 1)).toBe(true);
    expect(p.moves[1].some((m) => m.parts.length > 1)).toBe(true);
    expect(p.hyps.length).toBeLessThanOrEqual(2 * 17);
  });
});
