/**
 * The app's handwriting and OCR engines, each in its own worker thread behind the engine's interface
 * (docs/engines.md), so neither a big drawing nor a textured photo can stall the main thread: app.info,
 * the UI and every other client keep their answers (docs/robustness.md). Every call takes an optional
 * AbortSignal (closed socket or window, a newer request) and has a deadline; see platform/workerHost.ts.
 * The CLI keeps the in-thread engines: a one-shot run has nobody else to answer.
 */
import type { Drawing, ProgressFn, Recognition, OcrResult } from '../../shared/types';
import type { BackendChoice } from '../engines/handwriting/backend';
import type { CorrectedSample } from '../engines/handwriting';
import type { TesseractBackendName } from '../engines/ocr/backend';
import { WorkerHost } from '../platform/workerHost';
import { workerEntry } from '../platform/workerEntry';

export type HostedEngineData =
  | { engine: 'handwriting'; backend: BackendChoice; modelsDir?: string; corrections?: CorrectedSample[] }
  | { engine: 'ocr'; handwriting: boolean; languages?: string[] };

/**
 * Deadlines, from the moment the worker starts a job. Bounded inputs take far less (docs/robustness.md:
 * the worst adversarial photo ~2 s, 2,000 strokes < 3 s); past these the worker is stopped and restarted.
 */
export const HANDWRITING_DEADLINE_MS = 20_000;
export const OCR_DEADLINE_MS = 45_000;

export interface CallSignal {
  signal?: AbortSignal;
}

export interface OffThreadHandwriting {
  readonly backend: string;
  readonly backendReason: string;
  recognizeDrawing(d: Drawing, o?: { model?: string; context?: boolean } & CallSignal): Promise<Recognition>;
  recognizeImage(bytes: Uint8Array, o?: { model?: string; context?: boolean } & CallSignal): Promise<Recognition>;
  /** Loads the model in the worker (the engine manager calls it so that 'ready' means ready). */
  model(id: string): Promise<void>;
  /** The user's corrections, learnt in the worker (a worker restarted after a deadline is given them at its start). */
  adapt(samples: CorrectedSample[]): Promise<number>;
  forgetAdaptation(): void;
  close(): Promise<void>;
  readonly host: WorkerHost;
}

export interface OffThreadOcr {
  readonly backend: TesseractBackendName;
  readonly backendNote: string;
  read(image: Uint8Array, o?: { onProgress?: ProgressFn } & CallSignal): Promise<OcrResult>;
  close(): Promise<void>;
  readonly host: WorkerHost;
}

const entry = () => workerEntry(__dirname, 'engineWorker', 'engine worker');

/** sharp must be loaded by the main thread before workers use it (else its library can be unloaded when a worker exits). */
function preloadSharp(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('sharp');
}

/** Options without the signal (an AbortSignal cannot cross to a worker). */
function plain<T extends CallSignal>(o: T | undefined): Omit<T, 'signal'> | undefined {
  if (!o) return undefined;
  const { signal: _signal, ...rest } = o;
  return rest;
}

/** Starts the worker; one that fails to start is closed (no thread left behind) and its error passed on. */
async function startOrClose<Info>(host: WorkerHost<Info>): Promise<Info> {
  try {
    return await host.start();
  } catch (e) {
    await host.close();
    throw e;
  }
}

export async function createHandwritingOffThread(o: { backend: BackendChoice; onProgress?: ProgressFn; modelsDir?: string; deadlineMs?: number }): Promise<OffThreadHandwriting> {
  preloadSharp();
  const data: HostedEngineData = { engine: 'handwriting', backend: o.backend, ...(o.modelsDir ? { modelsDir: o.modelsDir } : {}) };
  // Kept here so that a worker restarted after a deadline starts with what the user has taught.
  const learnt: CorrectedSample[] = [];
  const host = new WorkerHost<{ backend: string; backendReason: string }>({
    name: 'handwriting',
    entry,
    workerData: (): HostedEngineData => ({ ...data, corrections: learnt }),
    deadlineMs: o.deadlineMs ?? HANDWRITING_DEADLINE_MS,
    onProgress: o.onProgress,
  });
  const info = await startOrClose(host);
  return {
    backend: info.backend,
    backendReason: info.backendReason,
    host,
    recognizeDrawing: (d, opts) => host.call('recognizeDrawing', [d, plain(opts)], { signal: opts?.signal }),
    recognizeImage: (bytes, opts) => host.call('recognizeImage', [bytes, plain(opts)], { signal: opts?.signal }),
    model: (id) => host.call('model', [id]),
    adapt: (samples) => {
      learnt.push(...samples);
      return host.call('adapt', [samples]);
    },
    forgetAdaptation: () => {
      learnt.length = 0;
      void host.call('forgetAdaptation', []).catch(() => undefined);
    },
    close: () => host.close(),
  };
}

export async function createOcrOffThread(o: {
  handwriting?: { recognizeImage(bytes: Uint8Array, o?: CallSignal): Promise<Recognition> };
  onProgress?: ProgressFn;
  languages?: string[];
  deadlineMs?: number;
}): Promise<OffThreadOcr> {
  preloadSharp();
  const hw = o.handwriting;
  const host = new WorkerHost<{ backend: TesseractBackendName; backendNote: string }>({
    name: 'OCR',
    entry,
    workerData: { engine: 'ocr', handwriting: !!hw, ...(o.languages ? { languages: o.languages } : {}) } satisfies HostedEngineData,
    deadlineMs: o.deadlineMs ?? OCR_DEADLINE_MS,
    onProgress: o.onProgress,
    // The OCR worker's handwriting reads run in the handwriting worker, cancelled with the read.
    callbacks: hw ? { recognizeImage: ([bytes], signal) => hw.recognizeImage(bytes as Uint8Array, { signal }) } : undefined,
  });
  const info = await startOrClose(host);
  return {
    backend: info.backend,
    backendNote: info.backendNote,
    host,
    read: (image, opts) => host.call('read', [image], { signal: opts?.signal, onProgress: opts?.onProgress }),
    close: () => host.close(),
  };
}
