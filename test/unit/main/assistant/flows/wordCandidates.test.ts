/**
 * The pad's word bar from a recognition: the decoder's reading first, then word readings from the
 * per-character alternatives, completions from the word list, accented Spanish forms. The inputs
 * are hand-built recognitions (the result shape the engine returns), so each rule is seen alone.
 */
import { readingsOf, wordCandidates } from '../../../../../src/main/assistant/flows/wordCandidates';
import type { CharAlternative, Recognition, RecognizedChar } from '../../../../../src/shared/types';

/** A character read as alts[0] with these alternatives (char:confidence). */
function ch(...alts: [string, number][]): RecognizedChar {
  const alternatives: CharAlternative[] = alts.map(([char, confidence]) => ({ char, confidence }));
  return { char: alts[0][0], confidence: alts[0][1], alternatives, box: [0, 0, 10, 10] };
}
function rec(...words: RecognizedChar[][]): Recognition {
  return { text: words.map((w) => w.map((c) => c.char).join('')).join(' '), words: words.map((chars) => ({ text: chars.map((c) => c.char).join(''), chars })), model: 'full', backend: 'cpu', ms: 1 };
}
const sure = (s: string): RecognizedChar[] => [...s].map((c) => ch([c, 0.99]));

describe('word candidates', () => {
  test('the reading leads; a word made of the alternatives follows it, in the reading\'s case', () => {
    const r = rec([ch(['C', 0.9]), ch(['A', 0.9]), ch(['I', 0.6], ['T', 0.3], ['L', 0.05])]);
    const c = wordCandidates(r, { lang: 'en' });
    expect(c[0]).toBe('CAI');
    expect(c).toContain('CAT');
    expect(c.indexOf('CAT')).toBeLessThan(c.indexOf('CAI') + 3);
  });

  test("an unfinished word offers the words it may become (the pad's language's commonest first), not for a single letter", () => {
    expect(wordCandidates(rec(sure('hel')), { lang: 'en' })).toEqual(expect.arrayContaining(['hel', 'help', 'hello']));
    expect(wordCandidates(rec(sure('HEL')), { lang: 'en' })).toEqual(expect.arrayContaining(['HELP', 'HELLO']));
    expect(wordCandidates(rec(sure('h')), { lang: 'en' })).toEqual(['h']);
    expect(wordCandidates(rec(sure('tra')), { lang: 'es' })).toContain('trabajo');
    expect(wordCandidates(rec(sure('tra')), { lang: 'en' })).not.toContain('trabajo');
  });

  test('Spanish: accented forms the models cannot write follow the plain word (nino -> niño); not in English', () => {
    const es = wordCandidates(rec(sure('nino')), { lang: 'es' });
    expect(es.slice(0, 2)).toEqual(['nino', 'niño']);
    expect(wordCandidates(rec(sure('Manana')), { lang: 'es' })).toContain('Mañana');
    expect(wordCandidates(rec(sure('nino')), { lang: 'en' })).not.toContain('niño');
  });

  test('only the last word varies; earlier words stay as read', () => {
    const c = wordCandidates(rec(sure('the'), [ch(['c', 0.9]), ch(['a', 0.9]), ch(['i', 0.6], ['t', 0.35])]), { lang: 'en' });
    expect(c[0]).toBe('the cai');
    expect(c).toContain('the cat');
    for (const x of c) expect(x.startsWith('the ')).toBe(true);
  });

  test('no text, no candidates; never more than asked; no duplicates', () => {
    expect(wordCandidates(rec(), { lang: 'en' })).toEqual([]);
    const c = wordCandidates(rec(sure('ca')), { lang: 'en', max: 3 });
    expect(c.length).toBeLessThanOrEqual(3);
    expect(new Set(c).size).toBe(c.length);
  });

  test('readings are ordered by probability and start with the chosen characters', () => {
    const rs = readingsOf([ch(['a', 0.7], ['o', 0.3]), ch(['n', 0.6], ['h', 0.4])]);
    expect(rs.map((r) => r.text)).toEqual(['an', 'ah', 'on', 'oh']);
    for (let i = 1; i < rs.length; i++) expect(rs[i].score).toBeLessThanOrEqual(rs[i - 1].score);
  });
});
