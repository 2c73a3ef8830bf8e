/** Whole-buffer recognition shared by both engines: resample, skip silence, decode the speech parts. */
import type { Transcript } from '../../../shared/types';
import { resampleInt16, SPEECH_RATE } from '../../platform/wav';
import { estimateSnrDb, speechSpans } from './vad';
import { withNoiseSuppressed, type HeardSpeech } from './denoise';

/** Decodes one utterance of 16 kHz PCM; the engines run it off the calling thread (offThread.ts). */
export type UtteranceDecoder = (speech: Int16Array) => Promise<{ text: string; confidence?: number }>;

/**
 * The part of a buffer a decoder gets, at 16 kHz: first speech onset to last offset (null: no speech).
 * Silence and steady noise never reach a decoder: an empty transcript, not hallucinated words. The
 * speech is one utterance so a grammar sees the whole command even when the speaker paused inside it.
 * A copy: a decoder may read it on another thread while the caller reuses its buffer.
 */
export function speechPart(pcm: Int16Array, sampleRate: number): Int16Array | null {
  const audio = sampleRate === SPEECH_RATE ? pcm : resampleInt16(pcm, sampleRate, SPEECH_RATE);
  const spans = speechSpans(audio, SPEECH_RATE);
  return spans.length ? audio.slice(spans[0][0], spans[spans.length - 1][1]) : null;
}

/**
 * What the decoders hear of an utterance: `speechPart`, noise-suppressed where it reads noisy
 * (denoise.ts), with the SNR it had as it came in (a noisy room still calls for asking before acting on
 * free text). Callers decide once per utterance: `transcribeBuffer` itself does not, because the LM
 * pass of a command gets a piece of audio already denoised (or not), and a few words cut from clean
 * speech can read below the threshold (loudest frames over quietest).
 */
export async function heardSpeech(pcm: Int16Array, sampleRate: number): Promise<HeardSpeech | null> {
  const part = speechPart(pcm, sampleRate);
  return part && withNoiseSuppressed(part, estimateSnrDb(part, SPEECH_RATE));
}

export async function transcribeBuffer(engine: string, decode: UtteranceDecoder, pcm: Int16Array, sampleRate: number): Promise<Transcript> {
  const t0 = performance.now();
  const speech = speechPart(pcm, sampleRate);
  let text = '';
  let confidence: number | undefined;
  if (speech) {
    const r = await decode(speech);
    text = r.text;
    confidence = r.confidence;
  }
  return {
    text,
    engine,
    final: true,
    ...(confidence !== undefined ? { confidence } : {}),
    ms: Math.round(performance.now() - t0),
  };
}
