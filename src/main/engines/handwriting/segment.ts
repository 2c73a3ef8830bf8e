/**
 * Segmentation shared by drawings (items = strokes, in pen order) and images (items = connected ink
 * components): items -> lines -> characters -> words. Only boxes are used, so both inputs follow one rule.
 * Thresholds are fractions of the line's typical character height H (docs/handwriting.md):
 *  - lines: items whose vertical extents overlap by > 30% of the item's height share a line;
 *  - characters: items overlapping horizontally by >= 50% of the narrower one (35% for strokes drawn one
 *    after the other; widths floored at H/4 so thin strokes like 'l' behave, at H/8 when both are thin so
 *    "ll" stays two letters) form one character; a small mark (< 0.35 H: an i/j dot, an accent) joins a
 *    small upright stroke it lies wholly above (a small writer's i stem), else the nearest character it lies
 *    over (within 0.3 H; within 1 H when wholly above that character's top);
 *  - words: a gap wider than 1.6x the line's median gap, clamped to [0.7 H, 0.9 H], starts a new word
 *    (the floor is real writers' spacing: docs/handwriting.md, "Words as real people wrote them").
 */
import { Box, distanceToSpan, nearestSpan, unionBox } from './drawing';

export interface Item {
  box: Box;
  /** Pen order for strokes; undefined for image components. */
  order?: number;
}
export interface CharGroup {
  items: number[];
  box: Box;
}
export interface LineGroup {
  words: CharGroup[][];
  /** Typical character height in the line (used by case rules). */
  height: number;
}

const LINE_OVERLAP = 0.3;
/** A part over or under a band that (nearly) touches it belongs to its line: a Y's stem, an E's top bar. */
const TOUCH_GAP = 0.1;
/** Flat strokes join a band within this reach of it (more when they lie over its writing: an E's bars). */
const FLAT_REACH = 0.2;
const FLAT_REACH_OVER = 0.45;
/** A band under this fraction of its neighbour's height, that close to it, joins it. */
const SHORT_BAND = 0.6;
const DOT_BAND_GAP = 1.2;
const CHAR_OVERLAP = 0.5;
const CHAR_OVERLAP_CONSECUTIVE = 0.35;
const MIN_WIDTH = 0.25;
const THIN_PAIR = 0.5;
const SMALL_MARK = 0.35;
const MARK_REACH = 0.3;
/**
 * A mark wholly above a character's top (an i or j dot dabbed late, drifted right or left) joins it from
 * this far; elsewhere MARK_REACH. Only characters whose top is below the mark qualify, so a dot never
 * joins a tall neighbour (the t of "it") it happens to be nearer to.
 */
const DOT_REACH = 1;
const WORD_GAP_FACTOR = 1.6;
const WORD_GAP_MIN = 0.7;
const WORD_GAP_MAX = 0.9;

const hOf = (b: Box): number => b.y1 - b.y0;
const wOf = (b: Box): number => b.x1 - b.x0;

function median(v: number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Typical character height: median height of the items that are not small marks. Flat strokes (the bars of
 * an E, a t cross) say nothing about the height, so they count only when nothing else is there (a dash).
 */
function typicalHeight(boxes: Box[]): number {
  const sizes = boxes.map((b) => Math.max(hOf(b), wOf(b)));
  const big = Math.max(...sizes);
  const candidates = boxes.filter((_, i) => sizes[i] >= 0.3 * big);
  const upright = candidates.filter((b) => hOf(b) >= 0.5 * wOf(b));
  const h = upright.length ? median(upright.map(hOf)) : median(candidates.map((b) => Math.max(hOf(b), wOf(b) * 0.8)));
  return h > 0 ? h : Math.max(big, 1);
}

/** Splits items into lines, top to bottom. */
function groupLines(items: Item[]): number[][] {
  const H = typicalHeight(items.map((i) => i.box));
  const isSmall = (i: number): boolean => Math.max(hOf(items[i].box), wOf(items[i].box)) < SMALL_MARK * H;
  // Tallest first, so bands are founded by full-height characters and flat strokes (a bar, a dash) join them.
  const big = items.map((_, i) => i).filter((i) => !isSmall(i));
  big.sort((a, b) => hOf(items[b].box) - hOf(items[a].box));
  const bands: { x0: number; x1: number; y0: number; y1: number; members: number[] }[] = [];
  for (const i of big) {
    const b = items[i].box, h = hOf(b), cy = (b.y0 + b.y1) / 2;
    let best = -1, bestOv = -Infinity;
    bands.forEach((band, k) => {
      const ov = Math.min(b.y1, band.y1) - Math.max(b.y0, band.y0);
      // A part that touches the band and lies under or over it (the stem of a Y, the top bar of an E) is
      // part of that line's writing even when it overlaps the band by little.
      // Spans floored at MIN_WIDTH H around their centre: a stem drawn dead vertical has no width at all.
      const [p0, p1] = span(b, MIN_WIDTH * H), [q0, q1] = span(band, MIN_WIDTH * H);
      const above = Math.min(p1, q1) > Math.max(p0, q0);
      const near = above && ov > -TOUCH_GAP * Math.min(h, band.y1 - band.y0);
      const reach = (above ? FLAT_REACH_OVER : FLAT_REACH) * H;
      const joins = h < SMALL_MARK * H ? cy >= band.y0 - reach && cy <= band.y1 + reach : ov > LINE_OVERLAP * h || near;
      if (joins && ov > bestOv) {
        best = k;
        bestOv = ov;
      }
    });
    if (best < 0) bands.push({ x0: b.x0, x1: b.x1, y0: b.y0, y1: b.y1, members: [i] });
    else {
      const band = bands[best];
      band.members.push(i);
      band.x0 = Math.min(band.x0, b.x0);
      band.x1 = Math.max(band.x1, b.x1);
      band.y0 = Math.min(band.y0, b.y0);
      band.y1 = Math.max(band.y1, b.y1);
    }
  }
  if (bands.length === 0) return [items.map((_, i) => i)];
  const bandSpans = bands.map((band) => [band.y0, band.y1] as const);
  for (let i = 0; i < items.length; i++) {
    if (!isSmall(i)) continue;
    const b = items[i].box;
    bands[nearestSpan((b.y0 + b.y1) / 2, bandSpans)].members.push(i);
  }
  bands.sort((a, b) => a.y0 + a.y1 - b.y0 - b.y1);
  // A band of one or two marks much shorter than its neighbour, over or under its writing (an i's dot drawn
  // big and high, an accent) is part of that line, not a line of its own.
  for (let k = 0; k < bands.length; k++) {
    const a = bands[k];
    for (const j of [k - 1, k + 1]) {
      const b = bands[j];
      if (!b || a.members.length === 0 || b.members.length === 0) continue;
      const ha = a.y1 - a.y0, hb = b.y1 - b.y0;
      const gap = Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1);
      const mark = a.members.length <= 2 && ha < SHORT_BAND * hb && gap < DOT_BAND_GAP * hb;
      if (mark && Math.min(a.x1, b.x1) + TOUCH_GAP * hb > Math.max(a.x0, b.x0)) {
        b.members.push(...a.members);
        a.members = [];
        b.x0 = Math.min(a.x0, b.x0);
        b.x1 = Math.max(a.x1, b.x1);
        b.y0 = Math.min(a.y0, b.y0);
        b.y1 = Math.max(a.y1, b.y1);
        break;
      }
    }
  }
  return bands.filter((b) => b.members.length > 0).map((b) => b.members);
}

function span(b: Box, minW: number): [number, number] {
  if (wOf(b) >= minW) return [b.x0, b.x1];
  const c = (b.x0 + b.x1) / 2;
  return [c - minW / 2, c + minW / 2];
}

/** Union-find with path halving and union by size: near-constant per operation. */
export class DisjointSets {
  private parent: Int32Array;
  private size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]];
      i = p[i];
    }
    return i;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a), rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return true;
  }
}

/**
 * Most items an item is compared with in the sweep. Real writing has a handful of items over any x (a
 * letter's strokes); only piles of strokes over one spot (issue 13: 2,000 strokes over one place) reach
 * this, and there every item has long been joined to the pile, so the cap changes nothing but the cost.
 */
const SWEEP_CANDIDATES = 24;

/**
 * Union-find over one line's items by horizontal overlap: a sweep over the items sorted by the left end of
 * their span, comparing each with the still-open spans only (those reaching past its left end), at most
 * SWEEP_CANDIDATES of them and never two already in one set. O(n log n) for any input.
 */
function groupChars(items: Item[], members: number[], H: number): CharGroup[] {
  const n = members.length;
  const sets = new DisjointSets(n);
  const box = (k: number): Box => items[members[k]].box;
  const small = (k: number): boolean => Math.max(hOf(box(k)), wOf(box(k))) < SMALL_MARK * H;
  const minW = MIN_WIDTH * H;
  const bigs: number[] = [];
  for (let k = 0; k < n; k++) if (!small(k)) bigs.push(k);
  // Thin items (a stem, '1', 'l') count as minW wide around their centre, so a stem drawn apart from
  // its bowl or arm ('d', 'k') still joins it. Two thin items side by side are two characters ("ll",
  // "il", "11") unless nearly on top of each other: then each counts only half as wide.
  const thin = (k: number): boolean => wOf(box(k)) < minW;
  const spanOf = (k: number, floor: number): [number, number] => span(box(k), floor);
  // The widest span an item can get is max(width, minW): sweep on that, test with the pair's own floor.
  const sweep = bigs.map((k) => ({ k, s: spanOf(k, minW) })).sort((a, b) => a.s[0] - b.s[0]);
  let open: { k: number; end: number }[] = [];
  for (const cur of sweep) {
    open = open.filter((o) => o.end > cur.s[0]);
    const A = items[members[cur.k]];
    let compared = 0;
    // Newest first: in a pile the most recent spans are the likeliest still to be apart.
    for (let j = open.length - 1; j >= 0 && compared < SWEEP_CANDIDATES; j--) {
      const other = open[j].k;
      if (sets.find(other) === sets.find(cur.k)) continue;
      compared++;
      const B = items[members[other]];
      const floor = thin(cur.k) && thin(other) ? THIN_PAIR * minW : minW;
      const [a0, a1] = spanOf(cur.k, floor), [b0, b1] = spanOf(other, floor);
      const ov = Math.min(a1, b1) - Math.max(a0, b0);
      const narrow = Math.min(a1 - a0, b1 - b0);
      const consecutive = A.order !== undefined && B.order !== undefined && Math.abs(A.order - B.order) === 1;
      if (ov >= (consecutive ? CHAR_OVERLAP_CONSECUTIVE : CHAR_OVERLAP) * narrow) sets.union(cur.k, other);
    }
    open.push({ k: cur.k, end: cur.s[1] });
    // A pile keeps every span open: keep only the newest ones (the rest are joined or far behind).
    if (open.length > 4 * SWEEP_CANDIDATES) open = open.slice(-2 * SWEEP_CANDIDATES);
  }
  // Marks join the big item whose x-range they lie over (or nearly): dots, accents, a 't' bar drawn short.
  // Candidates sorted by left end; a binary search finds those starting before the mark's reach.
  const byX0 = [...bigs].sort((a, b) => box(a).x0 - box(b).x0);
  // A small writer's i: its stem is itself under SMALL_MARK. A mark wholly above such a stem (upright, at
  // least twice as tall as wide) and over it joins it, not the big letter next to it ("hin" read "hm").
  const stems = Array.from({ length: n }, (_, k) => k)
    .filter((k) => small(k) && hOf(box(k)) >= 2 * wOf(box(k)))
    .sort((a, b) => box(a).x0 - box(b).x0);
  const reach = MARK_REACH * H, dotReach = DOT_REACH * H;
  /** The nearest of `sorted` (by left end) within `maxD(candidate)` of x, scanning at most 4 * SWEEP_CANDIDATES back from x + far. */
  const nearest = (sorted: number[], x: number, far: number, maxD: (k: number) => number, skip: number): number => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (box(sorted[mid]).x0 <= x + far) lo = mid + 1;
      else hi = mid;
    }
    let best = -1, bestD = Infinity;
    for (let j = lo - 1, seen = 0; j >= 0 && seen < 4 * SWEEP_CANDIDATES; j--, seen++) {
      const k = sorted[j];
      if (k === skip) continue;
      const d = distanceToSpan(x, box(k).x0, box(k).x1);
      if (d > maxD(k)) continue;
      if (d < bestD || (d === bestD && k < best)) {
        best = k;
        bestD = d;
      }
    }
    return best;
  };
  for (let m = 0; m < n; m++) {
    if (!small(m)) continue;
    const mb = box(m), mcx = (mb.x0 + mb.x1) / 2;
    const stem = nearest(stems, mcx, reach, (k) => (mb.y1 <= box(k).y0 ? reach : -1), m);
    const best = stem >= 0 ? stem : nearest(byX0, mcx, dotReach, (k) => (mb.y1 <= box(k).y0 ? dotReach : reach), -1);
    if (best >= 0) sets.union(m, best);
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const r = sets.find(k);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(members[k]);
  }
  const chars = [...groups.values()].map((g) => ({ items: g.sort((a, b) => a - b), box: g.map((i) => items[i].box).reduce(unionBox) }));
  return chars.sort((a, b) => a.box.x0 + a.box.x1 - b.box.x0 - b.box.x1);
}

function splitWords(chars: CharGroup[], H: number): CharGroup[][] {
  if (chars.length === 0) return [];
  const gaps: number[] = [];
  let right = chars[0].box.x1;
  for (let i = 1; i < chars.length; i++) {
    gaps.push(chars[i].box.x0 - right);
    right = Math.max(right, chars[i].box.x1);
  }
  const t = Math.min(WORD_GAP_MAX * H, Math.max(WORD_GAP_MIN * H, WORD_GAP_FACTOR * median(gaps)));
  const words: CharGroup[][] = [[chars[0]]];
  gaps.forEach((g, i) => {
    if (g > t) words.push([chars[i + 1]]);
    else words[words.length - 1].push(chars[i + 1]);
  });
  return words;
}

/** items -> lines (top to bottom) of words (left to right) of characters. */
export function segment(items: Item[]): LineGroup[] {
  if (items.length === 0) return [];
  return groupLines(items).map((members) => {
    const H = typicalHeight(members.map((i) => items[i].box));
    return { words: splitWords(groupChars(items, members, H), H), height: H };
  });
}
