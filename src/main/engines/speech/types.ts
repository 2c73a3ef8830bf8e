/** The narrow recogniser interface both engines implement (docs/engines.md, "speech"). */
import type { LanguageCode, SpeechEngineChoice, Transcript } from '../../../shared/types';

export type SpeechEngineName = Exclude<SpeechEngineChoice, 'auto'>;

/** What a stream listens for. */
export type StreamMode =
  /** Anything the language model allows (free text, e.g. what to translate). */
  | { kind: 'free' }
  /**
   * Only these phrases (lower-case words; `<free>` = some free text); out-of-grammar speech maps to the
   * nearest or to nothing. `prefix`: optional words before any phrase (the wake word).
   */
  | { kind: 'grammar'; phrases: string[]; prefix?: string[] }
  /** Keyword spotting: report when `phrase` is heard, ignore everything else. */
  | { kind: 'keyphrase'; phrase: string };

/** One utterance being decoded incrementally: feed 16 kHz mono PCM, read partial and final results. */
export interface SpeechStream {
  /** Feed 16 kHz mono Int16 PCM. */
  accept(pcm: Int16Array): void;
  /** Best hypothesis so far ('' when none). */
  partial(): string;
  /**
   * Keyphrase mode: where the keyphrase was heard, as sample offsets from the utterance's start;
   * null while not heard.
   */
  spotted(): { start: number; end: number } | null;
  /** End the utterance and return its final result; the stream is ready for a new utterance after. */
  finish(): Transcript;
  /**
   * The last finish()'s words with sample offsets from that utterance's start (silences and fillers
   * left out); [] where the engine or mode gives none (keyword spotting, Vosk).
   */
  words?(): { word: string; start: number; end: number }[];
  /** Samples fed since the last finish(). */
  readonly samples: number;
  close(): void;
}

export interface SpeechEngine {
  readonly name: SpeechEngineName;
  readonly lang: LanguageCode;
  /** Words the engine can recognise (others are dropped from grammars). */
  knowsWord(word: string): boolean;
  /** Whole-buffer recognition (files, the CLI): free text, or restricted to `grammar` phrases. */
  transcribe(pcm: Int16Array, sampleRate: number, o?: { grammar?: string[] }): Promise<Transcript>;
  /** Streaming recognition for the voice session. */
  openStream(mode: StreamMode): SpeechStream;
  close(): Promise<void>;
}
