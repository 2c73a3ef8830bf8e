/**
 * `mamba translate --from <lang|auto> --to <lang> [--json] [--cold] [text...]`  (text from stdin when absent)
 * `mamba translate --list`  (installed pairs)
 * Prints the translation; --json adds source/target, quality (literal or pivot via Spanish), detection
 * and timing. --cold uses a one-shot `apertium` call instead of the warm pipeline (for comparison).
 */
import { defineCommand, usageFailure } from '../command';
import { createTranslator, QUALITY_NOTE } from '../../../main/engines/translate';

export const { spec, run } = defineCommand(
  {
    name: 'translate',
    summary: 'Translate text offline (Apertium); the text comes from the arguments, else from stdin.',
    args: '[text...]',
    positionals: { min: 0, max: Infinity },
    options: {
      from: { type: 'string', value: '<lang|auto>', default: 'auto', help: 'source language' },
      to: { type: 'string', value: '<lang>', help: 'target language (needed unless --list)' },
      json: { type: 'boolean', help: 'source, target, quality, detection and timing as JSON' },
      cold: { type: 'boolean', help: 'one-shot apertium call instead of the warm pipeline (for comparison)' },
      list: { type: 'boolean', help: 'list the installed language pairs' },
    },
  },
  async ({ values, positionals: words }, io) => {
    const { from, to, json, cold, list } = values;
    const translator = await createTranslator({ onProgress: (p) => io.progress(`translate: ${p.detail ?? p.step}`) });
    try {
      if (list) {
        const pairs = translator.listPairs();
        if (json) io.out(JSON.stringify({ pairs, note: QUALITY_NOTE }));
        else for (const p of pairs) io.out(`${p.from} -> ${p.to}${p.via ? `  (through ${p.via}, lower quality)` : ''}`);
        return 0;
      }
      if (!to) throw usageFailure(spec, '--to is required');
      const text = words.length ? words.join(' ') : await io.readStdin();
      const r = await translator.translate(text, from === 'auto' ? 'auto' : from, to, { cold });
      if (json) io.out(JSON.stringify({ ...r, note: QUALITY_NOTE }));
      else io.out(r.text.replace(/\s+$/, ''));
      return 0;
    } finally {
      await translator.close();
    }
  },
);
