/** Command grammars in the two forms the engines take: JSGF (PocketSphinx) and a JSON phrase list (Vosk). */

/**
 * `FREE` in a phrase stands for one or more words of free text (e.g. "translate <free> to spanish").
 * PocketSphinx gets a loop over FREE_WORDS there, so such an utterance lands on that phrase rather than
 * on the nearest fixed command; the caller then decodes it again with the full language model.
 */
export const FREE = '<free>';
/** Common English words for the free-text slot (what people ask to translate, roughly). */
export const FREE_WORDS = `a an the i you he she it we they me my your our this that these those is are was be have has
do does did can will would not no yes and or but so if to of in on at for with from by about how what where when who why
which there here good morning afternoon evening night day today tomorrow yesterday hello hi goodbye bye please thank thanks
very much many more some all one two three four five ten time name friend family mother father house home school work
water food coffee tea bread train bus car station airport hotel room street city help love like want need go come see look
eat drink sleep buy pay open close left right near far big small new old hot cold nice happy sorry excuse well again now
later soon always never`.split(/\s+/);

/** Lower-case words, letters (any script) and apostrophes only: what both engines' dictionaries hold. */
export function normalizePhrase(p: string): string {
  return p
    .toLowerCase()
    .normalize('NFC')
    .replace(/<free>/g, ' \u0001 ')
    .replace(/[^\p{L}' \u0001]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\u0001/g, FREE);
}

/** Distinct normalised phrases whose every word the engine knows; the rest are reported, not fatal. */
export function usablePhrases(phrases: string[], knowsWord: (w: string) => boolean): { phrases: string[]; dropped: string[] } {
  const seen = new Set<string>();
  const dropped: string[] = [];
  for (const raw of phrases) {
    const p = normalizePhrase(raw);
    if (!p || seen.has(p)) continue;
    if (p.split(' ').every((w) => w === FREE || knowsWord(w))) seen.add(p);
    else dropped.push(p);
  }
  return { phrases: [...seen], dropped };
}

/** JSGF; `prefix` words are optional before every phrase (e.g. the wake word). */
export function toJsgf(phrases: string[], o: { prefix?: string[]; knowsWord?: (w: string) => boolean } = {}): string {
  const alts = phrases.map((p) => `( ${p.split(' ').map((w) => (w === FREE ? '<free>+' : w)).join(' ')} )`).join('\n  | ');
  const pre = o.prefix?.length ? `[ ${o.prefix.join(' | ')} ] ` : '';
  const free = phrases.some((p) => p.includes(FREE))
    ? `<free> = ${FREE_WORDS.filter((w) => !o.knowsWord || o.knowsWord(w)).join(' | ')};\n`
    : '';
  return `#JSGF V1.0;\ngrammar commands;\n${free}public <commands> = ${pre}(\n    ${alts}\n  );\n`;
}

/** Vosk: the phrase list plus "[unk]" so out-of-grammar speech is not forced onto a command. */
export function toVoskGrammar(phrases: string[], o: { prefix?: string[] } = {}): string {
  // Vosk grammars are plain phrase lists: a free slot becomes the phrase's fixed start ("translate"),
  // which sends the utterance to the full model.
  const fixed = [...new Set(phrases.map((p) => (p.includes(FREE) ? p.slice(0, p.indexOf(FREE)).trim() : p)).filter(Boolean))];
  const withPrefix = (o.prefix ?? []).flatMap((w) => fixed.map((p) => `${w} ${p}`));
  return JSON.stringify([...fixed, ...withPrefix, '[unk]']);
}
