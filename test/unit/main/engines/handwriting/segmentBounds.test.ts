/**
 * Segmentation is bounded by the input's size, not its content (issue 13): the 2,000-stroke pile over one
 * spot goes through the real engine and comes back with a result or a clear error. Its time is measured in
 * `npm run bench` (scripts/bench/handwritingSegmentation.ts), not asserted here.
 */
import { createHandwritingEngine, HandwritingEngine } from '../../../../../src/main/engines/handwriting';
import { strokeBox } from '../../../../../src/main/engines/handwriting/drawing';
import { DisjointSets, segment } from '../../../../../src/main/engines/handwriting/segment';
import { MambaError } from '../../../../../src/shared/errors';
import { overlappingStrokes } from '../../../../../scripts/lib/overlappingStrokes';

describe('segmentation of adversarial drawings', () => {
  let engine: HandwritingEngine;
  beforeAll(async () => {
    engine = await createHandwritingEngine({ workers: 0 });
  });
  afterAll(() => engine.close());

  test('2,000 strokes of 10 points over one spot: recognizeDrawing completes with a result or a MambaError', async () => {
    const d = overlappingStrokes(2000, 10);
    let outcome: string;
    try {
      const r = await engine.recognizeDrawing(d);
      outcome = `text ${r.text}`;
      // A pile over one spot is one character, not 2,000.
      expect(r.words.flatMap((w) => w.chars)).toHaveLength(1);
    } catch (e) {
      expect(e).toBeInstanceOf(MambaError);
      outcome = `error ${(e as MambaError).code}`;
    }
    expect(outcome).toMatch(/^(text|error) /);
  });

  test('the pile is one character holding every stroke', () => {
    const d = overlappingStrokes(2000, 10);
    const lines = segment(d.strokes.map((s, i) => ({ box: strokeBox(s), order: i })));
    expect(lines).toHaveLength(1);
    const chars = lines[0].words.flat();
    expect(chars).toHaveLength(1);
    expect(chars[0].items).toHaveLength(2000);
  });
});

describe('DisjointSets', () => {
  test('joins transitively and keeps separate sets apart', () => {
    const s = new DisjointSets(6);
    s.union(0, 1);
    s.union(2, 3);
    s.union(1, 3);
    expect(s.find(0)).toBe(s.find(2));
    expect(s.find(4)).not.toBe(s.find(0));
    expect(s.union(0, 2)).toBe(false);
    expect(s.union(4, 5)).toBe(true);
  });
  test('a chain of 100,000 unions stays flat enough to answer at once', () => {
    const n = 100_000;
    const s = new DisjointSets(n);
    for (let i = 1; i < n; i++) s.union(i - 1, i);
    const r = s.find(0);
    for (let i = 0; i < n; i += 997) expect(s.find(i)).toBe(r);
  });
});
