/**
 * Accented letters and Spanish punctuation the handwriting models have no classes for (they read
 * plain A-Z, a-z, 0-9): the pad offers them as alternatives of the plain character (n -> ñ, a -> á,
 * ? -> ¿) and in a small palette, and the word bar offers accented forms of plain words (nino -> niño).
 * Browser-safe: used by main (word candidates) and the renderer (alternatives, palette).
 */

/** Variants of one plain character, in the order the pad offers them. */
const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  a: ['á', 'à', 'ä'],
  e: ['é', 'è', 'ë'],
  i: ['í', 'ì', 'ï'],
  o: ['ó', 'ò', 'ö'],
  u: ['ú', 'ü', 'ù'],
  n: ['ñ'],
  c: ['ç'],
  '?': ['¿'],
  '!': ['¡'],
};

/** The palette under the pad's line: what Spanish needs that a keyboard layout may not have. */
export const ACCENT_PALETTE = ['á', 'é', 'í', 'ó', 'ú', 'ü', 'ñ', '¿', '¡'] as const;

/** Accented and inverted forms of `ch` (same case), or none. */
export function accentVariants(ch: string): string[] {
  const lower = ch.toLowerCase();
  const v = VARIANTS[lower] ?? [];
  return ch !== lower ? v.map((c) => c.toUpperCase()) : [...v];
}

/** The plain letter an accented one comes from ('ñ' -> 'n', 'Á' -> 'A', '¿' -> '?'); others unchanged. */
export function plainOf(ch: string): string {
  if (ch === '¿') return '?';
  if (ch === '¡') return '!';
  return ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Whether picking `picked` for a character read as `read` only adds or changes an accent (n -> ñ,
 * a -> Á): the models have no accented classes, so such a pick is not a correction to learn from.
 */
export function isAccentPick(picked: string, read: string): boolean {
  return plainOf(picked) === plainOf(read) || plainOf(picked).toLowerCase() === read.toLowerCase();
}

/**
 * Spanish words whose written form needs an accent or ñ, keyed by the plain spelling the models
 * can read. Several forms where both exist (si / sí).
 */
const SPANISH: Readonly<Record<string, readonly string[]>> = {
  adios: ['adiós'],
  aqui: ['aquí'],
  alli: ['allí'],
  ano: ['año'],
  anos: ['años'],
  asi: ['así'],
  arbol: ['árbol'],
  cafe: ['café'],
  como: ['cómo'],
  cual: ['cuál'],
  cuando: ['cuándo'],
  dia: ['día'],
  dias: ['días'],
  donde: ['dónde'],
  el: ['él'],
  espanol: ['español'],
  esta: ['está'],
  facil: ['fácil'],
  manana: ['mañana'],
  mas: ['más'],
  mi: ['mí'],
  musica: ['música'],
  nino: ['niño'],
  nina: ['niña'],
  ninos: ['niños'],
  pequeno: ['pequeño'],
  que: ['qué'],
  quien: ['quién'],
  rapido: ['rápido'],
  senor: ['señor'],
  senora: ['señora'],
  si: ['sí'],
  tambien: ['también'],
  telefono: ['teléfono'],
  tu: ['tú'],
  ultimo: ['último'],
  adonde: ['adónde'],
  sabado: ['sábado'],
  miercoles: ['miércoles'],
  lapiz: ['lápiz'],
  corazon: ['corazón'],
  cancion: ['canción'],
  estacion: ['estación'],
  habitacion: ['habitación'],
  leccion: ['lección'],
};

/** Accented Spanish spellings of a plain word, in its case pattern (Nino -> Niño, NINO -> NIÑO). */
export function spanishAccentedForms(word: string): string[] {
  const forms = SPANISH[word.toLowerCase()] ?? [];
  return forms.map((f) => matchCase(f, word));
}

/** `word` in the case pattern of `like`: all capitals, Capitalised or as it is. */
export function matchCase(word: string, like: string): string {
  const letters = like.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return word.toUpperCase();
  const first = letters.charAt(0);
  if (first && first === first.toUpperCase() && first !== first.toLowerCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}
