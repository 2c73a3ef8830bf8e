/**
 * tesseract.js (Tesseract compiled to wasm, in a worker thread) as an OCR backend, kept warm.
 * Traineddata comes from the npm packages @tesseract.js-data/<lang> (LSTM "best_int" models);
 * `langPath` is a local folder and `cacheMethod: 'none'`, so nothing is fetched from a CDN
 * and nothing is written into the working directory. tesseract.js reads every language from
 * one folder, so a temporary folder links to each package's file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MambaError } from '../../../shared/errors';
import type { ProgressFn } from '../../../shared/types';
import { DEFAULT_PSM, TesseractBackend } from './backend';

export interface TesseractJsOptions {
  languages: string[];
  onProgress?: ProgressFn;
  /** A page that takes longer is abandoned (the worker is restarted). */
  timeoutMs?: number;
}

/** Folder of the npm traineddata for `lang`, or a MODEL_MISSING error naming the package. */
export function npmTraineddataFile(lang: string): string {
  const pkg = `@tesseract.js-data/${lang}`;
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new MambaError('MODEL_MISSING', `No OCR data for language '${lang}'.`, `npm install ${pkg}`);
  }
  const file = path.join(dir, '4.0.0_best_int', `${lang}.traineddata.gz`);
  if (!fs.existsSync(file)) throw new MambaError('MODEL_CORRUPT', `${pkg} has no 4.0.0_best_int/${lang}.traineddata.gz.`, `npm install ${pkg}`);
  return file;
}

export async function createTesseractJs(o: TesseractJsOptions): Promise<TesseractBackend> {
  const files = o.languages.map((l) => [l, npmTraineddataFile(l)] as const);
  const langDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-tessdata-'));
  for (const [lang, file] of files) {
    const link = path.join(langDir, `${lang}.traineddata.gz`);
    try {
      fs.symlinkSync(file, link);
    } catch {
      fs.copyFileSync(file, link); // file systems without symlinks
    }
  }
  const removeDir = (): void => fs.rmSync(langDir, { recursive: true, force: true });
  const timeoutMs = o.timeoutMs ?? 30000;
  // Loaded lazily: requiring tesseract.js costs ~100 ms that the CLI backend never needs.
  const { createWorker, OEM } = await import('tesseract.js');
  type Worker = Awaited<ReturnType<typeof createWorker>>;
  const start = async (): Promise<Worker> => {
    try {
      const w = await createWorker(o.languages.join('+'), OEM.LSTM_ONLY, {
        langPath: langDir,
        cacheMethod: 'none',
        gzip: true,
        logger: (m: { status: string; progress: number }) => {
          if (/load|initializ/i.test(m.status)) o.onProgress?.({ step: 'ocr-load', fraction: m.progress, detail: m.status });
        },
        errorHandler: () => undefined,
      });
      // Tesseract's debug prints ("Detected 5 diacritics") would otherwise land on our stdout.
      await w.setParameters({ debug_file: '/dev/null', user_defined_dpi: '300' } as never);
      return w;
    } catch (e) {
      throw new MambaError(
        'MODEL_CORRUPT',
        `tesseract.js could not start: ${e instanceof Error ? e.message : String(e)}`,
        'reinstall the @tesseract.js-data packages',
      );
    }
  };
  let worker: Promise<Worker> = start();
  try {
    await worker;
  } catch (e) {
    removeDir();
    throw e;
  }
  let psm = -1;
  return {
    name: 'tesseract.js',
    async recognizeTsv(png, opts) {
      const w = await worker;
      const want = opts?.psm ?? DEFAULT_PSM;
      if (want !== psm) {
        await w.setParameters({ tessedit_pageseg_mode: String(want) as never });
        psm = want;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new MambaError('TIMEOUT', `OCR took longer than ${timeoutMs / 1000} s.`, 'try a smaller photo')), timeoutMs);
      });
      try {
        const r = await Promise.race([w.recognize(png, {}, { text: false, tsv: true }), timeout]);
        return r.data.tsv ?? '';
      } catch (e) {
        if (e instanceof MambaError && e.code === 'TIMEOUT') {
          // The wasm cannot be interrupted: drop this worker and warm a new one.
          void w.terminate().catch(() => undefined);
          psm = -1;
          worker = start();
        }
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await (await worker.catch(() => undefined))?.terminate();
      removeDir();
    },
  };
}
