/**
 * `mamba read <photo> [--to <lang>] [--from <lang|auto>] [--json] [--say out.wav]
 *                     [--handwriting] [--backend auto|tesseract.js|tesseract-cli]`
 * Reads the text in a photo (the same read-this pipeline as the app's "read this"), optionally
 * translates it and writes it spoken to a WAV. Progress and step timings go to stderr.
 */
import { MAX_IMAGE_BYTES } from '../../../main/platform/greyImage';
import * as fs from 'fs';
import { defineCommand } from '../command';
import { MambaError } from '../../../shared/errors';
import { runReadThisPipeline, ReadThisOptions } from '../../../main/assistant/flows/readThisPipeline';
import { createOcrEngine, OcrBackendChoice, ImageRecognizer } from '../../../main/engines/ocr';

const BACKENDS: readonly OcrBackendChoice[] = ['auto', 'tesseract.js', 'tesseract-cli'];

function readPhotoFile(file: string, checkOnly = false): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new MambaError('BAD_INPUT', `File not found: ${file}`, 'check the path');
  }
  if (st.isDirectory()) throw new MambaError('BAD_INPUT', `${file} is a directory, not a photo`, 'pass a photo file');
  if (!st.isFile()) throw new MambaError('BAD_INPUT', `${file} is not a regular file`, 'pass a photo file');
  if (st.size > MAX_IMAGE_BYTES)
    throw new MambaError('TOO_LARGE', `${file} is ${(st.size / 1048576).toFixed(1)} MB; at most ${MAX_IMAGE_BYTES / 1048576} MB are read`, 'save it as a JPEG or a smaller image');
  return checkOnly ? new Uint8Array(0) : fs.readFileSync(file);
}

export const { spec, run } = defineCommand(
  {
    name: 'read',
    summary: 'Read the text in a photo (page finding, OCR), optionally translate it and speak it to a WAV.',
    args: '<photo>',
    positionals: { min: 1, max: 1 },
    options: {
      to: { type: 'string', value: '<lang>', help: 'translate the text into this language' },
      from: { type: 'string', value: '<lang|auto>', help: 'language of the page (default: detected)' },
      json: { type: 'boolean', help: 'text, lines, page corners, translation and timings as JSON' },
      say: { type: 'string', value: 'FILE.wav', help: 'also speak the result into this WAV' },
      handwriting: { type: 'boolean', help: 'let the handwriting CNN read lines Tesseract is unsure of' },
      backend: { type: 'string', choices: BACKENDS, default: 'auto', help: 'OCR backend' },
    },
  },
  async ({ values, positionals: [file] }, io) => {
    const a = { ...values, file, backend: values.backend as OcrBackendChoice };
    readPhotoFile(a.file, true); // fail on a bad path before loading any engine
    const closers: (() => Promise<void>)[] = [];
    const progress = (p: { step: string; fraction?: number; detail?: string }): void =>
      io.progress(`read: ${p.step}${p.fraction !== undefined ? ` ${Math.round(p.fraction * 100)}%` : ''}${p.detail ? ` (${p.detail})` : ''}`);
    try {
      let handwriting: ImageRecognizer | undefined;
      if (a.handwriting) {
        const { createHandwritingEngine } = await import('../../../main/engines/handwriting');
        const hw = await createHandwritingEngine({ onProgress: progress, workers: 0 }); // one photo: no pool to warm
        closers.push(() => hw.close());
        handwriting = hw;
      }
      // One photo per run: the tesseract program starts in ~0.1 s, a tesseract.js worker in seconds
      // (docs/ocr.md), so the CLI prefers the program and falls back to tesseract.js without it.
      const ocr = await createOcrEngine({ backend: a.backend, prefer: 'tesseract-cli', handwriting, onProgress: progress, languages: a.from && a.from !== 'auto' ? [a.from] : undefined });
      closers.push(() => ocr.close());
      io.progress(`read: OCR backend ${ocr.backend} (${ocr.backendNote})`);
      const opts: ReadThisOptions = {
        ocr,
        to: a.to,
        from: a.from,
        speak: a.say !== undefined,
        onStep: (s) => io.progress(`read: ${s.name} ${s.ms} ms${s.detail ? ` (${s.detail})` : ''}`),
      };
      if (a.to) {
        const { createTranslator } = await import('../../../main/engines/translate');
        const tr = await createTranslator({ onProgress: progress });
        closers.push(() => tr.close());
        opts.translator = tr;
      }
      if (a.say !== undefined) {
        const { realEngines } = await import('../../../main/runtime/engineFactories');
        const tts = await realEngines.tts({ engine: 'auto' });
        closers.push(() => tts.close());
        opts.tts = tts;
      }
      const r = await runReadThisPipeline(() => Promise.resolve(readPhotoFile(a.file)), opts);
      if (r.speech && a.say) fs.writeFileSync(a.say, Buffer.from(r.speech.wavBase64, 'base64'));
      if (a.json) {
        const { speech, ...rest } = r;
        io.out(JSON.stringify({ ...rest, ...(speech ? { speech: { file: a.say, sampleRate: speech.sampleRate, lang: speech.lang, voice: speech.voice, ms: speech.ms } } : {}) }));
      } else if (!r.noText) {
        io.out(r.ocr.text);
        if (r.translation) io.out(`\n${r.translation.text}`);
      }
      if (r.noText) {
        throw new MambaError('EMPTY_INPUT', 'No text found in the photo.', 'hold the page closer and facing the camera, with the text upright');
      }
      return 0;
    } finally {
      for (const c of closers.reverse()) await c().catch(() => undefined);
    }
  },
);
