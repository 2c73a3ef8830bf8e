/**
 * The pad's word bar: whole-text candidates from one recognition, best first. The decoder's reading
 * comes first (it already used context and the word list); then readings built from each character's
 * alternatives that are words of the word list, words that start with what is written so far (the
 * word is often unfinished while the bar updates after every stroke), accented Spanish forms the
 * models cannot write (nino -> niño), and the next-best reading that is not a word. Only the last
 * word varies: earlier words of the ink stay as read.
 */
import { matchCase, spanishAccentedForms } from '../../../shared/accents';
import type { RecognizedChar, Recognition } from '../../../shared/types';
import { isWord, rankedWords } from '../../engines/handwriting/wordlist';

export interface CandidateOptions {
  lang: 'en' | 'es';
  /** Most candidates returned. */
  max?: number;
}

const DEFAULT_MAX = 6;
/** Readings kept per step of the beam over the per-character alternatives. */
const BEAM = 40;
/** Completions are offered from this many written characters on (one letter starts too many words). */
const COMPLETE_FROM = 2;
const MAX_COMPLETIONS = 2;
/** A reading below this share of the best one's probability is not worth a slot. */
const MIN_SHARE = 0.01;

interface Reading {
  text: string;
  score: number;
}

/** Readings of a word from the per-character alternatives (top 3 each), likeliest first. */
export function readingsOf(chars: RecognizedChar[], beam = BEAM): Reading[] {
  let beams: Reading[] = [{ text: '', score: 1 }];
  for (const c of chars) {
    const alts = c.alternatives.length ? c.alternatives : [{ char: c.char, confidence: c.confidence }];
    // The chosen character may differ from the top alternative (corrections, context): it leads.
    const options = alts.some((a) => a.char === c.char) ? alts : [{ char: c.char, confidence: c.confidence }, ...alts];
    const next: Reading[] = [];
    for (const b of beams) for (const a of options) next.push({ text: b.text + a.char, score: b.score * Math.max(a.confidence, 1e-4) });
    beams = next.sort((x, y) => y.score - x.score).slice(0, beam);
  }
  return beams;
}

/** Word-list words that start with `prefix` (longer than it), likeliest first for the language (rankedWords). */
function completions(prefix: string, n: number, lang: 'en' | 'es'): string[] {
  const p = prefix.toLowerCase();
  if (p.length < COMPLETE_FROM || !/^\p{L}+$/u.test(p)) return [];
  const hits = new Set<string>();
  for (const w of rankedWords(lang)) {
    if (hits.size >= n) break;
    if (w.length > p.length && w.startsWith(p)) hits.add(w);
  }
  return [...hits];
}

export function wordCandidates(r: Recognition, o: CandidateOptions): string[] {
  const max = o.max ?? DEFAULT_MAX;
  const last = r.words[r.words.length - 1];
  if (!last || !last.text.trim()) return [];
  const head = r.words
    .slice(0, -1)
    .map((w) => w.text)
    .join(' ');
  const decoded = last.text;
  const out: string[] = [];
  const add = (w: string): void => {
    if (w && !out.includes(w)) out.push(w);
  };
  const addWithAccents = (w: string): void => {
    add(w);
    if (o.lang === 'es') for (const a of spanishAccentedForms(w)) add(a);
  };

  addWithAccents(decoded);
  const readings = readingsOf(last.chars);
  const floor = (readings[0]?.score ?? 0) * MIN_SHARE;
  const likely = readings.filter((x) => x.score >= floor);
  const words = likely.filter((x) => isWord(x.text)).map((x) => matchCase(x.text.toLowerCase(), decoded));
  // Two word readings, then what the word may become, then the other word readings.
  for (const w of words.slice(0, 2)) addWithAccents(w);
  for (const w of completions(decoded, MAX_COMPLETIONS, o.lang)) addWithAccents(matchCase(w, decoded));
  for (const w of words.slice(2)) addWithAccents(w);
  const nonWord = likely.find((x) => !isWord(x.text) && x.text !== decoded);
  if (nonWord) add(nonWord.text);
  const prefix = head ? `${head} ` : '';
  return out.slice(0, max).map((w) => prefix + w);
}
