/**
 * Segmentation on real pen strokes (issue 9, part 2), through the engine's recognizeDrawing:
 *  1. single characters read as one: every character of the split's writers (up to `perClass` samples of
 *     each label per writer), drawn alone; right when the result has exactly one character (also: read
 *     right, shapes folded as decode.ts folds them);
 *  2. pen-written words: words of the word list (lowercase, Capitalised) and numbers, each written by one of
 *     the split's writers with their own characters (scripts/datasets/penWords.ts: sizes from the writer,
 *     gaps between letters from real writers' words in UNIPEN, train writers only); right when the text is
 *     the word (exact, and ignoring case), segmentation right when the character count matches.
 * Both with the recognition-driven cut search and with the geometric rules alone (the baseline).
 * Model-agnostic: whatever `model` resolves to in the engine's models folder.
 * Standalone: npx tsx scripts/eval/penSegmentation.ts [--split validation|test] [--words N] [--per-class N] [--tune] (--help)
 */
import { defineCommand } from '../../src/apps/cli/command';
import { HandwritingEngine, RecognizeOptions } from '../../src/main/engines/handwriting';
import { CUT_WEIGHTS, CutWeights } from '../../src/main/engines/handwriting/cutSearch';
import { fold } from '../../src/main/engines/handwriting/decode';
import { CORE_WORDS, frequentWords, isWord } from '../../src/main/engines/handwriting/wordlist';
import { HandwritingModelId } from '../../src/shared/types';
import { requireDataSet } from '../datasets/dataSets';
import { loadPenChars, PEN_SPLITS, PenChar, PenSplit } from '../datasets/pen';
import { canWrite, charDrawing, composeWord, letterGaps, quantile, WriterHand, writerHands } from '../datasets/penWords';
import { runScript } from '../lib/runScript';
import { seededRng } from '../lib/seededRng';
import { withHandwritingEngine } from '../lib/withHandwritingEngine';

export interface PenSegmentationOptions {
  split: PenSplit;
  model?: HandwritingModelId;
  /** Samples per label per writer for the single-character figure (default 1). */
  perClass?: number;
  /** Composed words (default 300). */
  words?: number;
  seed?: number;
  /** Tuning: skip the geometric baseline, and single-stroke characters (always one: nothing to merge or split). */
  quick?: boolean;
  /** Misread words kept as examples (default 30). */
  maxExamples?: number;
}

interface Scores {
  n: number;
  readAsOne: number;
  readRight: number;
}
interface WordScores {
  n: number;
  exact: number;
  ignoringCase: number;
  /** Right ignoring case and read as one word (no space inside): what the pad shows. */
  oneWord: number;
  segmentationRight: number;
}

export interface PenSegmentationResult {
  split: PenSplit;
  model: HandwritingModelId;
  writers: number;
  weights: CutWeights;
  gapQuantiles: Record<string, number>;
  gapPairs: number;
  singles: { recognition: Scores; geometric: Scores; notOnePerClass: Record<string, number>; examples: string[] };
  words: { recognition: WordScores; geometric: WordScores; examples: { truth: string; got: string; geometric: string }[] };
  /** Words beyond the core list (not in quick runs). */
  pools?: Record<WordPool, PoolScores>;
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

function pickChars(chars: PenChar[], perClass: number, rng: () => number): PenChar[] {
  const by = new Map<string, PenChar[]>();
  for (const c of chars) {
    const k = `${c.writer}|${c.label}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k)!.push(c);
  }
  const out: PenChar[] = [];
  for (const k of [...by.keys()].sort()) {
    const list = by.get(k)!;
    for (let i = 0; i < perClass && list.length > 0; i++) out.push(list.splice(Math.floor(rng() * list.length), 1)[0]);
  }
  return out;
}

function sampleWord(hands: WriterHand[], rng: () => number, words: string[]): { hand: WriterHand; word: string } {
  for (;;) {
    const hand = hands[Math.floor(rng() * hands.length)];
    const r = rng();
    let word: string;
    if (r < 0.15) word = String(Math.floor(rng() * 10 ** (1 + Math.floor(rng() * 4))));
    else {
      word = words[Math.floor(rng() * words.length)];
      if (r < 0.35) word = word[0].toUpperCase() + word.slice(1);
    }
    if (canWrite(hand, word)) return { hand, word };
  }
}

export interface PenSegmentationData {
  chars: PenChar[];
  hands: WriterHand[];
  gaps: number[];
}

/** Loads the split's characters, its writers' hands and the spacing model (train writers' gaps). */
export function loadPenSegmentationData(split: PenSplit): PenSegmentationData {
  const dir = requireDataSet('pen');
  const chars = loadPenChars(dir, { splits: [split] });
  return { chars, hands: writerHands(chars), gaps: letterGaps(dir) };
}

export async function evalPenSegmentation(
  engine: HandwritingEngine,
  opts: PenSegmentationOptions,
  log: (l: string) => void,
  data: PenSegmentationData = loadPenSegmentationData(opts.split),
  weights: CutWeights = CUT_WEIGHTS,
): Promise<PenSegmentationResult> {
  const model = opts.model ?? 'full';
  const rng = seededRng(opts.seed ?? 2026);
  const singles = pickChars(data.chars, opts.perClass ?? 1, rng).filter((c) => !opts.quick || c.strokes.length > 1);
  const modes: ['recognition' | 'geometric', RecognizeOptions][] = [['recognition', { model, segmentation: 'recognition', cutWeights: weights }]];
  if (!opts.quick) modes.push(['geometric', { model, segmentation: 'geometric' }]);
  const s: Record<'recognition' | 'geometric', Scores> = { recognition: { n: 0, readAsOne: 0, readRight: 0 }, geometric: { n: 0, readAsOne: 0, readRight: 0 } };
  const notOne: Record<string, number> = {};
  const examples: string[] = [];
  for (const c of singles) {
    for (const [name, o] of modes) {
      const r = await engine.recognizeDrawing(charDrawing(c), o);
      const chars = r.words.flatMap((w) => w.chars);
      s[name].n++;
      if (chars.length === 1) s[name].readAsOne++;
      if (chars.length === 1 && fold(chars[0].char) === fold(c.label)) s[name].readRight++;
      if (name === 'recognition' && chars.length !== 1) {
        notOne[c.label] = (notOne[c.label] ?? 0) + 1;
        if (examples.length < 30) examples.push(`${c.writer} '${c.label}' (${c.strokes.length} strokes) -> '${r.text}'`);
      }
    }
  }
  // The core list's words: the same pool before and after the word list grew, so figures stay comparable.
  const words = [...CORE_WORDS].filter((w) => w.length >= 2 && /^[a-z]+$/.test(w)).sort();
  const ws: Record<'recognition' | 'geometric', WordScores> = { recognition: { n: 0, exact: 0, ignoringCase: 0, oneWord: 0, segmentationRight: 0 }, geometric: { n: 0, exact: 0, ignoringCase: 0, oneWord: 0, segmentationRight: 0 } };
  const wordExamples: { truth: string; got: string; geometric: string }[] = [];
  for (let i = 0; i < (opts.words ?? 300); i++) {
    const { hand, word } = sampleWord(data.hands, rng, words);
    const d = composeWord(hand, word, data.gaps, rng);
    const got: Record<string, string> = {};
    for (const [name, o] of modes) {
      const r = await engine.recognizeDrawing(d, o);
      const n = r.words.reduce((a, w) => a + w.chars.length, 0);
      const text = r.words.map((w) => w.text).join('');
      got[name] = r.text;
      ws[name].n++;
      if (n === word.length) ws[name].segmentationRight++;
      if (text === word) ws[name].exact++;
      if (text.toLowerCase() === word.toLowerCase()) {
        ws[name].ignoringCase++;
        if (r.words.length === 1) ws[name].oneWord++;
      }
    }
    if (got.recognition.replace(/ /g, '') !== word && wordExamples.length < (opts.maxExamples ?? 30)) wordExamples.push({ truth: word, got: got.recognition, geometric: got.geometric });
  }
  const frac = (x: Scores): Scores => ({ n: x.n, readAsOne: x.readAsOne / x.n, readRight: x.readRight / x.n });
  const wfrac = (x: WordScores): WordScores => ({ n: x.n, exact: x.exact / x.n, ignoringCase: x.ignoringCase / x.n, oneWord: x.oneWord / x.n, segmentationRight: x.segmentationRight / x.n });
  const result: PenSegmentationResult = {
    split: opts.split,
    model,
    writers: new Set(singles.map((c) => c.writer)).size,
    weights,
    gapQuantiles: Object.fromEntries([0.1, 0.25, 0.5, 0.75, 0.9].map((q) => [`p${q * 100}`, Math.round(quantile(data.gaps, q) * 1000) / 1000])),
    gapPairs: data.gaps.length,
    singles: { recognition: frac(s.recognition), geometric: frac(s.geometric), notOnePerClass: notOne, examples },
    words: { recognition: wfrac(ws.recognition), geometric: wfrac(ws.geometric), examples: wordExamples },
  };
  if (!opts.quick) {
    const n = opts.words ?? 300;
    result.pools = { frequent: await evalWordPool(engine, data, wordPool('frequent'), n, weights), unlisted: await evalWordPool(engine, data, wordPool('unlisted'), n, weights) };
  }
  for (const name of modes.map((m) => m[0])) {
    const a = result.singles[name], b = result.words[name];
    log(`pen ${opts.split} writers (${result.writers}), ${name} segmentation: single characters read as one ${pct(a.readAsOne)} (read right ${pct(a.readRight)}, n=${a.n}); words exact ${pct(b.exact)}, ignoring case ${pct(b.ignoringCase)}, as one word ${pct(b.oneWord)}, segmentation right ${pct(b.segmentationRight)} (n=${b.n})`);
  }
  if (result.pools) for (const pool of ['frequent', 'unlisted'] as const) log(`  ${poolLine(pool, result.pools[pool])}`);
  log(`  letter gaps from ${result.gapPairs} real pairs (letter heights): ${JSON.stringify(result.gapQuantiles)}`);
  log(`  not read as one, by label: ${JSON.stringify(notOne)}`);
  return result;
}

/** Word pools beyond the core list, from the frequency lists: what users write besides the pad's own vocabulary. */
export type WordPool = 'frequent' | 'unlisted';

/**
 * `frequent`: the 1,500 most frequent words of each language outside the core list (in the word list since it
 * took 2,000 per language); `unlisted`: the last 2,000 words of each language's top 10,000 that the word list
 * does not hold, the check that the word list does not turn words it lacks into words it has.
 */
export function wordPool(pool: WordPool): string[] {
  const words = (['english', 'spanish'] as const).flatMap((l) => (pool === 'frequent' ? frequentWords(l, 1500) : frequentWords(l, 10_000).slice(-2000)));
  return [...new Set(words)].filter((w) => !CORE_WORDS.has(w) && (pool === 'frequent' || !isWord(w))).sort();
}

export interface PoolScores {
  n: number;
  /** Right ignoring case (spaces ignored). */
  right: number;
  /** Right and shown as one word. */
  oneWord: number;
  /** Read as some other word of the word list. */
  listed: number;
}

/** Words of a pool (wordPool) written by the split's writers (their own letters and real gaps), read by `full`. */
export async function evalWordPool(engine: HandwritingEngine, data: PenSegmentationData, words: string[], n: number, weights: CutWeights = CUT_WEIGHTS): Promise<PoolScores> {
  const rng = seededRng(5);
  const s: PoolScores = { n, right: 0, oneWord: 0, listed: 0 };
  for (let done = 0; done < n; ) {
    const hand = data.hands[Math.floor(rng() * data.hands.length)];
    const word = words[Math.floor(rng() * words.length)];
    if (!canWrite(hand, word)) continue;
    const r = await engine.recognizeDrawing(composeWord(hand, word, data.gaps, rng), { model: 'full', cutWeights: weights });
    const text = r.words.map((w) => w.text).join('').toLowerCase();
    done++;
    if (text === word) {
      s.right++;
      if (r.words.length === 1) s.oneWord++;
    } else if (isWord(text)) s.listed++;
  }
  return { n, right: s.right / n, oneWord: s.oneWord / n, listed: s.listed / n };
}

const poolLine = (name: string, p: PoolScores): string =>
  `${name} words: right ${pct(p.right)}, as one word ${pct(p.oneWord)}, read as another listed word ${pct(p.listed)} (n=${p.n})`;

/**
 * Grid over the cut weights on the validation writers (the test writers are for the final figure): multi-stroke
 * characters read as one plus listed words right; off-list words are reported beside, to reject a grid point
 * that buys listed words with unlisted ones.
 */
export async function tuneCutWeights(engine: HandwritingEngine, log: (l: string) => void, words = 1500): Promise<CutWeights> {
  const data = loadPenSegmentationData('validation');
  const unlisted = wordPool('unlisted');
  let best = CUT_WEIGHTS, bestScore = -1;
  // The grid of the last tuning (2026-11-30, four-conv models, word gaps closed by the decoder): overlap and word list.
  const grid: Partial<CutWeights>[] = [
    { overlap: 2, lexicon: 0.5 },
    { overlap: 1, lexicon: 0.5 },
    { overlap: 1, lexicon: 1 },
    { overlap: 0.5, lexicon: 1 },
    { overlap: 1, lexicon: 1.5 },
  ];
  for (const g of grid) {
    const weights = { ...CUT_WEIGHTS, ...g };
    const r = await evalPenSegmentation(engine, { split: 'validation', words, quick: true }, () => undefined, data, weights);
    const off = await evalWordPool(engine, data, unlisted, Math.round(words / 2), weights);
    // Both goals at once: multi-stroke characters read as one and words right.
    const score = r.singles.recognition.readAsOne + r.words.recognition.ignoringCase;
    log(`  tune ${JSON.stringify(weights)}: multi-stroke as one ${pct(r.singles.recognition.readAsOne)}, words ${pct(r.words.recognition.ignoringCase)}; ${poolLine('unlisted', off)}`);
    if (score > bestScore) {
      bestScore = score;
      best = weights;
    }
  }
  log(`best cut weights on validation writers: ${JSON.stringify(best)} (check the unlisted words before taking it)`);
  return best;
}

export const penSegmentationCommand = defineCommand(
  {
    name: 'penSegmentation',
    program: 'npx tsx scripts/eval/penSegmentation.ts',
    summary: "Segmentation on real pen strokes: the split's characters drawn alone, and words written with its writers' characters, with the recognition-driven cut search and with the geometric rules.",
    options: {
      split: { type: 'string', choices: PEN_SPLITS, default: 'validation', help: 'the writers measured (test only for the final figure)' },
      words: { type: 'string', value: 'N', int: { min: 1, max: 1_000_000 }, help: 'composed words (default 300; 600 with --tune)' },
      'per-class': { type: 'string', value: 'N', int: { min: 1, max: 1000 }, default: '1', help: 'samples per label per writer for the single characters' },
      tune: { type: 'boolean', help: 'grid over the cut weights on the validation writers (ignores --split)' },
    },
  },
  ({ values }) =>
    withHandwritingEngine(async (engine) => {
      if (values.tune) await tuneCutWeights(engine, console.log, Number(values.words ?? 1500));
      else await evalPenSegmentation(engine, { split: values.split as PenSplit, words: Number(values.words ?? 300), perClass: Number(values['per-class']) }, console.log);
      return 0;
    }),
);

if (require.main === module) runScript(penSegmentationCommand);
