/**
 * "Read this" as one pipeline: capture -> page -> OCR -> (translate) -> speak.
 * Engine-agnostic: the engines come in as arguments (the app passes its warm ones, the CLI
 * makes its own, tests pass real ones), and every step is reported with its timing so the
 * caller can write it to the conversation log or send it over IPC.
 */
import type { LanguageCode, OcrResult, ProgressFn, SpeechAudio, Translation } from '../../../shared/types';

export type ReadStepName = 'capture' | 'page' | 'ocr' | 'translate' | 'speak';
export interface ReadStep {
  name: ReadStepName;
  ms: number;
  detail?: string;
}

/** Structural: what the flow uses of each engine (see docs/engines.md). */
export interface ReadThisEngines {
  ocr: { read(image: Uint8Array, o?: { onProgress?: ProgressFn; signal?: AbortSignal }): Promise<OcrResult> };
  translator?: { translate(text: string, from: LanguageCode | 'auto', to: LanguageCode): Promise<Translation> };
  tts?: { synthesize(text: string, o?: { lang?: LanguageCode }): Promise<SpeechAudio> };
}

export interface ReadThisOptions extends ReadThisEngines {
  /** Translate the text into this language (needs `translator`). */
  to?: LanguageCode;
  /** Language of the page when known; 'auto' lets the translator detect it. */
  from?: LanguageCode | 'auto';
  /** Speak the result (default: whenever `tts` is given). Speaks the translation when there is one. */
  speak?: boolean;
  onStep?: (s: ReadStep) => void;
  onProgress?: ProgressFn;
  /** Cancels the read (the app's OCR engine runs in a worker and honours it). */
  signal?: AbortSignal;
}

export interface ReadThisPipelineResult {
  ocr: OcrResult;
  translation?: Translation;
  speech?: SpeechAudio;
  /** True when the photo was readable but had no text on it. */
  noText: boolean;
  steps: ReadStep[];
  ms: number;
}

/** OCR steps that belong to "page" (finding and flattening it) rather than to reading. */
const PAGE_STEPS = new Set(['decode', 'quality', 'page', 'flatten', 'binarise', 'deskew']);

/**
 * `image` is the photo's bytes, or a function that captures them (webcam grab, file read),
 * so that capturing is timed like the other steps.
 */
export async function runReadThisPipeline(image: Uint8Array | (() => Promise<Uint8Array>), o: ReadThisOptions): Promise<ReadThisPipelineResult> {
  const t0 = performance.now();
  const steps: ReadStep[] = [];
  const report = (s: ReadStep): void => {
    const rounded = { ...s, ms: Math.round(s.ms * 10) / 10 };
    steps.push(rounded);
    o.onStep?.(rounded);
  };
  const timed = async <T>(name: ReadStepName, fn: () => Promise<T>, detail?: (v: T) => string | undefined): Promise<T> => {
    const s = performance.now();
    const v = await fn();
    report({ name, ms: performance.now() - s, detail: detail?.(v) });
    return v;
  };

  const bytes = await timed('capture', async () => (typeof image === 'function' ? image() : image), (b) => `${b.length} bytes`);
  const ocr = await o.ocr.read(bytes, { onProgress: o.onProgress, signal: o.signal });
  const sum = (pick: (name: string) => boolean): number => ocr.steps.filter((s) => pick(s.name)).reduce((a, s) => a + s.ms, 0);
  report({ name: 'page', ms: sum((n) => PAGE_STEPS.has(n)), detail: ocr.page ? 'page found' : 'no page outline: whole frame' });
  report({ name: 'ocr', ms: sum((n) => !PAGE_STEPS.has(n)), detail: ocr.text ? `${ocr.lines.length} lines` : 'no text found' });

  const noText = ocr.text.trim() === '';
  let translation: Translation | undefined;
  let speech: SpeechAudio | undefined;
  if (!noText) {
    if (o.to && o.translator) {
      const tr = o.translator;
      const to = o.to;
      translation = await timed('translate', () => tr.translate(ocr.text, o.from ?? 'auto', to), (t) => `${t.from}->${t.to}${t.via ? ` via ${t.via}` : ''}`);
    }
    if (o.tts && (o.speak ?? true)) {
      const tts = o.tts;
      const text = translation?.text ?? ocr.text;
      const lang = translation?.to ?? (o.from && o.from !== 'auto' ? o.from : undefined);
      speech = await timed('speak', () => tts.synthesize(text, lang ? { lang } : undefined), (s) => `${s.voice}, ${s.lang}`);
    }
  }
  return {
    ocr,
    ...(translation ? { translation } : {}),
    ...(speech ? { speech } : {}),
    noText,
    steps,
    ms: Math.round(performance.now() - t0),
  };
}
