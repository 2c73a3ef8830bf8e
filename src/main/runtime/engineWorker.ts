/**
 * Worker-thread entry that hosts one engine for the app (offThreadEngines.ts): the handwriting engine
 * (segmentation, framing, the CNN and its own pool) or the OCR engine (decoding, opencv-js page
 * preparation, Tesseract, the line choice). The OCR engine's handwriting reads go back to the main
 * thread, which hands them to the handwriting worker: one loaded CNN serves both.
 */
import type { ProgressFn, Recognition } from '../../shared/types';
import { serveInWorker, Hosted, ParentCall } from '../platform/workerServe';
import type { HostedEngineData } from './offThreadEngines';
import type * as HandwritingModule from '../engines/handwriting';
import type * as OcrModule from '../engines/ocr';

// Each worker loads only its own engine (the OCR worker never pays for tfjs): require() on use.
/* eslint-disable @typescript-eslint/no-require-imports */
const loadHandwriting = (): typeof HandwritingModule => require('../engines/handwriting') as typeof HandwritingModule;
const loadOcr = (): typeof OcrModule => require('../engines/ocr') as typeof OcrModule;
/* eslint-enable @typescript-eslint/no-require-imports */

async function hostHandwriting(d: Extract<HostedEngineData, { engine: 'handwriting' }>, onProgress: ProgressFn): Promise<Hosted> {
  const { createHandwritingEngine } = loadHandwriting();
  const e = await createHandwritingEngine({ backend: d.backend, onProgress, ...(d.modelsDir ? { modelsDir: d.modelsDir } : {}) });
  if (d.corrections?.length) await e.adapt(d.corrections); // a restarted worker: what the user taught the last one
  return {
    info: { backend: e.backend, backendReason: e.backendReason },
    methods: {
      recognizeDrawing: ([drawing, o]) => e.recognizeDrawing(drawing as never, o as never),
      recognizeImage: ([bytes, o]) => e.recognizeImage(bytes as Uint8Array, o as never),
      model: async ([id]) => void (await e.model(id as string)),
      adapt: ([samples]) => e.adapt(samples as never),
      forgetAdaptation: async () => e.forgetAdaptation(),
    },
    close: () => e.close(),
  };
}

async function hostOcr(d: Extract<HostedEngineData, { engine: 'ocr' }>, onProgress: ProgressFn, callParent: ParentCall): Promise<Hosted> {
  const { createOcrEngine } = loadOcr();
  const handwriting = d.handwriting ? { recognizeImage: (bytes: Uint8Array) => callParent('recognizeImage', [bytes]) as Promise<Recognition> } : undefined;
  const e = await createOcrEngine({ handwriting, onProgress, ...(d.languages ? { languages: d.languages } : {}) });
  return {
    info: { backend: e.backend, backendNote: e.backendNote },
    methods: { read: ([image], c) => e.read(image as Uint8Array, { onProgress: c.progress }) },
    close: () => e.close(),
  };
}

serveInWorker((data, onProgress, callParent) => {
  const d = data as HostedEngineData;
  return d.engine === 'handwriting' ? hostHandwriting(d, onProgress) : hostOcr(d, onProgress, callParent);
});
