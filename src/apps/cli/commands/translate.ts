/**
 * `mamba translate --from <lang|auto> --to <lang> [--json] [--cold] [text...]`  (text from stdin when absent)
 * `mamba translate --list`  (installed pairs)
 * Prints the translation; --json adds source/target, quality (literal or pivot via Spanish), detection
 * and timing. --cold uses a one-shot `apertium` call instead of the warm pipeline (for comparison).
 */
import { CliCommand, usageError } from '../io';
import { createTranslator, QUALITY_NOTE } from '../../../main/engines/translate';

const USAGE = 'mamba translate --from <lang|auto> --to <lang> [--json] [--cold] [text]  |  mamba translate --list';

export const run: CliCommand = async (args, io) => {
  let from = 'auto';
  let to: string | undefined;
  let json = false;
  let cold = false;
  let list = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--from' || a === '--to') {
      const v = args[++i];
      if (!v) throw usageError(USAGE);
      if (a === '--from') from = v;
      else to = v;
    } else if (a === '--json') json = true;
    else if (a === '--cold') cold = true;
    else if (a === '--list') list = true;
    else if (a === '--') {
      words.push(...args.slice(i + 1));
      i = args.length;
    }
    else if (a.startsWith('--')) throw usageError(USAGE);
    else words.push(a);
  }
  const translator = await createTranslator({ onProgress: (p) => io.progress(`translate: ${p.detail ?? p.step}`) });
  try {
    if (list) {
      const pairs = translator.listPairs();
      if (json) io.out(JSON.stringify({ pairs, note: QUALITY_NOTE }));
      else for (const p of pairs) io.out(`${p.from} -> ${p.to}${p.via ? `  (through ${p.via}, lower quality)` : ''}`);
      return 0;
    }
    if (!to) throw usageError(USAGE);
    const text = words.length ? words.join(' ') : await io.readStdin();
    const r = await translator.translate(text, from === 'auto' ? 'auto' : from, to, { cold });
    if (json) io.out(JSON.stringify({ ...r, note: QUALITY_NOTE }));
    else io.out(r.text.replace(/\s+$/, ''));
    return 0;
  } finally {
    await translator.close();
  }
};
