/**
 * Long text is spoken chunk by chunk, cut at sentence ends, so each synthesiser call stays small
 * (bounded time and memory per process) and audio could start before the whole text is done.
 */

/** Sentences: up to and including . ! ? … (and any closing quotes/brackets), or a line break. */
const SENTENCE = /[^.!?…\n]*(?:[.!?…]+["'”’)\]]*|\n+|$)/gu;

export function splitSentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Group sentences into chunks of at most `maxChars`; a single sentence longer than that is cut at
 * the last comma or space before the limit (never inside a word unless it has no spaces at all).
 */
export function chunkText(text: string, maxChars: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current) chunks.push(current);
    current = '';
  };
  for (let sentence of splitSentences(text)) {
    while (sentence.length > maxChars) {
      const window = sentence.slice(0, maxChars);
      const cut = Math.max(window.lastIndexOf(', ') + 1, window.lastIndexOf(' '));
      const at = cut > maxChars / 4 ? cut : maxChars;
      flush();
      chunks.push(sentence.slice(0, at).trim());
      sentence = sentence.slice(at).trim();
    }
    if (current && current.length + 1 + sentence.length > maxChars) flush();
    current = current ? `${current} ${sentence}` : sentence;
  }
  flush();
  return chunks;
}
