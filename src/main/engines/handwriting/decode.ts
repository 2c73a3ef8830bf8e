/**
 * Per-character class probabilities -> text, using context the CNN cannot see (it gets each character
 * alone, scaled to fill the frame, so 'o'/'O'/'0' or 's'/'S' look the same to it):
 *  1. neighbours: digits among digits, letters among letters (a soft prior from the rest of the word);
 *  2. letter case of same-shape letters from geometry: where the character's top sits between the line's
 *     cap line and x-height line, measured on "anchor" characters whose case the CNN can tell
 *     (A/a, E/e, digits, ascenders b d f h k l t); words written all in capitals stay capitals;
 *  3. a small lexicon (wordlist.ts) breaks ties between close readings.
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

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase();
const isUpper = (c: string): boolean => isLetter(c) && c === c.toUpperCase();

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
}

interface Scored {
  /** Re-weighted probabilities per class. */
  p: Float32Array;
  digitness: number;
}

function digitMass(probs: Float32Array, classes: string[]): number {
  let d = 0;
  classes.forEach((c, i) => isDigit(c) && (d += probs[i]));
  return Math.min(0.98, Math.max(0.02, d));
}

/**
 * Soft prior from the rest of the word: the odds that the other characters are all digits rather than all
 * letters (product of their digit/letter masses) weight this character's digit and letter classes.
 * Joint odds, not an average, so one 9-read-as-g does not drag its digit neighbours to letters.
 */
function applyNeighbourPrior(chars: CharEvidence[], classes: string[]): Scored[] {
  const dm = chars.map((c) => digitMass(c.probs, classes));
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

/** true = capital, false = small, undefined = geometry cannot tell. */
function caseFromGeometry(box: Box, m: LineMetrics): boolean | undefined {
  if (m.capTop !== undefined && m.base !== undefined && m.base - m.capTop > 0) {
    const rel = (box.y0 - m.capTop) / (m.base - m.capTop);
    return rel < UPPER_REL_TOP;
  }
  if (m.xTop !== undefined && m.base !== undefined && m.base - m.xTop > 0) {
    const rel = (m.xTop - box.y0) / (m.base - m.xTop);
    return rel > 0.3;
  }
  return undefined;
}

function pick(p: Float32Array, classes: string[], keep: (c: string) => boolean): { c: string; p: number } {
  let best = -1;
  for (let i = 0; i < classes.length; i++) if (keep(classes[i]) && (best < 0 || p[i] > p[best])) best = i;
  return best < 0 ? { c: '?', p: 0 } : { c: classes[best], p: p[best] };
}

export interface DecodeLine {
  words: CharEvidence[][];
}

/**
 * Decodes one text line. `classes` are the model's labels; `caseMerged` is true for the letters model.
 */
export function decodeLine(line: DecodeLine, classes: string[], caseMerged: boolean, context = true): RecognizedWord[] {
  if (!context) return line.words.map((w) => decodeRaw(w, classes));
  const scored = line.words.map((w) => applyNeighbourPrior(w, classes));
  // First pass: the CNN's own best per character, for line metrics.
  const firstPass = line.words.flatMap((w, i) => w.map((c, k) => ({ box: c.box, best: pick(scored[i][k].p, classes, () => true).c })));
  const metrics = caseMerged ? {} : lineMetrics(firstPass);
  return line.words.map((word, wi) => decodeWord(word, scored[wi], classes, caseMerged, metrics));
}

function decodeWord(word: CharEvidence[], scored: Scored[], classes: string[], caseMerged: boolean, m: LineMetrics): RecognizedWord {
  // Reading per position (case-folded), then the lexicon may swap in a close alternative.
  const rankings = scored.map((s) => foldedRanking(s.p, classes));
  let keys = rankings.map((r) => r[0].key);
  keys = lexiconPick(rankings, keys);
  // Capitals the CNN is sure of (distinct shapes) decide whether the word is written in capitals.
  const shaped = keys.map((k, i) => {
    if (!isLetter(k) || SAME_SHAPE.has(k) || k === 'i' || k === 'L') return undefined;
    const up = pick(scored[i].p, classes, (c) => c === k.toUpperCase()).p;
    const lo = pick(scored[i].p, classes, (c) => c === k).p;
    return up > lo;
  });
  const known = shaped.filter((v) => v !== undefined) as boolean[];
  const allCaps = known.length > 0 && known.filter(Boolean).length >= (2 / 3) * known.length && known.filter(Boolean).length >= 1;
  const chars: RecognizedChar[] = word.map((ev, i) => {
    const key = keys[i];
    const p = scored[i].p;
    let ch = key;
    if (caseMerged) ch = pick(p, classes, (c) => fold(c) === key).c;
    else if (isLetter(key) && key !== 'i' && key !== 'L') {
      if (shaped[i] !== undefined) ch = shaped[i] ? key.toUpperCase() : key;
      else if (key === 'l') {
        // 'l' vs 'I': both a bar; a lone one or one in a word of capitals is 'I'.
        ch = allCaps || word.length === 1 ? 'I' : 'l';
      } else {
        const g = allCaps ? true : caseFromGeometry(ev.box, m);
        ch = g === undefined ? (word.length === 1 ? key.toUpperCase() : key) : g ? key.toUpperCase() : key;
      }
    }
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

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/**
 * If the best reading is not a word, try the top-3 readings per position (top-2 past 6 characters) and
 * take the likeliest one that is a word, provided it keeps at least LEXICON_RATIO of the best's probability.
 */
function lexiconPick(rankings: { key: string; p: number }[][], best: string[]): string[] {
  if (best.length < 2 || best.length > 12 || !best.every(isLetter) || isWord(best.join(''))) return best;
  const width = best.length > 6 ? 2 : 3;
  const bestScore = rankings.reduce((s, r) => s * r[0].p, 1);
  let beams: { keys: string[]; score: number }[] = [{ keys: [], score: 1 }];
  for (const r of rankings) {
    const next: { keys: string[]; score: number }[] = [];
    for (const b of beams) for (const alt of r.slice(0, width)) if (isLetter(alt.key)) next.push({ keys: [...b.keys, alt.key], score: b.score * alt.p });
    beams = next.sort((a, b) => b.score - a.score).slice(0, 400);
  }
  const hit = beams.find((b) => isWord(b.keys.join('')));
  return hit && hit.score >= LEXICON_RATIO * bestScore ? hit.keys : best;
}
