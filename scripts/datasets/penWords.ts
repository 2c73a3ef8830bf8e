/**
 * Pen-written words composed of one writer's isolated characters (scripts/datasets/pen.ts), spaced like
 * real writers space letters. There is no pen set of whole words offline; UNIPEN's 1c letters from sites
 * that cut them out of written words (cea, ceb, art, apa, app) keep their page coordinates, so the gap
 * between two consecutive letters of one recording is a real inter-letter gap. Those gaps, in units of the
 * recording's median letter height, taken from TRAIN-split writers only, are the spacing model; heights are
 * each writer's own (their characters keep their relative sizes), and letters sit on a common baseline
 * (descenders g j p q y hang below it by the writer's own x-height).
 */
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { Box, strokeBox, unionBox } from '../../src/main/engines/handwriting/drawing';
import type { Drawing, Stroke } from '../../src/shared/types';
import { PEN_FILES, PenChar, PenSplit, penSplitOf } from './pen';

/** UNIPEN sites whose 1c letters were cut out of words written in a row (SOURCE.md, checked on their gaps). */
export const WORD_SITES = ['cea', 'ceb', 'art', 'apa', 'app'] as const;
/** Gaps beyond this (in letter heights) are word or line breaks, not letter spacing. */
const MAX_LETTER_GAP = 1.0;
const MIN_LETTER_GAP = -1.0;

interface Raw {
  label?: unknown;
  writer?: string;
  category?: string;
  contributor?: string;
  segment_file?: string;
  delineation?: string;
  strokes?: number[][][];
}

/** One letter of a UNIPEN 1c recording, in page coordinates (y down, as the pad's). */
export interface RecordedLetter {
  label: string;
  strokes: Stroke[];
  box: Box;
}

/** Letters of one 1c recording of a WORD_SITES site (a line or sentence written in a row), in writing order. */
export interface WordRecording {
  writer: string;
  letters: RecordedLetter[];
  /** Median letter height: the unit of gaps. */
  letterHeight: number;
}

/**
 * The 1c recordings of WORD_SITES whose writers are in `splits`: letters in pen order (their delineation),
 * page coordinates kept, so gaps, baselines and sizes are the writer's own.
 */
export function wordRecordings(penDir: string, splits: PenSplit[]): WordRecording[] {
  const text = gunzipSync(fs.readFileSync(path.join(penDir, PEN_FILES.unipen))).toString('utf8');
  const files = new Map<string, { writer: string; letters: (RecordedLetter & { at: number })[] }>();
  for (const line of text.split('\n')) {
    if (!line.includes('"1c"')) continue;
    const r = JSON.parse(line) as Raw;
    if (r.category !== '1c' || !r.contributor || !(WORD_SITES as readonly string[]).includes(r.contributor)) continue;
    if (!r.writer || !splits.includes(penSplitOf(r.writer)) || !r.strokes || !r.segment_file || typeof r.label !== 'string') continue;
    const at = parseInt(String(r.delineation ?? '').split(/[-:]/)[0], 10);
    if (!Number.isFinite(at)) continue;
    // y points up in UNIPEN; the pad's y points down.
    const strokes = (r.strokes as number[][][]).map((st) => st.map((p) => [p[0], -p[1]] as [number, number]));
    const key = `${r.writer}|${r.segment_file}`;
    if (!files.has(key)) files.set(key, { writer: r.writer, letters: [] });
    files.get(key)!.letters.push({ at, label: r.label, strokes, box: bounds(strokes) });
  }
  const out: WordRecording[] = [];
  for (const f of files.values()) {
    const letters = f.letters.sort((a, b) => a.at - b.at).map(({ label, strokes, box }) => ({ label, strokes, box }));
    const letterHeight = median(letters.map((l) => l.box.y1 - l.box.y0));
    if (letterHeight > 0) out.push({ writer: f.writer, letters, letterHeight });
  }
  return out;
}

/** Gap from letter a to the next letter b in letter heights, or undefined when b starts another line. */
export function recordedGap(a: Box, b: Box, letterHeight: number): number | undefined {
  // Same line: their vertical middles within half a letter height.
  if (Math.abs((a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2) > 0.5 * letterHeight) return undefined;
  return (b.x0 - a.x1) / letterHeight;
}

/**
 * Inter-letter gaps (fraction of the median letter height of their recording) between consecutive 1c
 * letters on one line, from train-split writers of WORD_SITES, sorted ascending.
 */
export function letterGaps(penDir: string): number[] {
  const gaps: number[] = [];
  for (const rec of wordRecordings(penDir, ['train'])) {
    for (let i = 1; i < rec.letters.length; i++) {
      const g = recordedGap(rec.letters[i - 1].box, rec.letters[i].box, rec.letterHeight);
      if (g !== undefined && g >= MIN_LETTER_GAP && g <= MAX_LETTER_GAP) gaps.push(g);
    }
  }
  return gaps.sort((a, b) => a - b);
}

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))];
}

const DESCENDERS = new Set('gjpqy'.split(''));
const X_HEIGHT = new Set('acemnorsuvwxz'.split(''));

function bounds(strokes: Stroke[]): Box {
  return strokes.map(strokeBox).reduce(unionBox);
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];

/** One writer's characters by label, with their typical heights (raw units) for the layout. */
export interface WriterHand {
  writer: string;
  byLabel: Map<string, PenChar[]>;
  /** Median height of capitals, digits and ascender letters; of x-height letters. */
  capHeight: number;
  xHeight: number;
}

export function writerHands(chars: PenChar[]): WriterHand[] {
  const by = new Map<string, PenChar[]>();
  for (const c of chars) {
    if (!by.has(c.writer)) by.set(c.writer, []);
    by.get(c.writer)!.push(c);
  }
  const out: WriterHand[] = [];
  for (const [writer, list] of by) {
    const byLabel = new Map<string, PenChar[]>();
    for (const c of list) {
      if (!byLabel.has(c.label)) byLabel.set(c.label, []);
      byLabel.get(c.label)!.push(c);
    }
    const hOf = (c: PenChar): number => {
      const b = bounds(c.strokes);
      return b.y1 - b.y0;
    };
    const tall = list.filter((c) => /[A-Z0-9bdhkl]/.test(c.label)).map(hOf);
    const small = list.filter((c) => X_HEIGHT.has(c.label)).map(hOf);
    const capHeight = tall.length ? median(tall) : small.length ? median(small) / 0.6 : 0;
    const xHeight = small.length ? median(small) : 0.6 * capHeight;
    if (capHeight > 0) out.push({ writer, byLabel, capHeight, xHeight });
  }
  return out.sort((a, b) => (a.writer < b.writer ? -1 : 1));
}

/** Whether a writer has every character of `word`. */
export function canWrite(hand: WriterHand, word: string): boolean {
  return [...word].every((ch) => hand.byLabel.has(ch));
}

/**
 * `word` written by `hand`: each character a random sample of that label (rng), scaled so the writer's
 * cap height is `capPx` pixels, on one baseline, gaps drawn from `gaps` (letter heights of the word's
 * median character). Pen order is the writing order; timestamps are synthetic (8 ms per point, 150 ms
 * pen-up between strokes) because the pen sets carry none.
 */
export function composeWord(hand: WriterHand, word: string, gaps: number[], rng: () => number, capPx = 80): Drawing {
  const scale = capPx / hand.capHeight;
  const picks = [...word].map((ch) => {
    const pool = hand.byLabel.get(ch)!;
    return pool[Math.floor(rng() * pool.length)];
  });
  const hs = picks.map((c) => {
    const b = bounds(c.strokes);
    return (b.y1 - b.y0) * scale;
  });
  const H = median(hs);
  const base = capPx;
  const xh = hand.xHeight * scale;
  const strokes: Stroke[] = [];
  let x = 0, t = 0;
  picks.forEach((c, i) => {
    const b = bounds(c.strokes);
    const hgt = (b.y1 - b.y0) * scale;
    const top = DESCENDERS.has(c.label) ? base - xh : base - hgt;
    if (i > 0) x += quantile(gaps, rng()) * H;
    for (const s of c.strokes) {
      strokes.push(s.map((p) => [(p[0] - b.x0) * scale + x, (p[1] - b.y0) * scale + top, (t += 8)] as [number, number, number]));
      t += 150;
    }
    x += (b.x1 - b.x0) * scale;
  });
  return { strokes };
}

/** One character alone, scaled so its height is `px` (its width if it is flat), with synthetic timestamps. */
export function charDrawing(c: PenChar, px = 80): Drawing {
  const b = bounds(c.strokes);
  const s = px / Math.max(b.y1 - b.y0, 0.25 * (b.x1 - b.x0), 1e-9);
  let t = 0;
  return { strokes: c.strokes.map((st) => { const out = st.map((p) => [(p[0] - b.x0) * s, (p[1] - b.y0) * s, (t += 8)] as [number, number, number]); t += 150; return out; }) };
}
