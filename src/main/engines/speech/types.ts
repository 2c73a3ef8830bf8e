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
  words?(): TimedWord[];
  /** Samples fed since the last finish(). */
  readonly samples: number;
  close(): void;
}

/** A word of a decode with its place in the utterance (samples from its start). */
export interface TimedWord {
  word: string;
  start: number;
  end: number;
  /** The word's posterior probability (0..1) where the engine computes one. */
  posterior?: number;
}

/** What a command grammar may hear (`scoreGrammar`). */
export interface CommandGrammar {
  /** Phrases (lower-case words; `<free>` = some free text). */
  phrases: string[];
  /** Words that may come first (the wake word and how recognisers hear it). */
  prefix?: string[];
  /** The utterance must start with a prefix word (listening for the wake word): prefix alone, or prefix + phrase. */
  prefixRequired?: boolean;
  /**
   * The language the phrases are in. 'es' on an English acoustic model: words its dictionary lacks (and
   * every word's Spanish reading) are spelt in its phones by rule (spanishPhones.ts).
   */
  lang?: 'en' | 'es';
}

/**
 * A grammar's reading of an utterance, scored against an out-of-grammar model (an unconstrained phone
 * loop over the same audio): how much better any sound sequence explains the audio than the grammar's
 * best phrase does, per frame, in nats (>= about 0; in-grammar speech is near 0, other speech well
 * above). `words` carry their own margin over their frames.
 */
export interface ScoredReading {
  text: string;
  words: (TimedWord & { margin: number })[];
  margin: number;
  /** 10 ms frames decoded. */
  frames: number;
}

export interface SpeechEngine {
  readonly name: SpeechEngineName;
  readonly lang: LanguageCode;
  /** Words the engine can recognise (others are dropped from grammars). */
  knowsWord(word: string): boolean;
  /** Whole-buffer recognition (files, the CLI): free text, or restricted to `grammar` phrases. */
  transcribe(pcm: Int16Array, sampleRate: number, o?: { grammar?: string[] }): Promise<Transcript>;
  /**
   * A command grammar decode of one utterance (16 kHz speech, no long silences) with its
   * out-of-grammar score, off the calling thread; the same result for the same audio, whatever was
   * decoded before (whole-utterance cepstral mean). Engines without word scores leave it out.
   */
  scoreGrammar?(speech: Int16Array, grammar: CommandGrammar): Promise<ScoredReading>;
  /**
   * The language model's reading of a few words cut from a command (16 kHz, not trimmed further), with
   * each word's place in `speech`, decoded for short phrases rather than long speech. Engines without
   * word times leave it out (the caller then uses `transcribe`).
   */
  readPhrase?(speech: Int16Array): Promise<{ text: string; words: TimedWord[] }>;
  /** Streaming recognition for the voice session. */
  openStream(mode: StreamMode): SpeechStream;
  close(): Promise<void>;
}
