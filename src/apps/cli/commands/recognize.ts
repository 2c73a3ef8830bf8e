/**
 * `mamba recognize <image|drawing.json> [--model letters|full] [--json] [--models-dir DIR]`
 * Prints the recognised text (or, with --json, text + words + per-character confidence/alternatives).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, usageError } from '../io';
import { MambaError } from '../../../shared/errors';
import { HandwritingModelId } from '../../../shared/types';
import { createHandwritingEngine, parseDrawing } from '../../../main/engines/handwriting';

const USAGE = 'mamba recognize <image.png|drawing.json> [--model letters|full] [--json]';
/** Drawings above this size are refused before parsing (a pad page is a few hundred kB). */
const MAX_JSON_BYTES = 20 * 1024 * 1024;

export const run: CliCommand = async (args, io) => {
  let file: string | undefined;
  let model: HandwritingModelId = 'full';
  let json = false;
  let modelsDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--model') {
      const m = args[++i];
      if (m !== 'letters' && m !== 'full') throw usageError(USAGE);
      model = m;
    } else if (a === '--models-dir') modelsDir = args[++i];
    else if (a.startsWith('-')) throw usageError(USAGE);
    else if (!file) file = a;
    else throw usageError(USAGE);
  }
  if (!file) throw usageError(USAGE);
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
};
