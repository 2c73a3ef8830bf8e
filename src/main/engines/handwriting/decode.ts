/**
 * Per-character class probabilities -> text, using context the CNN cannot see (it gets each character
 * alone, scaled to fill the frame, so 'o'/'O'/'0' or 's'/'S' look the same to it):
 *  1. neighbours: digits among digits, letters among letters (a soft prior from the rest of the word; shape
 *     twins 0/o, 1/l, 5/s say nothing about their neighbours);
 *  2. a small lexicon (wordlist.ts) breaks ties between close readings (digit twins and a dotless i included);
 *  3. letter case per word (lower, Capitalised or CAPS) from every letter's evidence: the CNN's odds for
 *     distinct shapes (A/a, E/e), for same-shape letters (c/C, o/O, s/S) where the top sits between the
 *     line's cap line and x-line, measured on "anchor" characters whose height class the CNN can tell.
 * The `letters` model (26 case-merged classes) outputs capitals: it cannot tell case by shape, and
 * guessing case from height alone for every letter would be wrong more often than right on short input.
 */
import { CharAlternative, RecognizedChar, RecognizedWord } from '../../../shared/types';
import { Box } from './drawing';
import { isWord } from './wordlist';

export interface CharEvidence {
  probs: Float32Array;
  box: Box;
  strokeIndices?: number[];
}

/** Letters whose capital and small forms differ mainly in size. */
const SAME_SHAPE = new Set('cklmopsuvwxyzj'.split(''));
/** Lowercase letters that rise to the cap line (their top/bottom measure cap line and baseline). */
const ASCENDERS = new Set('bdfhklt'.split(''));
/** Lowercase letters the CNN tells from their capitals by shape and that sit between x-line and baseline. */
const X_ANCHORS = new Set('aenr'.split(''));
const DIGIT_PRIOR_FLOOR = 0.1;
const UPPER_REL_TOP = 0.25;
const LEXICON_RATIO = 0.1;
/** Letter read for a digit of the same shape, when a word-list match is sought. */
export const LETTER_TWIN: Record<string, string> = { '0': 'o', '1': 'l', '5': 's' };
/** A bar read as a dotless 'i' keeps this share of its probability (dots get lost or never drawn). */
const BAR_AS_I = 0.5;
/** Case evidence (log-odds) caps: no single letter outvotes a word on its own. */
const CNN_CASE_CLIP = 2;
const GEOMETRY_CLIP = 3;
/** Log-odds per cap height between a character's top and the half-way line. */
const GEOMETRY_GAIN = 12;
/** A word in capitals needs a little more evidence than one in small letters. */
const CAPS_PRIOR = 0.5;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase();
const isUpper = (c: string): boolean => isLetter(c) && c === c.toUpperCase();

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  // Two anchors (an h and a t): their mean, not the lower one.
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Scored {
  /** Re-weighted probabilities per class. */
  p: Float32Array;
  digitness: number;
}

/** Digits that share their shape with letters (0 o O, 1 l I, 5 s S): they say nothing about their neighbours. */
const TWINS = new Set('015oOlIsS'.split(''));

/** Digit mass of a character; with `neutralTwins`, twin classes count half digit, half letter. */
function digitMass(probs: Float32Array, classes: string[], neutralTwins: boolean): number {
  let d = 0;
  classes.forEach((c, i) => {
    if (neutralTwins && TWINS.has(c)) d += probs[i] / 2;
    else if (isDigit(c)) d += probs[i];
  });
  return Math.min(0.98, Math.max(0.02, d));
}

/**
 * Soft prior from the rest of the word: the odds that the other characters are all digits rather than all
 * letters (product of their digit/letter masses) weight this character's digit and letter classes.
 * Joint odds, not an average, so one 9-read-as-g does not drag its digit neighbours to letters.
 */
function applyNeighbourPrior(chars: CharEvidence[], classes: string[]): Scored[] {
  // A bar or a ring is evidence for neither side ("will" must not become "w111" because of its bars), unless
  // the whole word is made of them ("100", "50"): then their plain digit mass decides, as before.
  const twinMass = chars.map((c) => classes.reduce((s, cl, i) => (TWINS.has(cl) ? s + c.probs[i] : s), 0));
  const neutral = twinMass.some((t) => t < 0.5);
  const dm = chars.map((c) => digitMass(c.probs, classes, neutral));
  const hasDigits = classes.some(isDigit);
  return chars.map((c, k) => {
    const p = Float32Array.from(c.probs);
    if (hasDigits && chars.length > 1) {
      let logOdds = 0;
      dm.forEach((d, j) => j !== k && (logOdds += Math.log(d) - Math.log(1 - d)));
      const pi = 1 / (1 + Math.exp(-logOdds));
      let s = 0;
      classes.forEach((cl, i) => {
        p[i] *= DIGIT_PRIOR_FLOOR + (isDigit(cl) ? pi : 1 - pi);
        s += p[i];
      });
      if (s > 0) for (let i = 0; i < p.length; i++) p[i] /= s;
    }
    return { p, digitness: dm[k] };
  });
}

/**
 * Shape key of a class: capital and small letter share one ('o' gathers 'o' and 'O'), except that 'I'
 * goes with 'l' (both a bar) while dotted 'i' and 'L' keep their own.
 */
export function fold(c: string): string {
  if (c === 'I') return 'l';
  if (c === 'L' || c === 'i') return c;
  return c.toLowerCase();
}

/** Probability per shape key, best first. */
function foldedRanking(p: Float32Array, classes: string[]): { key: string; p: number }[] {
  const m = new Map<string, number>();
  classes.forEach((c, i) => m.set(fold(c), (m.get(fold(c)) ?? 0) + p[i]));
  return [...m.entries()].map(([key, v]) => ({ key, p: v })).sort((a, b) => b.p - a.p);
}

export interface LineMetrics {
  capTop?: number;
  xTop?: number;
  base?: number;
}

/** Cap line, x-line and baseline of a line from the characters whose case/height class is unambiguous. */
export function lineMetrics(chars: { box: Box; best: string }[]): LineMetrics {
  const tall = chars.filter((c) => (isUpper(c.best) && !SAME_SHAPE.has(c.best.toLowerCase())) || isDigit(c.best) || ASCENDERS.has(c.best));
  const small = chars.filter((c) => X_ANCHORS.has(c.best));
  const m: LineMetrics = {};
  if (tall.length) {
    m.capTop = median(tall.map((c) => c.box.y0));
    m.base = median(tall.map((c) => c.box.y1));
  }
  if (small.length) {
    m.xTop = median(small.map((c) => c.box.y0));
    m.base ??= median(small.map((c) => c.box.y1));
  }
  return m;
}

function pick(p: Float32Array, classes: string[], keep: (c: string) => boolean): { c: string; p: number } {
  let best = -1;
  for (let i = 0; i < classes.length; i++) if (keep(classes[i]) && (best < 0 || p[i] > p[best])) best = i;
  return best < 0 ? { c: '?', p: 0 } : { c: classes[best], p: p[best] };
}

export interface DecodeLine {
  words: CharEvidence[][];
  /** The line's typical character height (segment.ts); measured from the boxes when absent. */
  height?: number;
}

/** Widest gap (in line heights) that a word-list reading may close; chosen on validation pen words over 0.9 and 1.5. */
export const JOIN_GAP = 1.2;

/** A word's reading as decodeWord starts it: neighbour prior, folded best keys, the word list. */
function readingOf(word: CharEvidence[], classes: string[]): string {
  const rankings = applyNeighbourPrior(word, classes).map((s) => foldedRanking(s.p, classes));
  return lexiconPick(rankings, rankings.map((r) => r[0].key)).join('');
}

/** Words (as the box rules cut them) that one closing of gaps may join at most: "s eman a" -> "semana". */
const JOIN_MAX_WORDS = 4;

/**
 * Closes word gaps the word list explains: real writers leave gaps inside words as wide as some between
 * words ("escn ibir"), so a run of neighbours, each closer than JOIN_GAP line heights to the next, becomes
 * one word when together they read as a listed word and apart they are not all words ("bue has" ->
 * "buenas", "a sk" -> "ask"; "in to" stays). The longest such run from each word wins.
 */
export function joinSplitWords(words: CharEvidence[][], classes: string[], height: number): CharEvidence[][] {
  const left = (w: CharEvidence[]): number => Math.min(...w.map((c) => c.box.x0));
  const right = (w: CharEvidence[]): number => Math.max(...w.map((c) => c.box.x1));
  // Each word's own reading once, not once per run it could join.
  const alone = words.map((w) => isWord(readingOf(w, classes)));
  const out: CharEvidence[][] = [];
  for (let i = 0; i < words.length; ) {
    let end = i + 1;
    let joined = words[i];
    for (let j = i + 1; j < words.length && j - i < JOIN_MAX_WORDS; j++) {
      if (left(words[j]) - right(words[j - 1]) > JOIN_GAP * height) break;
      const all = words.slice(i, j + 1).flat();
      if (all.length > 12) break;
      if (isWord(readingOf(all, classes)) && !alone.slice(i, j + 1).every(Boolean)) {
        end = j + 1;
        joined = all;
      }
    }
    out.push(joined);
    i = end;
  }
  return out;
}

/**
 * Decodes one text line. `classes` are the model's labels; `caseMerged` is true for the letters model.
 */
export function decodeLine(line: DecodeLine, classes: string[], caseMerged: boolean, context = true): RecognizedWord[] {
  if (!context) return line.words.map((w) => decodeRaw(w, classes));
  const height = line.height ?? median(line.words.flat().map((c) => c.box.y1 - c.box.y0));
  const words = joinSplitWords(line.words, classes, height);
  const scored = words.map((w) => applyNeighbourPrior(w, classes));
  // First pass: the CNN's own best per character, for line metrics.
  const firstPass = words.flatMap((w, i) => w.map((c, k) => ({ box: c.box, best: pick(scored[i][k].p, classes, () => true).c })));
  const metrics = caseMerged ? {} : lineMetrics(firstPass);
  return words.map((word, wi) => decodeWord(word, scored[wi], classes, caseMerged, metrics));
}

function decodeWord(word: CharEvidence[], scored: Scored[], classes: string[], caseMerged: boolean, m: LineMetrics): RecognizedWord {
  // Reading per position (case-folded), then the lexicon may swap in a close alternative.
  const rankings = scored.map((s) => foldedRanking(s.p, classes));
  let keys = rankings.map((r) => r[0].key);
  keys = lexiconPick(rankings, keys);
  const upper = caseMerged ? [] : wordCase(keys, scored, classes, word, m);
  const chars: RecognizedChar[] = word.map((ev, i) => {
    const key = keys[i];
    const p = scored[i].p;
    let ch = key;
    // The lexicon may read a bar as a dotless 'i', a shape the case-merged classes file under 'I' (fold: 'l').
    if (caseMerged) ch = key === 'i' && !classes.includes('i') ? 'I' : pick(p, classes, (c) => fold(c) === key).c;
    else if (upper[i] !== undefined) ch = upper[i] ? (key === 'l' ? 'I' : key.toUpperCase()) : key.toLowerCase();
    const conf = classes.reduce((s, c, j) => (fold(c) === key ? s + p[j] : s), 0);
    const alts: CharAlternative[] = [{ char: ch, confidence: round(conf) }];
    for (const r of rankings[i]) {
      if (alts.length >= 3) break;
      if (r.key === key) continue;
      const alt = pick(p, classes, (c) => fold(c) === r.key).c;
      alts.push({ char: alt, confidence: round(r.p) });
    }
    return {
      char: ch,
      confidence: round(conf),
      alternatives: alts,
      box: [ev.box.x0, ev.box.y0, ev.box.x1 - ev.box.x0, ev.box.y1 - ev.box.y0],
      ...(ev.strokeIndices ? { strokeIndices: ev.strokeIndices } : {}),
    };
  });
  return { text: chars.map((c) => c.char).join(''), chars };
}

/** No context (evaluation baseline): each character is the CNN's own top class. */
function decodeRaw(word: CharEvidence[], classes: string[]): RecognizedWord {
  const chars: RecognizedChar[] = word.map((ev) => {
    const order = classes.map((_, j) => j).sort((a, b) => ev.probs[b] - ev.probs[a]).slice(0, 3);
    return {
      char: classes[order[0]],
      confidence: round(ev.probs[order[0]]),
      alternatives: order.map((j) => ({ char: classes[j], confidence: round(ev.probs[j]) })),
      box: [ev.box.x0, ev.box.y0, ev.box.x1 - ev.box.x0, ev.box.y1 - ev.box.y0],
      ...(ev.strokeIndices ? { strokeIndices: ev.strokeIndices } : {}),
    };
  });
  return { text: chars.map((c) => c.char).join(''), chars };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Per letter, log-odds that it is a capital: the CNN's own capital/small odds for distinct shapes (A/a,
 * E/e, ...), the height against the line for same-shape letters (c/C, o/O, s/S, p/P ...), nothing for
 * letters tall in both cases (k/K, the l/I bar). A dotted 'i' leans small.
 */
function caseEvidence(key: string, p: Float32Array, classes: string[], box: Box, m: LineMetrics): number {
  if (key === 'i') return -1;
  if (key === 'L') return 1;
  if (key === 'l' || key === 'k') return 0;
  if (SAME_SHAPE.has(key)) return geometryEvidence(box, m);
  const up = pick(p, classes, (c) => c === key.toUpperCase()).p;
  const lo = pick(p, classes, (c) => c === key).p;
  return clamp(Math.log((up + 1e-6) / (lo + 1e-6)), -CNN_CASE_CLIP, CNN_CASE_CLIP);
}

/** Log-odds of a capital from where the character's top sits: above or below half-way between cap line and x-line. */
function geometryEvidence(box: Box, m: LineMetrics): number {
  if (m.capTop !== undefined && m.base !== undefined && m.base - m.capTop > 0) {
    const h = m.base - m.capTop;
    const mid = m.xTop !== undefined && m.xTop > m.capTop && m.xTop < m.base ? (m.capTop + m.xTop) / 2 : m.capTop + UPPER_REL_TOP * h;
    return clamp(((mid - box.y0) / h) * GEOMETRY_GAIN, -GEOMETRY_CLIP, GEOMETRY_CLIP);
  }
  if (m.xTop !== undefined && m.base !== undefined && m.base - m.xTop > 0) {
    const rel = (m.xTop - box.y0) / (m.base - m.xTop);
    return clamp((rel - 0.3) * GEOMETRY_GAIN, -GEOMETRY_CLIP, GEOMETRY_CLIP);
  }
  return 0;
}

/**
 * Case of every letter of a word: true capital, false small, undefined not a letter. Words are written
 * "lower", "Capitalised" or "CAPS": the pattern with the most evidence over all letters wins (ties: lower,
 * then Capitalised), so one letter the CNN got the case of wrong ("whAt", "coFFee") follows the others.
 * A one-letter word keeps its own evidence; with none, a lone letter is a capital and a bar is 'I'.
 */
function wordCase(keys: string[], scored: Scored[], classes: string[], word: CharEvidence[], m: LineMetrics): (boolean | undefined)[] {
  const letters = keys.map((k, i) => (isLetter(k) ? i : -1)).filter((i) => i >= 0);
  const e = keys.map((k, i) => (isLetter(k) ? caseEvidence(k, scored[i].p, classes, word[i].box, m) : 0));
  const out: (boolean | undefined)[] = keys.map(() => undefined);
  if (letters.length === 1) {
    const i = letters[0];
    out[i] = e[i] !== 0 ? e[i] > 0 : keys[i] === 'i' ? false : true;
    return out;
  }
  const sum = letters.reduce((s, i) => s + e[i], 0);
  const first = letters[0] ?? -1;
  const lower = -sum, capitalised = first >= 0 ? 2 * e[first] - sum : -Infinity, caps = sum - CAPS_PRIOR;
  const pattern = caps > Math.max(lower, capitalised) ? 'caps' : capitalised > lower ? 'capitalised' : 'lower';
  for (const i of letters) out[i] = pattern === 'caps' || (pattern === 'capitalised' && i === first);
  return out;
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/**
 * If the best reading is not a word, try the top-3 readings per position (top-2 past 6 characters) and
 * take the likeliest one that is a word, provided it keeps at least LEXICON_RATIO of the best's probability.
 */
function lexiconPick(rankings: { key: string; p: number }[][], best: string[]): string[] {
  // Digits among letters ("hou5e") are tried as their letter twins too; an all-digit reading is a number.
  if (best.length < 2 || best.length > 12 || !best.some(isLetter) || isWord(best.join(''))) return best;
  const width = best.length > 6 ? 2 : 3;
  const bestScore = rankings.reduce((s, r) => s * r[0].p, 1);
  let beams: { keys: string[]; score: number }[] = [{ keys: [], score: 1 }];
  for (const r of rankings) {
    const next: { keys: string[]; score: number }[] = [];
    for (const b of beams) for (const alt of readingsOf(r, width)) next.push({ keys: [...b.keys, alt.key], score: b.score * alt.p });
    beams = next.sort((a, b) => b.score - a.score).slice(0, 400);
  }
  const hit = beams.find((b) => isWord(b.keys.join('')));
  return hit && hit.score >= LEXICON_RATIO * bestScore ? hit.keys : best;
}

/** Letter readings of a position for the lexicon: its top `width` shapes, digits as their letter twins, a bar also as a dotless 'i'. */
function readingsOf(r: { key: string; p: number }[], width: number): { key: string; p: number }[] {
  const out = new Map<string, number>();
  const add = (k: string, p: number): void => void out.set(k, Math.max(out.get(k) ?? 0, p));
  for (const alt of r.slice(0, width)) {
    const k = LETTER_TWIN[alt.key] ?? alt.key;
    if (!isLetter(k)) continue;
    add(k, alt.p);
    if (k === 'l') add('i', alt.p * BAR_AS_I);
  }
  return [...out.entries()].map(([key, p]) => ({ key, p }));
}
