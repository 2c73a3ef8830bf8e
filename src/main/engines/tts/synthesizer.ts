/**
 * What every TTS backend shares: input checks, voice choice by the text's language, chunking by
 * sentence, joining the chunks into one WAV, and the SpeechAudio the renderer plays.
 * A backend only renders one chunk with a given voice.
 */
import { MambaError } from '../../../shared/errors';
import type { LanguageCode, SpeechAudio } from '../../../shared/types';
import { writeWav } from '../../platform/wav';
import { DetectedLanguage, detectLanguage } from '../../platform/languageId';
import { normaliseLanguage } from '../../platform/languages';
import { chunkText } from './textChunks';

export interface RenderedAudio {
  pcm: Int16Array;
  sampleRate: number;
}

export interface TtsBackend {
  readonly name: string;
  voiceFor(lang: LanguageCode): string | undefined;
  validVoice(voice: string): boolean;
  /** `wpm`: words per minute. */
  render(text: string, voice: string | undefined, wpm: number): Promise<RenderedAudio>;
}

export interface SynthesizeOptions {
  /** Language of the text; detected from the text when absent. */
  lang?: LanguageCode;
  /** Backend voice name (espeak-ng: 'en-us', 'es-419', ...); overrides the language's default voice. */
  voice?: string;
  /** Speed in words per minute, 80..400 (default 175), as the settings and IPC contract hold it. */
  rate?: number;
}

export interface TtsEngine {
  readonly name: string;
  synthesize(text: string, o?: SynthesizeOptions): Promise<SpeechAudio>;
  close(): Promise<void>;
}

/** About 10 minutes of speech (~26 MB of WAV): more is a document to split, not one utterance. */
export const MAX_TTS_CHARS = 10_000;
/** Chunk size: a paragraph or two; keeps each synthesiser run short. */
const CHUNK_CHARS = 1000;
/** Voices chosen by detected language: languages the voices speak well and eld tells apart. */
const DETECTABLE: LanguageCode[] = ['en', 'es', 'fr', 'pt', 'it', 'de', 'ca'];
/** Speaking rate in words per minute (espeak-ng's scale; `say` gets it as a ratio of the default). */
export const DEFAULT_WPM = 175;
const MIN_WPM = 80;
const MAX_WPM = 400;
/** Pause between chunks (a sentence gap). */
const GAP_SECONDS = 0.15;

/**
 * Tells the language of a text among `candidates`. The default is the n-gram detector alone; the app passes
 * the translator's identifyLanguage, which also asks the installed Apertium dictionaries about a word or two.
 */
export type IdentifyLanguage = (text: string, o: { candidates: LanguageCode[] }) => Promise<DetectedLanguage>;

const byNgrams: IdentifyLanguage = async (text, o) => detectLanguage(text, o);

export function createSynthesizer(backend: TtsBackend, identifyLanguage: IdentifyLanguage = byNgrams): TtsEngine {
  let closed = false;
  return {
    name: backend.name,
    async synthesize(text: string, o: SynthesizeOptions = {}): Promise<SpeechAudio> {
      const t0 = performance.now();
      if (closed) throw new MambaError('CANCELLED', 'speech output closed');
      if (typeof text !== 'string') throw new MambaError('BAD_INPUT', 'text to speak must be a string');
      // eslint-disable-next-line no-control-regex
      const clean = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ').trim();
      if (!/[\p{L}\p{N}]/u.test(clean)) throw new MambaError('EMPTY_INPUT', 'there is no text to speak', 'give some words');
      if (clean.length > MAX_TTS_CHARS) {
        throw new MambaError('TOO_LARGE', `text is ${clean.length} characters; speech output takes up to ${MAX_TTS_CHARS}`,
          'speak it in parts');
      }
      const rate = o.rate ?? DEFAULT_WPM;
      if (!Number.isFinite(rate) || rate < MIN_WPM || rate > MAX_WPM) {
        throw new MambaError('BAD_INPUT', `rate ${o.rate} is out of range`,
          `give words per minute from ${MIN_WPM} (slow) to ${MAX_WPM} (fast); normal is ${DEFAULT_WPM}`);
      }
      const lang = o.lang ? normaliseLanguage(o.lang) : await pickLanguage(clean, identifyLanguage);
      if (o.voice !== undefined && !backend.validVoice(o.voice)) {
        throw new MambaError('BAD_INPUT', `'${o.voice}' is not a voice name`, 'give a voice such as en-us or es-419');
      }
      const voice = o.voice ?? backend.voiceFor(lang);
      const parts: Int16Array[] = [];
      let sampleRate = 0;
      for (const chunk of chunkText(clean, CHUNK_CHARS)) {
        const r = await backend.render(chunk, voice, rate);
        if (sampleRate && r.sampleRate !== sampleRate) throw new MambaError('INTERNAL', 'voice changed sample rate mid-text');
        sampleRate = r.sampleRate;
        if (parts.length) parts.push(new Int16Array(Math.round(GAP_SECONDS * sampleRate)));
        parts.push(r.pcm);
      }
      const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        pcm.set(p, at);
        at += p.length;
      }
      return {
        wavBase64: Buffer.from(writeWav(pcm, sampleRate)).toString('base64'),
        sampleRate,
        lang,
        voice: voice ?? 'default',
        ms: Math.round((performance.now() - t0) * 10) / 10,
      };
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * The text's language among those with good voices; for a word or two that n-grams cannot call,
 * the installed Apertium dictionaries vote between English and Spanish; English when nothing tells.
 */
async function pickLanguage(text: string, identifyLanguage: IdentifyLanguage): Promise<LanguageCode> {
  const d = await identifyLanguage(text, { candidates: DETECTABLE });
  if (d.confidence >= 0.5 || d.lang === 'en' || d.lang === 'es') return d.lang;
  const enEs = detectLanguage(text, { candidates: ['en', 'es'] });
  return enEs.confidence > 0 ? enEs.lang : 'en';
}
