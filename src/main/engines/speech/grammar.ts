/** Command grammars in the two forms the engines take: JSGF (PocketSphinx) and a JSON phrase list (Vosk). */

/** Lower-case words, letters (any script) and apostrophes only: what both engines' dictionaries hold. */
export function normalizePhrase(p: string): string {
  return p
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Distinct normalised phrases whose every word the engine knows; the rest are reported, not fatal. */
export function usablePhrases(phrases: string[], knowsWord: (w: string) => boolean): { phrases: string[]; dropped: string[] } {
  const seen = new Set<string>();
  const dropped: string[] = [];
  for (const raw of phrases) {
    const p = normalizePhrase(raw);
    if (!p || seen.has(p)) continue;
    if (p.split(' ').every(knowsWord)) seen.add(p);
    else dropped.push(p);
  }
  return { phrases: [...seen], dropped };
}

export function toJsgf(phrases: string[], name = 'commands'): string {
  const alts = phrases.map((p) => `( ${p} )`).join('\n  | ');
  return `#JSGF V1.0;\ngrammar ${name};\npublic <${name}> =\n    ${alts}\n  ;\n`;
}

/** Vosk: the phrase list plus "[unk]" so out-of-grammar speech is not forced onto a command. */
export function toVoskGrammar(phrases: string[]): string {
  return JSON.stringify([...phrases, '[unk]']);
}
