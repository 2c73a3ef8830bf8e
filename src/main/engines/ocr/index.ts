/**
 * OCR engine: photo bytes -> page -> text. See docs/ocr.md for the pipeline and the figures
 * behind each choice.
 *
 *   decode (sharp, bounded) -> quality (dark/blurred?) -> page (largest quadrilateral) ->
 *   flatten (perspective warp) -> binarise -> deskew -> ocr (Tesseract) -> handwriting (CNN,
 *   low-confidence lines only)
 */
import type { OcrLine, OcrResult, ProgressFn } from '../../../shared/types';
import { MambaError, toMambaError } from '../../../shared/errors';
import { decodeGreyImage, encodePng } from '../../platform/greyImage';
import { loadOpenCv } from './opencv';
import { preparePage } from './preparePage';
import { createStepTimer } from './stepTimer';
import { parseTesseractTsv } from './tesseractTsv';
import { chooseLines, dropNoise, ImageRecognizer } from './chooseLines';
import { toTesseractLanguages } from './languages';
import { textTiles } from './textLikeness';
import type { TesseractBackend, TesseractBackendName } from './backend';
import { createTesseractCli } from './tesseractCli';
import { createTesseractJs } from './tesseractJs';

export type { ImageRecognizer } from './chooseLines';
export { characterErrorRate } from './characterErrorRate';

export type OcrBackendChoice = 'auto' | TesseractBackendName;

export interface OcrEngineOptions {
  /** Handwriting engine (anything with recognizeImage) for hand-printed block letters. */
  handwriting?: ImageRecognizer;
  /** ISO 639-1 or Tesseract codes; default English + Spanish. */
  languages?: string[];
  onProgress?: ProgressFn;
  /** 'auto' = `prefer` (default DEFAULT_BACKEND), falling back to the other one. */
  backend?: OcrBackendChoice;
  /**
   * Which backend 'auto' tries first. A one-shot reader (the CLI) should prefer
   * 'tesseract-cli': it starts in ~0.1 s where a tesseract.js worker takes seconds.
   */
  prefer?: TesseractBackendName;
  /** Long side, in pixels, a photo is reduced to before page finding. */
  workSide?: number;
}

export interface OcrReadOptions {
  onProgress?: ProgressFn;
  /** Honoured by the app's worker-thread proxy (runtime/offThreadEngines.ts); a one-shot read ignores it. */
  signal?: AbortSignal;
}

export interface OcrEngine {
  /** Which Tesseract runs, and why when it is the fallback. */
  readonly backend: TesseractBackendName;
  readonly backendNote: string;
  read(image: Uint8Array, o?: OcrReadOptions): Promise<OcrResult>;
  close(): Promise<void>;
}

/**
 * The default for a long-running app, by the figures in docs/ocr.md: a warm tesseract.js
 * worker reads a 1280x720 photo faster than spawning the tesseract program per photo (which
 * reloads its models every time), at the same accuracy (both < 0.5% CER).
 */
export const DEFAULT_BACKEND: TesseractBackendName = 'tesseract.js';
const DEFAULT_WORK_SIDE = 1600;
export const STEP_NAMES = ['decode', 'quality', 'page', 'flatten', 'binarise', 'deskew', 'ocr', 'handwriting'] as const;

async function openBackend(name: TesseractBackendName, languages: string[], onProgress?: ProgressFn): Promise<TesseractBackend> {
  return name === 'tesseract-cli' ? createTesseractCli({ languages }) : createTesseractJs({ languages, onProgress });
}

export async function createOcrEngine(opts: OcrEngineOptions = {}): Promise<OcrEngine> {
  const languages = toTesseractLanguages(opts.languages);
  const choice = opts.backend ?? 'auto';
  const first: TesseractBackendName = choice === 'auto' ? (opts.prefer ?? DEFAULT_BACKEND) : choice;
  const other: TesseractBackendName = first === 'tesseract.js' ? 'tesseract-cli' : 'tesseract.js';
  opts.onProgress?.({ step: 'ocr-load', fraction: 0, detail: `loading ${first}` });
  const [{ cv }, backendPicked] = await Promise.all([
    loadOpenCv(),
    (async (): Promise<{ backend: TesseractBackend; note: string }> => {
      try {
        return { backend: await openBackend(first, languages, opts.onProgress), note: choice === 'auto' ? 'default' : 'requested' };
      } catch (e) {
        if (choice !== 'auto') throw e;
        const why = toMambaError(e).toLine();
        return { backend: await openBackend(other, languages, opts.onProgress), note: `fallback: ${first} unavailable (${why})` };
      }
    })(),
  ]);
  const { backend, note } = backendPicked;
  opts.onProgress?.({ step: 'ocr-load', fraction: 1, detail: `OCR backend: ${backend.name} (${note}), languages ${languages.join('+')}` });
  const workSide = opts.workSide ?? DEFAULT_WORK_SIDE;
  let closed = false;

  return {
    backend: backend.name,
    backendNote: note,
    async read(image, o) {
      if (closed) throw new MambaError('INTERNAL', 'The OCR engine was closed.');
      const t0 = performance.now();
      const t = createStepTimer(o?.onProgress ?? opts.onProgress, STEP_NAMES);
      const photo = await t.run('decode', () => decodeGreyImage(image, workSide));
      const page = await preparePage(cv, photo.grey, t);
      // A photo of noise, grass, stripes or a bare desk has no tile that could hold writing: "no text"
      // at once, instead of 1-2.5 s of Tesseract and the handwriting pass reading garbage.
      const texture = textTiles(page.binary) === 0;
      const tesseractLines = texture
        ? []
        : await t.run('ocr', async () => dropNoise(parseTesseractTsv(await backend.recognizeTsv(await encodePng(page.grey)))), backend.name);
      const lines: OcrLine[] = texture
        ? []
        : opts.handwriting
        ? await t.run('handwriting', () => chooseLines(tesseractLines, page.binary, opts.handwriting))
        : tesseractLines.map(({ text, confidence, box, engine }) => ({ text, confidence, box, engine }));
      (o?.onProgress ?? opts.onProgress)?.({ step: 'done', fraction: 1, detail: lines.length ? `${lines.length} lines` : texture ? 'no text found (the picture is a texture)' : 'no text found' });
      return {
        text: lines.map((l) => l.text).join('\n'),
        lines: lines.map(({ text, confidence, box, engine }) => ({ text, confidence, box, engine })),
        ...(page.corners ? { page: page.corners.map(([x, y]) => [x * photo.scale, y * photo.scale] as [number, number]) } : {}),
        steps: t.steps,
        ms: Math.round(performance.now() - t0),
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await backend.close();
    },
  };
}
