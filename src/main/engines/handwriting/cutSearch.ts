/**
 * Segmentation driven by recognition (issue 9, part 2). The geometric segmenter (segment.ts) over-joins
 * touching letters and under-joins letters drawn in separate strokes with a gap (W as V+V, E/F/K apart).
 * Here a word's geometric characters are the over-segmentation's anchors, and each may also be
 *  - merged with the next one or two, when their gaps are small (a W drawn as two Vs), or
 *  - split into runs of its strokes in pen order (touching letters: a letter's strokes are written before
 *    the next letter's), parts left to right, each at least mark-sized; small marks go to the nearest part.
 * Every hypothesis is one frame for the CNN; a beam over the cut hypotheses scores each path by the CNN's
 * log-probabilities, a per-character cost (a one-character drawing stays one unless its parts read much
 * better alone), a bonus for the geometric grouping, a cost for parts that overlap, and the word list.
 * Bounded: groups of more than MAX_SPLIT_STROKES strokes are not split and a word proposes at most
 * MAX_FRAMES_PER_GROUP frames per geometric character, so the CNN's work stays linear in the input.
 */
import { Box, nearestSpan, unionBox } from './drawing';
import { CharGroup, Item } from './segment';
import { fold, LETTER_TWIN } from './decode';
import { isWord } from './wordlist';
import shapePriors from './shapePriors.json';

/** log(width/height) per class, [median, spread], measured on the pen sets' train writers. */
const LOG_ASPECT: Record<string, number[] | undefined> = shapePriors.logAspect;

/** Strokes of a geometric character that may be split into letters (more: a scribble, left alone). */
const MAX_SPLIT_STROKES = 6;
/** Parts a split makes at most (three touching letters). */
const MAX_PARTS = 3;
/** Geometric characters merged into one hypothesis at most. */
const MAX_MERGE = 3;
/** Largest gap (fraction of the line height H) across which characters may merge; width limit of a merge. */
const MERGE_GAP = 0.2;
const MERGE_WIDTH = 1.8;
const SMALL_PART = 0.35;
const MAX_FRAMES_PER_GROUP = 16;
const BEAM = 8;

/** Weights of the path score; tuned on the pen sets' validation writers for the small default models (docs/handwriting.md). */
export interface CutWeights {
  /** Cost per character (log units): fewer, better-read characters win unless parts read much better. */
  perChar: number;
  /** Bonus per character that is exactly a geometric character (the geometric rule's own vote). */
  geometric: number;
  /** Cost per unit of horizontal overlap (fraction of the narrower part) between split parts. */
  overlap: number;
  /** Bonus when the path's reading (or a close one) is in the word list. */
  lexicon: number;
  /** Cost of a merge per unit of gap (fraction of H) bridged: pieces apart are rarely one letter. */
  mergeGap: number;
  /** Cost of any merge: the geometric rule kept the pieces apart, which counts for something. */
  mergeBase: number;
  /**
   * Cost per squared z-score of a hypothesis's width/height above that of the class it is read as
   * (shapePriors.json): three letters squeezed into one frame read as an 'A' are far too wide for an A.
   */
  aspect: number;
  /**
   * Cost of reading a small drawing as one character made of all its strokes (wholeDrawing), against the
   * characters, lines and dropped marks the box rules cut it into: they kept the pieces apart, which counts.
   */
  whole: number;
}
export const CUT_WEIGHTS: CutWeights = { perChar: 0.75, geometric: 0, overlap: 0.5, lexicon: 1, mergeGap: 8, mergeBase: 0.5, aspect: 1, whole: 0.5 };

/** One hypothesised character: items (indices into the drawing's items) and their box. */
export interface Hypothesis {
  items: number[];
  box: Box;
}

interface Move {
  /** Index of the next geometric character after this move. */
  next: number;
  /** Hypotheses emitted, left to right. */
  parts: number[];
  /** Geometric prior of the move (bonus for the unchanged group, overlap cost of split parts). */
  prior: number;
}

/** The hypotheses of one word and the moves between its geometric characters. */
export interface WordProposal {
  hyps: Hypothesis[];
  moves: Move[][];
}

const w = (b: Box): number => b.x1 - b.x0;
const h = (b: Box): number => b.y1 - b.y0;
const size = (b: Box): number => Math.max(w(b), h(b));

function boxOf(items: Item[], idx: number[]): Box {
  return idx.map((i) => items[i].box).reduce(unionBox);
}

/** Runs of a group's big strokes in pen order: every way to cut them into 2..MAX_PARTS contiguous parts. */
function compositions(k: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << (k - 1); mask++) {
    const cuts: number[] = [];
    for (let b = 0; b < k - 1; b++) if (mask & (1 << b)) cuts.push(b + 1);
    if (cuts.length < MAX_PARTS) out.push(cuts);
  }
  return out;
}

/**
 * Proposes the hypotheses of one word (its geometric characters, left to right) in a line of height H.
 * Items need `order` (pen order) for splits; image components (no order) are only merged.
 */
export function proposeWord(items: Item[], word: CharGroup[], H: number, weights: CutWeights = CUT_WEIGHTS): WordProposal {
  const hyps: Hypothesis[] = [];
  const index = new Map<string, number>();
  const hyp = (idx: number[]): number => {
    const sorted = [...idx].sort((a, b) => a - b);
    const key = sorted.join(',');
    let i = index.get(key);
    if (i === undefined) {
      i = hyps.length;
      hyps.push({ items: sorted, box: boxOf(items, sorted) });
      index.set(key, i);
    }
    return i;
  };
  const moves: Move[][] = word.map(() => []);
  const small = (i: number): boolean => size(items[i].box) < SMALL_PART * H;
  for (let g = 0; g < word.length; g++) {
    const budget = { left: MAX_FRAMES_PER_GROUP };
    moves[g].push({ next: g + 1, parts: [hyp(word[g].items)], prior: weights.geometric });
    // Merges with the next characters across small gaps.
    let merged = word[g].items.slice();
    let box = word[g].box;
    let bridged = 0;
    for (let j = g + 1; j < word.length && j - g < MAX_MERGE && budget.left > 0; j++) {
      const gap = word[j].box.x0 - box.x1;
      if (gap > MERGE_GAP * H) break;
      bridged += Math.max(0, gap / H);
      merged = merged.concat(word[j].items);
      box = unionBox(box, word[j].box);
      if (w(box) > MERGE_WIDTH * H) break;
      moves[g].push({ next: j + 1, parts: [hyp(merged)], prior: -weights.mergeGap * bridged - weights.mergeBase * (j - g) });
      budget.left--;
    }
    // Splits of a multi-stroke character into pen-order runs.
    const bigs = word[g].items.filter((i) => !small(i) && items[i].order !== undefined).sort((a, b) => items[a].order! - items[b].order!);
    const marks = word[g].items.filter((i) => !bigs.includes(i));
    if (bigs.length < 2 || bigs.length > MAX_SPLIT_STROKES) continue;
    for (const cuts of compositions(bigs.length)) {
      if (budget.left <= 0) break;
      const bounds = [0, ...cuts, bigs.length];
      const parts = bounds.slice(1).map((end, p) => bigs.slice(bounds[p], end));
      const boxes = parts.map((p) => boxOf(items, p));
      // Left to right in pen order, each big enough to be a character.
      const cx = boxes.map((b) => (b.x0 + b.x1) / 2);
      if (cx.some((c, p) => p > 0 && c <= cx[p - 1]) || boxes.some((b) => size(b) < SMALL_PART * H)) continue;
      const spans = boxes.map((b) => [b.x0, b.x1] as const);
      for (const m of marks) {
        const mb = items[m].box;
        parts[nearestSpan((mb.x0 + mb.x1) / 2, spans)].push(m);
      }
      let overlap = 0;
      for (let p = 1; p < boxes.length; p++) {
        const ov = Math.min(boxes[p - 1].x1, boxes[p].x1) - Math.max(boxes[p - 1].x0, boxes[p].x0);
        overlap += Math.max(0, ov) / Math.max(1e-9, Math.min(w(boxes[p - 1]), w(boxes[p])), 0.25 * H);
      }
      moves[g].push({ next: g + 1, parts: parts.map(hyp), prior: -weights.overlap * overlap });
      budget.left -= parts.length;
    }
  }
  return { hyps, moves };
}

interface Path {
  parts: number[];
  score: number;
}

/** A hypothesis as the CNN reads it: best shape (folded), its log-probability less the aspect cost, its top 3. */
export interface Reading {
  key: string;
  /** Probability of the best shape (twins and case pooled). */
  p: number;
  logp: number;
  ranked: [string, number][];
}

/** The CNN's reading of one hypothesis (`p`: its class probabilities), scored for the search. */
export function readHypothesis(p: Float32Array, box: Box, classes: string[], weights: CutWeights = CUT_WEIGHTS): Reading {
  const m = new Map<string, number>();
  classes.forEach((c, k) => m.set(shapeKey(c), (m.get(shapeKey(c)) ?? 0) + p[k]));
  const ranked = [...m.entries()].sort((a, b) => b[1] - a[1]);
  let top = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[top]) top = k;
  const prior = LOG_ASPECT[classes[top]];
  const z = prior ? (Math.log(Math.max(w(box), 0.02 * h(box), 1e-9) / Math.max(h(box), 1e-9)) - prior[0]) / prior[1] : 0;
  // One-sided: merges make hypotheses too wide; thin strokes (a bar, a slanted 1) are often thinner still.
  const shape = z > 0 ? (weights.aspect * Math.min(z * z, 9)) / 2 : 0;
  return { key: ranked[0][0], p: ranked[0][1], logp: Math.log(Math.max(1e-9, ranked[0][1])) - shape, ranked: ranked.slice(0, 3) };
}

/** The chosen characters of one word, left to right, and the path's score (comparable with wholeDrawing's). */
export interface Cuts {
  parts: Hypothesis[];
  score: number;
}

/**
 * Chooses the cuts of one word: a beam over the moves, scored by the CNN's probabilities of each
 * hypothesis (`probsOf(i)`: class probabilities of hyps[i]), then re-ranked with the word list.
 * Returns the chosen hypotheses, left to right.
 */
export function chooseCuts(
  proposal: WordProposal,
  probsOf: (hyp: number) => Float32Array,
  classes: string[],
  weights: CutWeights = CUT_WEIGHTS,
): Cuts {
  const n = proposal.moves.length;
  if (n === 0) return { parts: [], score: 0 };
  // Best folded reading and its log-probability per hypothesis (shape twins o/O/0 pooled, as decode does).
  const reading = proposal.hyps.map((hy, i) => readHypothesis(probsOf(i), hy.box, classes, weights));
  const beams: Path[][] = Array.from({ length: n + 1 }, () => []);
  beams[0] = [{ parts: [], score: 0 }];
  for (let g = 0; g < n; g++) {
    beams[g].sort((a, b) => b.score - a.score);
    for (const path of beams[g].slice(0, BEAM))
      for (const mv of proposal.moves[g]) {
        const s = mv.parts.reduce((acc, p) => acc + reading[p].logp - weights.perChar, path.score + mv.prior);
        beams[mv.next].push({ parts: path.parts.concat(mv.parts), score: s });
      }
  }
  const finals = beams[n].sort((a, b) => b.score - a.score).slice(0, BEAM);
  // The word list: a path whose reading, or a reading from each character's top 3, is a word gains.
  const rescored = finals.map((p) => ({ p, score: p.score + (readsAsWord(p.parts.map((i) => reading[i].ranked)) ? weights.lexicon : 0) }));
  rescored.sort((a, b) => b.score - a.score);
  return { parts: rescored[0].p.parts.map((i) => proposal.hyps[i]), score: rescored[0].score };
}

/** Most strokes, and most characters the box rules may make of them (all lines), for a drawing to be tried as one character. */
const WHOLE_MAX_STROKES = MAX_SPLIT_STROKES;
const WHOLE_MAX_CHARS = 3;
/** Least probability (shape folded) the CNN must give the whole drawing to take it as one character. */
const WHOLE_MIN_P = 0.5;

/** A piece is too short to be a line of writing below this fraction of the drawing's tallest line. */
const WHOLE_SHORT_LINE = 0.8;
/** ... and lies over or under it, or at most this fraction of its height aside. */
const WHOLE_DRIFT = 0.5;

/**
 * A small drawing the box rules cut into lines (an i whose dot is a dash far above its stem, a Y whose stem
 * stops short of its arms): all its strokes as one more hypothesis, when every line but the tallest is too
 * short to be a line of writing and lies over or under it. Two lines of writing ("7" over "1") are as tall
 * as each other and are left alone; within a line, merges are the cut search's (a three-letter word read
 * whole is too often a confident M). `lines`: the box rules' lines, each a list of words of characters.
 */
export function wholeDrawing(items: Item[], lines: CharGroup[][][]): Hypothesis | undefined {
  const chars = lines.reduce((n, l) => n + l.reduce((m, w) => m + w.length, 0), 0);
  if (lines.length < 2 || items.length > WHOLE_MAX_STROKES || chars > WHOLE_MAX_CHARS) return undefined;
  const boxes = lines.map((l) => l.flat().map((c) => c.box).reduce(unionBox));
  const tallest = boxes.reduce((a, b) => (h(b) > h(a) ? b : a));
  // Over or under it, or drifted aside by at most half its height (a dot dabbed late, right of the stem).
  const partOfIt = (b: Box): boolean =>
    h(b) < WHOLE_SHORT_LINE * h(tallest) && Math.max(b.x0, tallest.x0) - Math.min(b.x1, tallest.x1) <= WHOLE_DRIFT * h(tallest);
  if (!boxes.every((b) => b === tallest || partOfIt(b))) return undefined;
  const all = items.map((_, i) => i);
  return { items: all, box: boxOf(items, all) };
}

/**
 * Whether the whole drawing is one character: the CNN must be confident in it (WHOLE_MIN_P) and its score
 * (log-probability, aspect cost, one character, the `whole` cost) must beat the sum of the chosen cuts'
 * scores over every word and line (`cutScores`).
 */
export function keepWhole(whole: Reading, cutScores: number[], weights: CutWeights = CUT_WEIGHTS): boolean {
  const cuts = cutScores.reduce((a, b) => a + b, 0);
  return whole.p >= WHOLE_MIN_P && whole.logp - weights.perChar - weights.whole > cuts;
}

/**
 * A class's shape for scoring cuts: case folded, and digits pooled with their letter twins (0 o O, 1 l I i,
 * 5 s S): a bar's probability spread over l, 1, I and i is one confident bar, not an unsure character that
 * a merge with its neighbour could beat.
 */
function shapeKey(c: string): string {
  const f = fold(c);
  const t = LETTER_TWIN[f] ?? f;
  return t === 'i' ? 'l' : t;
}

/**
 * Whether some combination of the characters' top readings (each within 10x of its best) is a word. Not
 * for one- and two-letter readings: one letter's strokes read as two ("it" for an H, "in" for a W) too often.
 */
function readsAsWord(ranked: [string, number][][]): boolean {
  if (ranked.length < 3 || ranked.length > 12) return false;
  let partial: string[] = [''];
  for (const r of ranked) {
    const keys = r.filter(([, p]) => p >= 0.1 * r[0][1]).flatMap(([k]) => {
      const l = (LETTER_TWIN[k] ?? k).toLowerCase();
      return l === 'l' ? ['l', 'i'] : [l];
    });
    partial = partial.flatMap((s) => keys.map((k) => s + k)).slice(0, 256);
  }
  return partial.some(isWord);
}
