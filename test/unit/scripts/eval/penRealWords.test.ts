/**
 * Real written words (UNIPEN 1c recordings, scripts/eval/penRealWords.ts): how recordings are cut into words,
 * on a hand-made recording; and, on the validation writers' recordings, that the box rules keep real words
 * whole (the word-gap floor of segment.ts). Needs the pen data set for the second block.
 */
import { boxRulesKeepWhole, gapChecks, realWords } from '../../../../scripts/eval/penRealWords';
import { wordRecordings, WordRecording } from '../../../../scripts/datasets/penWords';
import { strokeBox } from '../../../../src/main/engines/handwriting/drawing';
import { dataDir, describeWithData } from '../../../fixtures/dataSets';

/** Letters 10 wide, 20 tall (a vertical bar each), at the given left edges on one line. */
function recording(lefts: number[], labels: string): WordRecording {
  const letters = lefts.map((x, i) => {
    const strokes: [number, number][][] = [[[x, 0], [x + 10, 20]]];
    return { label: labels[i], strokes, box: strokeBox(strokes[0]) };
  });
  return { writer: 'w', letters, letterHeight: 20 };
}

test('recordings are cut into words at gaps of a letter height or more; pieces under 3 letters are dropped', () => {
  // Gaps (letter heights): 0.25, 0.25, 1.5 (word break), 0.25, 0.25, 1.5, 0.25 -> "abc", "def", "gh" (dropped).
  const rec = recording([0, 15, 30, 70, 85, 100, 140, 155], 'abcdefgh');
  expect(realWords([rec]).map((w) => w.text)).toEqual(['abc', 'def']);
  const g = gapChecks([rec]);
  expect(g.inside).toBe(5);
  expect(g.between).toBe(2);
});

describeWithData('pen', 'real written words of the validation writers (box rules)', () => {
  test('most real words stay one word, and gaps inside words rarely start a new one', () => {
    const recordings = wordRecordings(dataDir('pen'), ['validation']);
    const words = realWords(recordings);
    expect(words.length).toBeGreaterThan(200);
    const whole = words.filter((w) => boxRulesKeepWhole(w.strokes)).length;
    const g = gapChecks(recordings);
    console.log(`real words kept whole by the box rules: ${whole}/${words.length}; inside gaps split ${g.insideSplit}/${g.inside}, between merged ${g.betweenMerged}/${g.between}`);
    // Measured 90.2% with the 0.7 H floor (80.6% with the old 0.35 H); inside gaps 0.6% split (2.4%).
    expect(whole / words.length).toBeGreaterThan(0.85);
    expect(g.insideSplit / g.inside).toBeLessThan(0.015);
    expect(g.betweenMerged / g.between).toBeLessThan(0.05);
  });
});
