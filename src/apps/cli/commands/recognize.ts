/**
 * `mamba recognize <file|folder>... [--model letters|full] [--json] [--models-dir DIR]`
 * One file: prints the recognised text (or, with --json, text + words + per-character confidence and
 * alternatives), and a failure is the usual one `mamba: ...` line with exit 1.
 * Many files, or a folder (its drawings and images, not its sub-folders, in name order): one engine for all,
 * one result per file in the order given: `<file>: <text>` lines, or with --json one JSON object per line
 * (JSON Lines) with a `file` key. A file that fails gets its own error line (stderr, or an `error` object in
 * JSON Lines) and the rest still run; the exit code is 1 if any file failed.
 */
import { MAX_IMAGE_BYTES } from '../../../main/platform/greyImage';
import * as fs from 'fs';
import * as path from 'path';
import { defineCommand } from '../command';
import { MambaError, toMambaError } from '../../../shared/errors';
import { HANDWRITING_MODELS, type HandwritingModelId, type Recognition } from '../../../shared/types';
import { createHandwritingEngine, HandwritingEngine, parseDrawing } from '../../../main/engines/handwriting';

/** Drawings above this size are refused before parsing (a pad page is a few hundred kB). */
const MAX_JSON_BYTES = 20 * 1024 * 1024;
/** What a folder contributes: drawings and the image types the engine decodes. */
const INPUT_EXTENSIONS = new Set(['.json', '.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp', '.tif', '.tiff']);

/** The files named on the command line, folders expanded (non-recursive, sorted). A bad path is kept: it gets its own error. */
function expandInputs(paths: string[]): { files: string[]; many: boolean } {
  const files: string[] = [];
  let many = paths.length > 1;
  for (const p of paths) {
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
      many = true;
      const inside = fs
        .readdirSync(p, { withFileTypes: true })
        .filter((d) => d.isFile() && INPUT_EXTENSIONS.has(path.extname(d.name).toLowerCase()))
        .map((d) => path.join(p, d.name))
        .sort();
      if (inside.length === 0)
        throw new MambaError('EMPTY_INPUT', `No drawings or images in ${p}`, `put .json drawings or images (${[...INPUT_EXTENSIONS].join(' ')}) in the folder`);
      files.push(...inside);
    } else files.push(p);
  }
  return { files, many };
}

function checkFile(file: string): void {
  if (!fs.existsSync(file)) throw new MambaError('BAD_INPUT', `File not found: ${file}`, 'check the path');
  const st = fs.statSync(file);
  if (st.isDirectory()) throw new MambaError('BAD_INPUT', `${file} is a directory, not a file`, 'pass a drawing .json or an image, or a folder with some');
  if (!st.isFile()) throw new MambaError('BAD_INPUT', `${file} is not a regular file`, 'pass a drawing .json or an image');
  if (st.size > MAX_IMAGE_BYTES)
    throw new MambaError('TOO_LARGE', `${file} is ${(st.size / 1048576).toFixed(1)} MB; at most ${MAX_IMAGE_BYTES >> 20} MB are read`, 'pass a smaller image or drawing');
}

async function recognizeFile(engine: HandwritingEngine, file: string, model: HandwritingModelId): Promise<Recognition> {
  checkFile(file);
  const bytes = fs.readFileSync(file);
  const isJson = path.extname(file).toLowerCase() === '.json' || /^\s*[{[]/.test(bytes.subarray(0, 64).toString('utf8'));
  if (!isJson) return engine.recognizeImage(bytes, { model });
  if (bytes.length > MAX_JSON_BYTES) throw new MambaError('TOO_LARGE', `${file} is over ${MAX_JSON_BYTES >> 20} MB`, 'send a smaller drawing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new MambaError('BAD_INPUT', `${file} is not valid JSON (${(e as Error).message})`, 'pass a drawing {"strokes": [...]} or an image');
  }
  return engine.recognizeDrawing(parseDrawing(parsed), { model });
}

function resultJson(r: Recognition): Record<string, unknown> {
  return { text: r.text, words: r.words.map((w) => ({ text: w.text })), chars: r.words.flatMap((w) => w.chars), model: r.model, backend: r.backend, ms: r.ms };
}

/** Most files and folders named in one call (a folder contributes all its files). */
const MAX_INPUTS = 10_000;

export const { spec, run } = defineCommand(
  {
    name: 'recognize',
    summary: 'Print the handwriting in drawings (the pad\'s JSON) or photos (PNG/JPEG): one file, many, or a folder.',
    args: '<image.png|drawing.json|folder>...',
    positionals: { min: 1, max: MAX_INPUTS },
    options: {
      model: { type: 'string', choices: HANDWRITING_MODELS, default: 'full', help: 'letters (A-Z) or full (letters and digits)' },
      json: { type: 'boolean', help: 'text, words, characters with confidence and top-3 alternatives, backend, ms (one JSON line per file)' },
      'models-dir': { type: 'string', value: 'DIR', help: 'folder with the models (default: the shipped ones)' },
    },
  },
  async ({ values, positionals }, io) => {
    const model = values.model as HandwritingModelId;
    const { json } = values;
    const modelsDir = values['models-dir'];
    const { files, many } = expandInputs(positionals);
    // One file: fail on a bad path before loading the engine, as before.
    if (!many) checkFile(files[0]);
    const engine = await createHandwritingEngine({
      modelsDir,
      preload: [model],
      // The files run one after another: a worker pool would mostly be starting while they are answered.
      workers: 0,
      onProgress: (p) => io.progress(p.fraction !== undefined ? `${p.step} (${Math.round(p.fraction * 100)}%)` : p.step),
    });
    try {
      if (!many) {
        const r = await recognizeFile(engine, files[0], model);
        io.out(json ? JSON.stringify(resultJson(r)) : r.text);
        return 0;
      }
      let failed = 0;
      for (const file of files) {
        try {
          const r = await recognizeFile(engine, file, model);
          io.out(json ? JSON.stringify({ file, ...resultJson(r) }) : `${file}: ${r.text.replace(/\n/g, ' / ')}`);
        } catch (e) {
          failed++;
          const err = toMambaError(e);
          if (json) io.out(JSON.stringify({ file, error: err.toJSON() }));
          else io.err(`mamba: ${file}: ${err.toLine()}`);
        }
      }
      io.progress(`recognize: ${files.length - failed} of ${files.length} files read`);
      return failed ? 1 : 0;
    } finally {
      await engine.close();
    }
  },
);
