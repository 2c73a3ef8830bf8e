/** Whole-buffer recognition shared by both engines: resample, skip silence, decode the speech parts. */
import type { Transcript } from '../../../shared/types';
import { resampleInt16, SPEECH_RATE } from './wav';
import { speechSpans } from './vad';

/** Decodes one utterance of 16 kHz PCM; the engines run it off the calling thread (offThread.ts). */
export type UtteranceDecoder = (speech: Int16Array) => Promise<{ text: string; confidence?: number }>;

export async function transcribeBuffer(engine: string, decode: UtteranceDecoder, pcm: Int16Array, sampleRate: number): Promise<Transcript> {
  const t0 = performance.now();
  const audio = sampleRate === SPEECH_RATE ? pcm : resampleInt16(pcm, sampleRate, SPEECH_RATE);
  // Silence and steady noise never reach the decoder: an empty transcript, not hallucinated words.
  // The speech is decoded as one utterance (first onset to last offset) so a grammar sees the whole
  // command even when the speaker paused inside it.
  const spans = speechSpans(audio, SPEECH_RATE);
  let text = '';
  let confidence: number | undefined;
  if (spans.length) {
    // A copy: the decoder reads it on another thread while the caller may reuse its buffer.
    const r = await decode(audio.slice(spans[0][0], spans[spans.length - 1][1]));
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
