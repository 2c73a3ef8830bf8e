/**
 * How the assistant creates engines: the entry points of docs/engines.md, loaded lazily
 * (require on first use) so app start never pays for tfjs, Tesseract or Apertium.
 * Injectable so tests can count/observe creation; the default set is the real engines.
 */
import type { HandwritingBackendChoice, ProgressFn, SpeechEngineChoice, TtsEngineChoice } from '../../shared/types';
import { MambaError } from '../../shared/errors';
// Types only: the modules themselves load on first use (see `lazy` below).
import type { HandwritingEngine as InThreadHandwriting } from '../engines/handwriting';
import type { SpeechEngine, createSpeechEngine } from '../engines/speech';
import type { TtsEngine, createTts } from '../engines/tts';
import type { Translator, createTranslator, identifyLanguage } from '../engines/translate';
import type { OcrEngine as InThreadOcr } from '../engines/ocr';
import type { createHandwritingOffThread, createOcrOffThread } from './offThreadEngines';

export type { SpeechEngine, TtsEngine, Translator };

/** What the app uses of the handwriting engine: the in-thread engine or its worker-thread proxy. */
export type HandwritingEngine = Pick<InThreadHandwriting, 'backend' | 'backendReason' | 'close' | 'adapt' | 'forgetAdaptation'> & {
  recognizeDrawing(d: Parameters<InThreadHandwriting['recognizeDrawing']>[0], o?: Parameters<InThreadHandwriting['recognizeDrawing']>[1] & { signal?: AbortSignal }): ReturnType<InThreadHandwriting['recognizeDrawing']>;
  recognizeImage(bytes: Uint8Array, o?: Parameters<InThreadHandwriting['recognizeImage']>[1] & { signal?: AbortSignal }): ReturnType<InThreadHandwriting['recognizeImage']>;
  /** Loads a model (resolves when it is ready). */
  model(id: string): Promise<unknown>;
};
/** What the app uses of the OCR engine: the in-thread engine or its worker-thread proxy. */
export type OcrEngine = Pick<InThreadOcr, 'backend' | 'backendNote' | 'close'> & {
  read(image: Uint8Array, o?: Parameters<InThreadOcr['read']>[1] & { signal?: AbortSignal }): ReturnType<InThreadOcr['read']>;
};

export interface EngineChoices {
  /** Model loaded with the engine, so 'ready' means ready to recognise. */
  handwritingModel: string;
  handwritingBackend: HandwritingBackendChoice;
  speech: SpeechEngineChoice;
  speechLang: 'en' | 'es';
  /** Where Vosk models are looked for: `models` in the data folder in use (--data or the default). */
  modelsDir?: string;
  tts: TtsEngineChoice;
}

export interface EngineFactories {
  handwriting(o: { backend: EngineChoices['handwritingBackend']; onProgress: ProgressFn }): Promise<HandwritingEngine>;
  /** `onFallback`: the chosen Vosk could not be used and PocketSphinx took over (said to the user once). */
  speech(o: { engine: EngineChoices['speech']; lang: 'en' | 'es'; onProgress: ProgressFn; modelsDir?: string; onFallback?: (why: { message: string; fix?: string }) => void }): Promise<SpeechEngine>;
  tts(o: { engine: EngineChoices['tts'] }): Promise<TtsEngine>;
  translate(o: { onProgress: ProgressFn }): Promise<Translator>;
  ocr(o: { handwriting?: HandwritingEngine; onProgress: ProgressFn }): Promise<OcrEngine>;
}

/**
 * require() a module by path on first use (keeps start-up light). A build without that
 * module reports ENGINE_UNAVAILABLE instead of a stack trace.
 */
export function lazy<T>(rel: string, what: string): () => T {
  let mod: T | undefined;
  return () => {
    if (mod !== undefined) return mod;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(rel) as T;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'MODULE_NOT_FOUND' && err.message.includes(`'${rel}'`))
        throw new MambaError('ENGINE_UNAVAILABLE', `The ${what} is not part of this build.`, 'Update or reinstall Mamba (npm run setup).');
      throw e;
    }
    return mod;
  };
}

// Handwriting and OCR run in worker threads (runtime/offThreadEngines.ts): never on the main thread.
const offThreadMod = lazy<{ createHandwritingOffThread: typeof createHandwritingOffThread; createOcrOffThread: typeof createOcrOffThread }>('./offThreadEngines', 'engine worker');
const speechMod = lazy<{ createSpeechEngine: typeof createSpeechEngine }>('../engines/speech', 'speech recogniser');
const ttsMod = lazy<{ createTts: typeof createTts }>('../engines/tts', 'text-to-speech engine');
const translateMod = lazy<{ createTranslator: typeof createTranslator; identifyLanguage: typeof identifyLanguage }>('../engines/translate', 'translator');

/** The real engines (docs/engines.md). */
export const realEngines: EngineFactories = {
  handwriting: (o) => offThreadMod().createHandwritingOffThread({ backend: o.backend, onProgress: o.onProgress }),
  speech: (o) => speechMod().createSpeechEngine({ engine: o.engine, lang: o.lang, onProgress: o.onProgress, modelsDir: o.modelsDir, onFallback: o.onFallback }),
  tts: (o) => ttsMod().createTts({ engine: o.engine, identifyLanguage: (text, io) => translateMod().identifyLanguage(text, io) }),
  translate: (o) => translateMod().createTranslator({ onProgress: o.onProgress }),
  ocr: (o) => offThreadMod().createOcrOffThread({ handwriting: o.handwriting, onProgress: o.onProgress }),
};
