/**
 * Spanish words spelt in the English acoustic model's phones (CMUdict set), by rule: Spanish spelling
 * is close to phonemic, so a few dozen rules cover the command words (docs/voice.md, "Spanish").
 * The five vowels map to the nearest English ones (a AA, e EY or EH, i IY, o OW, u UW), unstressed i/u
 * next to a vowel to the glides Y/W, and c before e/i and z to both S (Latin America, Andalusia) and
 * TH (central and northern Spain): two pronunciations where a word has one.
 */

const VOWELS = 'aeiouáéíóúü';
const isVowel = (c: string | undefined) => !!c && VOWELS.includes(c);
/** Consonant pairs that start a syllable (the vowel before them stays open). */
const ONSETS = new Set(['pr', 'pl', 'br', 'bl', 'tr', 'dr', 'cr', 'cl', 'gr', 'gl', 'fr', 'fl', 'ch', 'll', 'rr']);

/** Before e or i: c and g soften. */
const isFront = (c: string | undefined) => !!c && 'eiéí'.includes(c);
/** Letters whose phones do not depend on their neighbours (h is silent). */
const PLAIN: Record<string, string[]> = {
  b: ['B'], v: ['B'], f: ['F'], h: [], j: ['HH'], k: ['K'], m: ['M'], n: ['N'], ñ: ['N', 'Y'],
  p: ['P'], s: ['S'], t: ['T'], w: ['W'], x: ['K', 'S'],
};

const VOWEL: Record<string, string> = { a: 'AA', á: 'AA', e: 'EY', é: 'EY', i: 'IY', í: 'IY', o: 'OW', ó: 'OW', u: 'UW', ú: 'UW', ü: 'UW' };

/** Is the vowel at `i` in a closed syllable (a consonant ends it)? */
function closed(w: string, i: number): boolean {
  const a = w[i + 1];
  const b = w[i + 2];
  if (a === undefined || isVowel(a)) return false;
  if (a === 'h') return false;
  if (b === undefined) return true; // a final consonant ("es", "inglés") closes it
  if (isVowel(b)) return false;
  return !ONSETS.has(a + b) && !(a === 'q' || (a === 'g' && b === 'u'));
}

/**
 * One spelling in phones; `zeta`: 'S' (seseo) or 'TH' (distinción) for c before e/i and z; `eh`: every
 * e as EH (English EY is a diphthong, longer than Spanish /e/: espeak-ng's "lee", "qué" fitted EH better).
 * Letters outside Spanish's alphabet give null (not a Spanish word).
 */
function toPhones(word: string, zeta: 'S' | 'TH', eh = false): string[] | null {
  const w = word.toLowerCase().normalize('NFC');
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    const next = w[i + 1];
    if (isVowel(c)) {
      const prevV = isVowel(w[i - 1]);
      // Unaccented i/u beside another vowel: a glide (diphthong), not a syllable of its own.
      if ((c === 'i' || c === 'u') && isVowel(next) && next !== c) out.push(c === 'i' ? 'Y' : 'W');
      else if ((c === 'i' || c === 'u') && prevV && !out.length) out.push(VOWEL[c]);
      else if (c === 'i' && prevV) out[out.length - 1] = { AA: 'AY', EY: 'EY', EH: 'EY', OW: 'OY' }[out[out.length - 1]] ?? out[out.length - 1];
      else if (c === 'u' && prevV && w[i - 1] === 'a') out[out.length - 1] = 'AW';
      else if (c === 'e' || c === 'é') out.push(eh || closed(w, i) ? 'EH' : 'EY');
      else out.push(VOWEL[c]);
      continue;
    }
    const plain = PLAIN[c];
    if (plain) {
      out.push(...plain);
      continue;
    }
    switch (c) {
      case 'c':
        if (next === 'h') {
          out.push('CH');
          i++;
        } else out.push(isFront(next) ? zeta : 'K');
        break;
      case 'd':
        // Between vowels Spanish d is the fricative [ð] ("traduce", "nada").
        out.push(isVowel(w[i - 1]) && isVowel(next) ? 'DH' : 'D');
        break;
      case 'g':
        if (next === 'u' && isFront(w[i + 2])) {
          out.push('G');
          i++; // the u is silent
        } else out.push(isFront(next) ? 'HH' : 'G');
        break;
      case 'l':
        if (next === 'l') {
          out.push('Y');
          i++;
        } else out.push('L');
        break;
      case 'q':
        out.push('K');
        if (next === 'u') i++;
        break;
      case 'r':
        out.push('R');
        if (next === 'r') i++;
        break;
      case 'y':
        out.push(isVowel(next) ? 'Y' : 'IY');
        break;
      case 'z':
        out.push(zeta);
        break;
      default:
        return null;
    }
  }
  // A doubled vowel ("lee", "leer") is one long vowel.
  return out.length ? out.filter((p, i) => i === 0 || p !== out[i - 1] || !/^[AEIOU]/.test(p)) : null;
}

/**
 * The pronunciations of a Spanish word in CMUdict phones (up to four: c/z said /s/ or /θ/, an open e
 * as EY or EH); [] if not Spanish spelling.
 */
export function spanishPronunciations(word: string): string[] {
  if (!toPhones(word, 'S')) return [];
  const all = (['S', 'TH'] as const).flatMap((z) => [false, true].map((eh) => (toPhones(word, z, eh) as string[]).join(' ')));
  return [...new Set(all)];
}
