/**
 * Domain types shared by main, preload, renderer and CLI. Plain data only (JSON-safe),
 * because every one of them crosses a transport (Electron IPC or the WebSocket).
 */

/** A pen point: x, y (y down, any units/origin), optional t in ms, optional pressure 0..1. */
export type Point = [number, number] | [number, number, number] | [number, number, number, number];
/** Points in pen order from pen-down to pen-up. */
export type Stroke = Point[];
/** What the pad sends and `mamba recognize drawing.json` reads. Unknown keys are ignored. */
export interface Drawing {
  strokes: Stroke[];
}

export const HANDWRITING_MODELS = ['letters', 'full'] as const;
export type HandwritingModelId = (typeof HANDWRITING_MODELS)[number];

export interface CharAlternative {
  char: string;
  confidence: number;
}
export interface RecognizedChar {
  char: string;
  confidence: number;
  /** Top-3 including the chosen one, best first. */
  alternatives: CharAlternative[];
  /** Bounding box in the drawing's/image's own units: x, y, width, height. */
  box: [number, number, number, number];
  /** Indices of the strokes that make up this character (drawings only). */
  strokeIndices?: number[];
}
export interface RecognizedWord {
  text: string;
  chars: RecognizedChar[];
}
export interface Recognition {
  text: string;
  words: RecognizedWord[];
  model: HandwritingModelId;
  /** Backend the CNN ran on, e.g. 'wasm', 'tensorflow', 'cpu'. */
  backend: string;
  ms: number;
}

export type LanguageCode = string; // ISO 639-1 ('en', 'es', 'fr', ...)

export interface Translation {
  text: string;
  from: LanguageCode;
  to: LanguageCode;
  /** Pairs reached through a pivot (e.g. fr->es->en) are lower quality. */
  via?: LanguageCode;
  quality: 'literal' | 'pivot';
  ms: number;
}

export interface SpeechAudio {
  /** 16-bit PCM WAV bytes, base64 when crossing a transport. */
  wavBase64: string;
  sampleRate: number;
  lang: LanguageCode;
  voice: string;
  ms: number;
}

export interface Transcript {
  text: string;
  /** Engine that produced it: 'vosk' | 'pocketsphinx'. */
  engine: string;
  final: boolean;
  confidence?: number;
  ms: number;
}

export type IntentName =
  | 'read_this'
  | 'translate_text'
  | 'read_written'
  | 'translate_written'
  | 'repeat'
  | 'stop'
  | 'time'
  | 'thanks'
  | 'read_originals'
  | 'read_translations'
  | 'unknown';

export interface Intent {
  name: IntentName;
  /** Free text argument, e.g. what to translate. */
  text?: string;
  /** Target language for translate intents. */
  to?: LanguageCode;
  /** Language the command was spoken/typed in. */
  lang: LanguageCode;
  source: 'voice' | 'typed' | 'pad' | 'cli' | 'tray';
}

export interface OcrLine {
  text: string;
  confidence: number;
  box: [number, number, number, number];
  /** Which engine read it: printed text (tesseract) or handwriting (our CNN). */
  engine: 'tesseract' | 'handwriting';
}
export interface OcrResult {
  text: string;
  lines: OcrLine[];
  /** Page corners found in the photo (x,y pairs, clockwise from top-left), if any. */
  page?: [number, number][];
  steps: { name: string; ms: number }[];
  ms: number;
}

export const LOG_ROLES = ['user', 'mamba'] as const;
export type LogRole = (typeof LOG_ROLES)[number];
export const LOG_KINDS = ['drawing', 'recognition', 'speech', 'transcript', 'translation', 'capture', 'ocr', 'spoken', 'command', 'error', 'correction'] as const;
export type LogKind = (typeof LOG_KINDS)[number];
export interface LogEntry {
  id: string;
  /** ISO 8601 time. */
  at: string;
  role: LogRole;
  kind: LogKind;
  text: string;
  lang?: LanguageCode;
  /** Small data: URL of a capture thumbnail (JPEG, <= ~20 kB). */
  thumbnail?: string;
  ms?: number;
  meta?: Record<string, string | number | boolean>;
}

/** Engines in the order the UI lists them. */
export const ENGINE_NAMES = ['handwriting', 'translate', 'tts', 'speech', 'ocr'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
/** What a user may pick for each engine (settings, CLI options); 'auto' lets Mamba choose. */
export const HANDWRITING_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type HandwritingBackendChoice = (typeof HANDWRITING_BACKENDS)[number];
export const SPEECH_ENGINES = ['auto', 'vosk', 'pocketsphinx'] as const;
export type SpeechEngineChoice = (typeof SPEECH_ENGINES)[number];
export const TTS_ENGINES = ['auto', 'espeak-ng', 'say'] as const;
export type TtsEngineChoice = (typeof TTS_ENGINES)[number];
export type EngineState = 'idle' | 'loading' | 'ready' | 'error';
export interface EngineStatus {
  engine: EngineName;
  state: EngineState;
  /** 0..1 while loading. */
  progress?: number;
  detail?: string;
  error?: { code: string; message: string; fix?: string };
}

/** Long work reports progress through this callback everywhere (CLI prints, app shows). */
export type ProgressFn = (p: { step: string; fraction?: number; detail?: string }) => void;
