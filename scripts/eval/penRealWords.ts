/**
 * Words as real people wrote them: UNIPEN 1c recordings of sites that cut their letters out of lines written
 * in a row (scripts/datasets/penWords.ts `wordRecordings`: pangrams and sentences, page coordinates kept).
 * Word boundaries are not labelled there, but the gaps between consecutive letters are bimodal (inside words:
 * median 0.27 letter heights, 90% under 0.61; between words: mostly 1 to 4), so each recording is cut at
 * gaps of WORD_BREAK letter heights or more and at line changes; each piece of MIN_LETTERS letters or more
 * is a real written word (now and then two words written close together, "quiverwhile"). Measured:
 *  - box rules: the piece drawn alone stays one word (segment.ts), and on the whole recordings, gaps inside
 *    words (<= INSIDE) split and gaps between words (>= WORD_BREAK) merged;
 *  - the engine (`full`, recognition-driven cuts, context): the piece read right ignoring case and spaces,
 *    and read right as one word.
 * Standalone: npx tsx scripts/eval/penRealWords.ts [--split validation|test] [--limit N] (--help)
 */
import { defineCommand } from '../../src/apps/cli/command';
import type { HandwritingEngine } from '../../src/main/engines/handwriting';
import { Item, segment } from '../../src/main/engines/handwriting/segment';
import { strokeBox } from '../../src/main/engines/handwriting/drawing';
import { requireDataSet } from '../datasets/dataSets';
import { PEN_SPLITS, PenSplit } from '../datasets/pen';
import { recordedGap, WordRecording, wordRecordings } from '../datasets/penWords';
import { runScript } from '../lib/runScript';
import { withHandwritingEngine } from '../lib/withHandwritingEngine';
import type { Stroke } from '../../src/shared/types';

/** A gap of this many letter heights or more ends a word (the trough of the bimodal gap histogram). */
const WORD_BREAK = 1.0;
/** Gaps up to this are inside a word for the gap check (0.6-1.0 is left out: either). */
const INSIDE = 0.6;
const MIN_LETTERS = 3;

export interface RealWord {
  writer: string;
  text: string;
  strokes: Stroke[];
}

/** The recordings cut into words at WORD_BREAK gaps and line changes; pieces of MIN_LETTERS letters or more. */
export function realWords(recordings: WordRecording[]): RealWord[] {
  const out: RealWord[] = [];
  for (const rec of recordings) {
    let piece = [rec.letters[0]];
    const flush = (): void => {
      if (piece.length >= MIN_LETTERS) out.push({ writer: rec.writer, text: piece.map((l) => l.label).join(''), strokes: piece.flatMap((l) => l.strokes) });
    };
    for (let i = 1; i < rec.letters.length; i++) {
      const g = recordedGap(rec.letters[i - 1].box, rec.letters[i].box, rec.letterHeight);
      if (g === undefined || g >= WORD_BREAK || g < -WORD_BREAK) {
        flush();
        piece = [];
      }
      piece.push(rec.letters[i]);
    }
    flush();
  }
  return out;
}

const itemsOf = (strokes: Stroke[]): Item[] => strokes.map((s, i) => ({ box: strokeBox(s), order: i }));

/** Whether the box rules (segment.ts) keep these strokes as one line of one word. */
export function boxRulesKeepWhole(strokes: Stroke[]): boolean {
  const lines = segment(itemsOf(strokes));
  return lines.length === 1 && lines[0].words.length === 1;
}

/** Box rules on whole recordings: the share of gaps inside words that start a new word, and of gaps between words that do not. */
export function gapChecks(recordings: WordRecording[]): { inside: number; insideSplit: number; between: number; betweenMerged: number } {
  const r = { inside: 0, insideSplit: 0, between: 0, betweenMerged: 0 };
  for (const rec of recordings) {
    const owner = rec.letters.flatMap((l, i) => l.strokes.map(() => i));
    const wordOf = new Map<number, string>();
    segment(itemsOf(rec.letters.flatMap((l) => l.strokes))).forEach((line, li) =>
      line.words.forEach((w, wi) => w.forEach((c) => c.items.forEach((it) => wordOf.has(owner[it]) || wordOf.set(owner[it], `${li}:${wi}`)))),
    );
    for (let i = 1; i < rec.letters.length; i++) {
      const g = recordedGap(rec.letters[i - 1].box, rec.letters[i].box, rec.letterHeight);
      if (g === undefined) continue;
      const apart = wordOf.get(i - 1) !== wordOf.get(i);
      if (g <= INSIDE) {
        r.inside++;
        if (apart) r.insideSplit++;
      } else if (g >= WORD_BREAK) {
        r.between++;
        if (!apart) r.betweenMerged++;
      }
    }
  }
  return r;
}

export interface RealWordsResult {
  split: PenSplit;
  recordings: number;
  words: number;
  /** Box rules alone keep the word as one. */
  boxRulesOneWord: number;
  /** The engine reads it right ignoring case and spaces / right as one word. */
  right: number;
  rightOneWord: number;
  gaps: { insideSplit: number; betweenMerged: number; inside: number; between: number };
  examples: { truth: string; got: string }[];
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

export async function evalPenRealWords(engine: HandwritingEngine, split: PenSplit, log: (l: string) => void, limit?: number): Promise<RealWordsResult> {
  const recordings = wordRecordings(requireDataSet('pen'), [split]);
  const words = realWords(recordings).slice(0, limit);
  let one = 0, right = 0, rightOne = 0;
  const examples: { truth: string; got: string }[] = [];
  for (const w of words) {
    if (boxRulesKeepWhole(w.strokes)) one++;
    const r = await engine.recognizeDrawing({ strokes: w.strokes }, { model: 'full' });
    const ok = r.words.map((x) => x.text).join('').toLowerCase() === w.text.toLowerCase();
    if (ok) right++;
    if (ok && r.words.length === 1) rightOne++;
    if (!ok && examples.length < 30) examples.push({ truth: w.text, got: r.text });
  }
  const g = gapChecks(recordings);
  const n = Math.max(1, words.length);
  const result: RealWordsResult = {
    split,
    recordings: recordings.length,
    words: words.length,
    boxRulesOneWord: one / n,
    right: right / n,
    rightOneWord: rightOne / n,
    gaps: { insideSplit: g.insideSplit / Math.max(1, g.inside), betweenMerged: g.betweenMerged / Math.max(1, g.between), inside: g.inside, between: g.between },
    examples,
  };
  log(`real pen words, ${split} writers (${result.words} words of ${result.recordings} UNIPEN 1c recordings): read right ${pct(result.right)} ignoring case, right as one word ${pct(result.rightOneWord)}; box rules keep ${pct(result.boxRulesOneWord)} as one word`);
  log(`  box rules on the whole recordings: gaps inside words split ${pct(result.gaps.insideSplit)} (n=${g.inside}), gaps between words merged ${pct(result.gaps.betweenMerged)} (n=${g.between})`);
  return result;
}

export const penRealWordsCommand = defineCommand(
  {
    name: 'penRealWords',
    program: 'npx tsx scripts/eval/penRealWords.ts',
    summary: 'Words as real writers wrote them (UNIPEN 1c recordings cut at word gaps): read by the engine, and kept whole by the box rules.',
    options: {
      split: { type: 'string', choices: PEN_SPLITS, default: 'validation', help: 'the writers measured (test only for the final figure)' },
      limit: { type: 'string', value: 'N', int: { min: 1, max: 1_000_000 }, help: 'at most N words' },
    },
  },
  ({ values }) =>
    withHandwritingEngine(async (engine) => {
      await evalPenRealWords(engine, values.split as PenSplit, console.log, values.limit === undefined ? undefined : Number(values.limit));
      return 0;
    }),
);

if (require.main === module) runScript(penRealWordsCommand);
