/** Whole-buffer recognition shared by both engines: resample, skip silence, decode the speech parts. */
import type { Transcript } from '../../../shared/types';
import type { SpeechStream } from './types';
import { resampleInt16, SPEECH_RATE } from './wav';
import { speechSpans } from './vad';

const CHUNK = 4000; // 250 ms: the size a microphone stream delivers; keeps partial results flowing

export function transcribeBuffer(
  engine: string,
  open: () => SpeechStream,
  pcm: Int16Array,
  sampleRate: number,
): Transcript {
  const t0 = performance.now();
  const audio = sampleRate === SPEECH_RATE ? pcm : resampleInt16(pcm, sampleRate, SPEECH_RATE);
  // Silence and steady noise never reach the decoder: an empty transcript, not hallucinated words.
  // The speech is decoded as one utterance (first onset to last offset) so a grammar sees the whole
  // command even when the speaker paused inside it.
  const spans = speechSpans(audio, SPEECH_RATE);
  let text = '';
  let confidence: number | undefined;
  if (spans.length) {
    const speech = audio.subarray(spans[0][0], spans[spans.length - 1][1]);
    const stream = open();
    try {
      for (let i = 0; i < speech.length; i += CHUNK) stream.accept(speech.subarray(i, i + CHUNK));
      const t = stream.finish();
      text = t.text;
      confidence = t.confidence;
    } finally {
      stream.close();
    }
  }
  return {
    text,
    engine,
    final: true,
    ...(confidence !== undefined ? { confidence } : {}),
    ms: Math.round(performance.now() - t0),
  };
}
