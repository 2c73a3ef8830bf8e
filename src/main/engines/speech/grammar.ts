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
    // \u0001 marks <free> while the other punctuation is stripped (it cannot occur in a phrase).
    .replace(/<free>/g, ' \u0001 ')
    // eslint-disable-next-line no-control-regex
    .replace(/[^\p{L}' \u0001]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // eslint-disable-next-line no-control-regex
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

/** Phrases as a prefix tree: phrases that share their first words share those nodes. */
interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

function toTrie(phrases: string[]): Trie {
  const root: Trie = { end: false, next: new Map() };
  for (const p of phrases) {
    let node = root;
    for (const w of p.split(' ')) {
      let child = node.next.get(w);
      if (!child) node.next.set(w, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return root;
}

/** The JSGF expansion for what may follow `node` (which has children). */
function expansion(node: Trie): string {
  const alts = [...node.next].map(([w, child]) => {
    // Not `<free>+`: its loop would return to the state it starts from, which the other branches
    // share ("translate what i wrote" would then take free words before "what").
    const word = w === FREE ? '<free> <free>*' : w;
    if (!child.next.size) return word;
    const rest = expansion(child);
    return `${word} ${child.end ? `[ ${rest} ]` : rest}`;
  });
  return alts.length === 1 ? alts[0] : `( ${alts.join(' | ')} )`;
}

/**
 * JSGF; `prefix` words are optional before every phrase (e.g. the wake word). The phrases are written
 * as a prefix tree, so "translate <free> to spanish", "... to french", … hold one free-word loop with
 * the languages after it, not one loop per language: PocketSphinx expands every reference to a rule
 * into its own copy of the search graph, and the copies made the grammar search ~3x slower.
 */
export function toJsgf(
  phrases: string[],
  o: { prefix?: string[]; prefixRequired?: boolean; knowsWord?: (w: string) => boolean } = {},
): string {
  const free = phrases.some((p) => p.split(' ').includes(FREE))
    ? `<free> = ${FREE_WORDS.filter((w) => !o.knowsWord || o.knowsWord(w)).join(' | ')};\n`
    : '';
  // Fixed phrases as flat alternatives, each its own path: sharing their first words (a prefix tree)
  // lost whole utterances — PocketSphinx 5prealpha's FSG search merges the next words' first phones
  // ("this" / "the" after "read") and then found no path to the end (empty result) for 9 of 36
  // espeak-ng commands. Only the free-text phrases share a tree: their one free-word loop.
  const fixed = phrases.filter((p) => !p.split(' ').includes(FREE));
  const withFree = phrases.filter((p) => p.split(' ').includes(FREE));
  const alts = [...fixed, ...(withFree.length ? [expansion(toTrie(withFree))] : [])];
  const body = alts.length ? (alts.length === 1 ? alts[0] : `( ${alts.join(' | ')} )`) : '<VOID>';
  const pre = o.prefix?.length ? `( ${o.prefix.join(' | ')} )` : '';
  // Required: the prefix (wake word) alone, or followed by a phrase.
  const rule = !pre ? body : o.prefixRequired ? `${pre} [ ${body} ]` : `[ ${pre} ] ${body}`;
  return `#JSGF V1.0;\ngrammar commands;\n${free}public <commands> = ${rule};\n`;
}

/** Vosk: the phrase list plus "[unk]" so out-of-grammar speech is not forced onto a command. */
export function toVoskGrammar(phrases: string[], o: { prefix?: string[] } = {}): string {
  // Vosk grammars are plain phrase lists: a free slot becomes the phrase's fixed start ("translate"),
  // which sends the utterance to the full model.
  const fixed = [...new Set(phrases.map((p) => (p.includes(FREE) ? p.slice(0, p.indexOf(FREE)).trim() : p)).filter(Boolean))];
  const withPrefix = (o.prefix ?? []).flatMap((w) => fixed.map((p) => `${w} ${p}`));
  return JSON.stringify([...fixed, ...withPrefix, '[unk]']);
}
