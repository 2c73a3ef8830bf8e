/**
 * Plain text <-> Apertium stream format, done in-process so a warm request costs no extra
 * processes (apertium-destxt/-retxt are one-shot programs that read to end of file: they cannot
 * stay warm, and spawning them twice per request costs more than the translation).
 * Same conventions as apertium-destxt/-retxt: reserved characters escaped with a backslash,
 * whitespace other than plain spaces kept verbatim inside [superblanks], and a ".[]" sentence end
 * added at paragraph breaks and at the end, which the reformatter removes again.
 */

/** Characters with a meaning in the stream format. */
const RESERVED = new Set(['\\', '[', ']', '^', '$', '/', '@', '{', '}', '<', '>']);
/** A dot + empty superblank: the sentence end the deformatter adds. */
const ADDED_END = '.[]';

function escapeChar(c: string): string {
  if (RESERVED.has(c)) return '\\' + c;
  // '~' drives post-generation rules (e.g. Spanish "de el" -> "del"): keep a user's '~' out of them.
  if (c === '~') return '[~]';
  return c;
}

/** Plain text -> stream format for the first pipeline stage. */
export function deformatText(text: string): string {
  let out = '';
  // Split into runs of whitespace and non-whitespace, keeping both.
  const parts = text.split(/(\s+)/u);
  const lastWordIdx = (() => {
    for (let i = parts.length - 1; i >= 0; i--) if (parts[i] && !/^\s+$/u.test(parts[i])) return i;
    return -1;
  })();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p) continue;
    if (/^\s+$/u.test(p)) {
      const edge = i === 0 || i > lastWordIdx;
      if (/\n[^\S\n]*\n/u.test(p) && !edge) out += ADDED_END; // paragraph break: a sentence end for the tagger
      out += /^ +$/.test(p) && !edge ? p : `[${p.replace(/[\\\]]/g, (c) => '\\' + c)}]`;
    } else {
      for (const c of p) out += escapeChar(c);
    }
    if (i === lastWordIdx) out += ADDED_END;
  }
  if (lastWordIdx < 0) out += ADDED_END;
  return out;
}

/** Stream format from the last pipeline stage -> plain text. */
export function reformatText(stream: string): string {
  let out = '';
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i];
    if (c === '\\' && i + 1 < stream.length) {
      out += stream[++i];
    } else if (c === '.' && stream.startsWith('[]', i + 1)) {
      i += 2; // the sentence end deformatText added
    } else if (c === '[') {
      // Superblank: its content is original formatting (whitespace), escapes undone.
      // A word-bound blank "[[...]]" is markup that never reaches plain text: dropped.
      const wordBound = stream[i + 1] === '[';
      let j = i + 1;
      let blank = '';
      for (; j < stream.length && stream[j] !== ']'; j++) {
        if (stream[j] === '\\' && j + 1 < stream.length) blank += stream[++j];
        else blank += stream[j];
      }
      if (wordBound && stream[j + 1] === ']') j++;
      if (!wordBound) out += blank;
      i = j;
    } else {
      out += c;
    }
  }
  return out;
}
