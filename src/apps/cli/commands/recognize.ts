/**
 * `mamba recognize <image|drawing.json> [--model letters|full] [--json] [--models-dir DIR]`
 * Prints the recognised text (or, with --json, text + words + per-character confidence/alternatives).
 */
import * as fs from 'fs';
import * as path from 'path';
import { defineCommand } from '../command';
import { MambaError } from '../../../shared/errors';
import { HANDWRITING_MODELS, type HandwritingModelId } from '../../../shared/types';
import { createHandwritingEngine, parseDrawing } from '../../../main/engines/handwriting';

/** Drawings above this size are refused before parsing (a pad page is a few hundred kB). */
const MAX_JSON_BYTES = 20 * 1024 * 1024;

export const { spec, run } = defineCommand(
  {
    name: 'recognize',
    summary: 'Print the handwriting in a drawing (the pad\'s JSON) or a photo (PNG/JPEG).',
    args: '<image.png|drawing.json>',
    positionals: { min: 1, max: 1 },
    options: {
      model: { type: 'string', choices: HANDWRITING_MODELS, default: 'full', help: 'letters (A-Z) or full (letters and digits)' },
      json: { type: 'boolean', help: 'text, words, characters with confidence and top-3 alternatives, backend, ms' },
      'models-dir': { type: 'string', value: 'DIR', help: 'folder with the models (default: the shipped ones)' },
    },
  },
  async ({ values, positionals: [file] }, io) => {
    const model = values.model as HandwritingModelId;
    const { json } = values;
    const modelsDir = values['models-dir'];
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw new MambaError('BAD_INPUT', `File not found: ${file}`, 'check the path');
    const bytes = fs.readFileSync(file);
    const isJson = path.extname(file).toLowerCase() === '.json' || /^\s*[{[]/.test(bytes.subarray(0, 64).toString('utf8'));
    let drawing: ReturnType<typeof parseDrawing> | undefined;
    if (isJson) {
      if (bytes.length > MAX_JSON_BYTES) throw new MambaError('TOO_LARGE', `${file} is over ${MAX_JSON_BYTES >> 20} MB`, 'send a smaller drawing');
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch (e) {
        throw new MambaError('BAD_INPUT', `${file} is not valid JSON (${(e as Error).message})`, 'pass a drawing {"strokes": [...]} or an image');
      }
      drawing = parseDrawing(parsed);
    }
    const engine = await createHandwritingEngine({
      modelsDir,
      preload: [model],
      // One recognition and exit: a worker pool would still be starting when the answer is ready.
      workers: 0,
      onProgress: (p) => io.progress(p.fraction !== undefined ? `${p.step} (${Math.round(p.fraction * 100)}%)` : p.step),
    });
    try {
      const r = drawing ? await engine.recognizeDrawing(drawing, { model }) : await engine.recognizeImage(bytes, { model });
      if (!json) io.out(r.text);
      else
        io.out(
          JSON.stringify({
            text: r.text,
            words: r.words.map((w) => ({ text: w.text })),
            chars: r.words.flatMap((w) => w.chars),
            model: r.model,
            backend: r.backend,
            ms: r.ms,
          }),
        );
      return 0;
    } finally {
      await engine.close();
    }
  },
);
