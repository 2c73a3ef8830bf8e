/** The pad's editable line: how committed words join it, and what the translator is given. */

/** Marks written against the word before them, and after which the next word follows directly. */
const NO_SPACE_BEFORE = /^[.,;:!?)\]}»%]/;
const NO_SPACE_AFTER = /[¿¡([{«]$/;

/** `line` with `text` added at its end: one space between words, none before . , ? ! or after ¿ ¡. */
export function appendToLine(line: string, text: string): string {
  const t = text.trim();
  const l = line.replace(/\s+$/, '');
  if (!t) return l;
  if (!l) return t;
  return NO_SPACE_BEFORE.test(t) || NO_SPACE_AFTER.test(l) ? l + t : `${l} ${t}`;
}

/** The line without its last word (Backspace on an empty pad). */
export function dropLastWord(line: string): string {
  return line.replace(/\s*\S+\s*$/, '');
}

/**
 * Text for the translator: words in capitals become small letters, because Apertium takes a word in
 * capitals for a name it must not translate ("CAT" stays "CAT"); "I" and one-letter words stay.
 */
export function forTranslation(text: string): string {
  return text.replace(/\p{L}{2,}/gu, (w) => (w === w.toUpperCase() && w !== w.toLowerCase() ? w.toLowerCase() : w));
}
