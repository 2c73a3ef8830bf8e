/** Drawing validation, bounding of huge input and segmentation (strokes -> chars -> words), no CNN needed. */
import * as path from 'path';
import { Stroke } from '../../../../../src/shared/types';
import { parseDrawing, simplifyDrawing, strokeBox, MAX_POINTS_KEPT } from '../../../../../src/main/engines/handwriting/drawing';
import { segment } from '../../../../../src/main/engines/handwriting/segment';
import { loadPendigits } from '../../../../../scripts/datasets/pendigits';
import { renderStrokes } from '../../../../../src/main/engines/handwriting/normalize';
import { MambaError } from '../../../../../src/shared/errors';
import { dataDir, describeWithData } from '../../../../fixtures/dataSets';
import { handDigits } from '../../../../fixtures/handwriting/penPaths';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof MambaError ? e.code : 'not-mamba';
  }
  return undefined;
}

function segmentStrokes(strokes: Stroke[]) {
  return segment(strokes.map((s, i) => ({ box: strokeBox(s), order: i })));
}

/** A line segment stroke from (x0,y0) to (x1,y1). */
const line = (x0: number, y0: number, x1: number, y1: number): Stroke => [[x0, y0], [(x0 + x1) / 2, (y0 + y1) / 2], [x1, y1]];

describe('parseDrawing', () => {
  test('accepts {strokes}, ignores unknown keys, keeps t', () => {
    const d = parseDrawing({ strokes: [[[0, 0], [1, 2, 16]]], width: 300, tool: 'pen' });
    expect(d.strokes).toEqual([[[0, 0], [1, 2, 16]]]);
  });
  test('accepts the Quick, Draw! layout [[xs],[ys],[ts]]', () => {
    const d = parseDrawing({ drawing: [[[0, 5, 9], [1, 2, 3], [0, 10, 20]]], word: 'cat' });
    expect(d.strokes).toEqual([[[0, 1, 0], [5, 2, 10], [9, 3, 20]]]);
  });
  test('rejects malformed input with BAD_INPUT and absurd sizes with TOO_LARGE', () => {
    expect(code(() => parseDrawing(null))).toBe('BAD_INPUT');
    expect(code(() => parseDrawing({ strokes: 'abc' }))).toBe('BAD_INPUT');
    expect(code(() => parseDrawing({ strokes: [[[0, 'x']]] }))).toBe('BAD_INPUT');
    expect(code(() => parseDrawing({ strokes: [[[0, NaN]]] }))).toBe('BAD_INPUT');
    expect(code(() => parseDrawing({ strokes: [[[0, 1, 2, 3, 4]]] }))).toBe('BAD_INPUT');
    expect(code(() => parseDrawing({ strokes: Array.from({ length: 3000 }, () => [[0, 0]]) }))).toBe('TOO_LARGE');
  });
});

describe('simplifyDrawing', () => {
  test('a 10,000-point scribble is cut to a bounded number of points, ends kept', () => {
    const pts: Stroke = Array.from({ length: 10000 }, (_, i) => [Math.sin(i / 3) * 100 + i / 20, Math.cos(i / 7) * 80, i]);
    const s = simplifyDrawing({ strokes: [pts] });
    const n = s.strokes[0].length;
    expect(n).toBeLessThanOrEqual(MAX_POINTS_KEPT + 1);
    expect(n).toBeGreaterThan(100);
    expect(s.strokes[0][0]).toEqual(pts[0]);
    expect(s.strokes[0][n - 1]).toEqual(pts[pts.length - 1]);
  });
});

describe('segment', () => {
  test("i-dot and t-cross join their stems; a 4-stroke E is one character", () => {
    const i = [line(0, 30, 0, 100), [[1, 5]] as Stroke];
    const t = [line(40, 0, 40, 100), line(25, 30, 58, 30)];
    const E = [line(80, 0, 80, 100), line(80, 0, 120, 0), line(80, 50, 112, 50), line(80, 100, 120, 100)];
    const lines = segmentStrokes([...i, ...t, ...E]);
    expect(lines).toHaveLength(1);
    expect(lines[0].words).toHaveLength(1);
    expect(lines[0].words[0].map((c) => c.items)).toEqual([[0, 1], [2, 3], [4, 5, 6, 7]]);
  });

  test('a Y whose stem is drawn dead vertical under its arms is one line and one character', () => {
    // The stem is taller than the arms, so it founds the line; a stroke of no width overlapped nothing.
    const Y = [[...line(0, 0, 30, 48), ...line(30, 48, 60, 0).slice(1)], line(30, 48, 30, 105)];
    const lines = segmentStrokes(Y);
    expect(lines).toHaveLength(1);
    expect(lines[0].words.flat().map((c) => c.items)).toEqual([[0, 1]]);
  });

  test("an i's dot dabbed above and to the right of its stem (0.6 H off) joins it; a full stop as far off at the baseline does not", () => {
    const i = [line(0, 50, 0, 100), line(30, 20, 33, 22)];
    expect(segmentStrokes(i)[0].words.flat().map((c) => c.items)).toEqual([[0, 1]]);
    const stop = [line(0, 50, 0, 100), line(30, 97, 33, 99)];
    expect(segmentStrokes(stop)[0].words.flat().map((c) => c.items)).toEqual([[0], [1]]);
  });

  test("a small writer's i (its stem under the mark size) keeps its dot, which does not go to the n beside it", () => {
    // h 28 tall, i stem 7 tall and its dot above, n 11 tall starting just right (the shape of a real "hin").
    const hin = [line(0, 0, 0, 28), line(19, 21, 20, 28), line(19, 12, 21, 14), line(29, 17, 40, 28)];
    expect(segmentStrokes(hin)[0].words.flat().map((c) => c.items)).toEqual([[0], [1, 2], [3]]);
  });

  test('a wide gap splits words; a second row of writing is a second line', () => {
    const strokes = [line(0, 0, 0, 100), line(40, 0, 40, 100), line(200, 0, 200, 100), line(0, 200, 0, 300), line(45, 200, 45, 300)];
    const lines = segmentStrokes(strokes);
    expect(lines).toHaveLength(2);
    expect(lines[0].words.map((w) => w.length)).toEqual([2, 1]);
    expect(lines[1].words.map((w) => w.length)).toEqual([2]);
  });

  test('hand-drawn digits "12 34" (no data set needed): 2 words of 2 characters, strokes kept per digit', () => {
    const { drawing, owner } = handDigits('12 34');
    const lines = segmentStrokes(drawing.strokes);
    expect(lines).toHaveLength(1);
    expect(lines[0].words.map((w) => w.length)).toEqual([2, 2]);
    expect(lines[0].words.flat().map((c) => [...new Set(c.items.map((i) => owner[i]))])).toEqual([[0], [1], [2], [3]]);
  });

  describeWithData('pendigits', 'real pen strokes', () => {
    test('real pen strokes (pendigits) composed as "12 34": 2 words of 2 characters, strokes kept per digit', () => {
      const samples = loadPendigits(path.join(dataDir('pendigits'), 'pendigits-orig-tes.txt'));
      const want = ['1', '2', '3', '4'];
      const picked = want.map((d) => samples.find((s) => s.digit === d && s.writer === samples[0].writer)!);
      const strokes: Stroke[] = [];
      const owner: number[] = [];
      let x = 0;
      picked.forEach((s, k) => {
        const b = s.strokes.map(strokeBox).reduce((a, c) => ({ x0: Math.min(a.x0, c.x0), y0: Math.min(a.y0, c.y0), x1: Math.max(a.x1, c.x1), y1: Math.max(a.y1, c.y1) }));
        const h = b.y1 - b.y0;
        if (k === 2) x += 1.0 * h; // word gap
        for (const st of s.strokes) {
          strokes.push(st.map((p) => [p[0] - b.x0 + x, p[1] - b.y0] as [number, number]));
          owner.push(k);
        }
        x += b.x1 - b.x0 + 0.25 * h; // letter gap
      });
      const lines = segmentStrokes(strokes);
      expect(lines).toHaveLength(1);
      expect(lines[0].words.map((w) => w.length)).toEqual([2, 2]);
      const groups = lines[0].words.flat().map((c) => [...new Set(c.items.map((i) => owner[i]))]);
      expect(groups).toEqual([[0], [1], [2], [3]]);
  });
  });
});

describe('renderStrokes', () => {
  test('frames a character like EMNIST: ink box ~24 px, centred, soft strokes, full white peak', () => {
    const img = renderStrokes([line(10, 10, 10, 210), line(10, 10, 90, 10)], { x0: 10, y0: 10, x1: 90, y1: 210 });
    let y0 = 28, y1 = -1, x0 = 28, x1 = -1, max = 0, soft = 0;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const v = img[y * 28 + x];
        max = Math.max(max, v);
        if (v > 0.1 && v < 0.9) soft++;
        if (v > 0.12) {
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
        }
      }
    expect(max).toBeCloseTo(1, 3);
    expect(y1 - y0 + 1).toBeGreaterThanOrEqual(22);
    expect(y1 - y0 + 1).toBeLessThanOrEqual(26);
    expect(Math.abs((y0 + y1) / 2 - 13.5)).toBeLessThanOrEqual(1);
    expect(soft).toBeGreaterThan(10);
  });
});
