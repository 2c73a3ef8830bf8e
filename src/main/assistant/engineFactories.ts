/**
 * How the assistant creates engines: the entry points of docs/engines.md, loaded lazily
 * (require on first use) so app start never pays for tfjs, Tesseract or Apertium.
 * Injectable so tests can count/observe creation; the default set is the real engines.
 */
import type {
  Drawing,
  HandwritingModelId,
  Intent,
  LanguageCode,
  OcrResult,
  ProgressFn,
  Recognition,
  SpeechAudio,
  Transcript,
  Translation,
} from '../../shared/types';
import { MambaError } from '../../shared/errors';

export interface HandwritingEngine {
  readonly backend: string;
  recognizeDrawing(d: Drawing, o?: { model?: HandwritingModelId }): Promise<Recognition>;
  recognizeImage(bytes: Uint8Array, o?: { model?: HandwritingModelId }): Promise<Recognition>;
  close(): Promise<void>;
}
export interface SpeechEngine {
  readonly name: 'vosk' | 'pocketsphinx';
  readonly lang: LanguageCode;
  transcribe(pcm: Int16Array, sampleRate: number, o?: { grammar?: string[] }): Promise<Transcript>;
  close(): Promise<void>;
}
export interface TtsEngine {
  readonly name: string;
  synthesize(text: string, o?: { lang?: LanguageCode; voice?: string; rate?: number }): Promise<SpeechAudio>;
  close(): Promise<void>;
}
export interface Translator {
  listPairs(): { from: LanguageCode; to: LanguageCode; quality: 'literal' | 'pivot'; via?: LanguageCode }[];
  translate(text: string, from: LanguageCode | 'auto', to: LanguageCode): Promise<Translation>;
  close(): Promise<void>;
}
export interface OcrEngine {
  read(image: Uint8Array, o?: { onProgress?: ProgressFn }): Promise<OcrResult>;
  close(): Promise<void>;
}
export type VoiceEvent =
  | { type: 'wake' }
  | { type: 'partial'; text: string }
  | { type: 'command'; transcript: Transcript; intent: Intent }
  | { type: 'timeout' };
export interface VoiceSession {
  write(pcm16k: Int16Array): void | Promise<void>;
  end(): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface EngineChoices {
  handwritingBackend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  speech: 'auto' | 'vosk' | 'pocketsphinx';
  speechLang: 'en' | 'es';
  tts: 'auto' | 'espeak-ng' | 'say';
}

export interface EngineFactories {
  handwriting(o: { backend: EngineChoices['handwritingBackend']; onProgress: ProgressFn }): Promise<HandwritingEngine>;
  speech(o: { engine: EngineChoices['speech']; lang: 'en' | 'es'; onProgress: ProgressFn }): Promise<SpeechEngine>;
  tts(o: { engine: EngineChoices['tts'] }): Promise<TtsEngine>;
  translate(o: { onProgress: ProgressFn }): Promise<Translator>;
  ocr(o: { handwriting?: HandwritingEngine; onProgress: ProgressFn }): Promise<OcrEngine>;
  voiceSession(engine: SpeechEngine, o: { onEvent: (e: VoiceEvent) => void; lang: 'en' | 'es'; wakeWord: boolean }): VoiceSession;
  parseIntent(text: string, o: { lang?: LanguageCode; source: Intent['source'] }): Intent;
}

/**
 * require() a module by path on first use (keeps start-up light). A build without that
 * module reports ENGINE_UNAVAILABLE instead of a stack trace.
 */
function lazy<T>(rel: string, what: string): () => T {
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

const handwritingMod = lazy<{ createHandwritingEngine(o: object): Promise<HandwritingEngine> }>('../engines/handwriting', 'handwriting engine');
const speechMod = lazy<{ createSpeechEngine(o: object): Promise<SpeechEngine> }>('../engines/speech', 'speech recogniser');
const ttsMod = lazy<{ createTts(o: object): Promise<TtsEngine> }>('../engines/tts', 'text-to-speech engine');
const translateMod = lazy<{ createTranslator(o: object): Promise<Translator> }>('../engines/translate', 'translator');
const ocrMod = lazy<{ createOcrEngine(o: object): Promise<OcrEngine> }>('../engines/ocr', 'OCR engine');
const voiceMod = lazy<{ createVoiceSession(e: SpeechEngine, o: object): VoiceSession }>('./voiceSession', 'voice session');
const intentMod = lazy<{ parseIntent(text: string, o: object): Intent }>('./intentRouter', 'command router');

/** The real engines (docs/engines.md). */
export const realEngines: EngineFactories = {
  handwriting: (o) => handwritingMod().createHandwritingEngine({ backend: o.backend, onProgress: o.onProgress }),
  speech: (o) => speechMod().createSpeechEngine({ engine: o.engine, lang: o.lang, onProgress: o.onProgress }),
  tts: (o) => ttsMod().createTts({ engine: o.engine }),
  translate: (o) => translateMod().createTranslator({ onProgress: o.onProgress }),
  ocr: (o) => ocrMod().createOcrEngine({ handwriting: o.handwriting, onProgress: o.onProgress }),
  voiceSession: (engine, o) => voiceMod().createVoiceSession(engine, o),
  parseIntent: (text, o) => intentMod().parseIntent(text, o),
};
