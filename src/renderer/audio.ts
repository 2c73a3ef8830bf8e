/** Plays the WAV that tts.speak (and friends) return; one voice at a time. */
import type { SpeechAudio } from '../shared/types';

let current: HTMLAudioElement | null = null;

/** Start playing; resolves when playback ends (or is stopped). Autoplay refusal is not an error the user can fix here. */
export function playSpeech(audio: SpeechAudio): Promise<void> {
  stopSpeech();
  const el = new Audio(`data:audio/wav;base64,${audio.wavBase64}`);
  el.dataset.testid = 'speech-audio';
  current = el;
  document.body.dataset.speaking = 'true';
  return new Promise<void>((resolve) => {
    const done = () => {
      if (current === el) {
        current = null;
        delete document.body.dataset.speaking;
      }
      resolve();
    };
    el.addEventListener('ended', done, { once: true });
    el.addEventListener('error', done, { once: true });
    el.play().catch(done);
  });
}

/** Whether a voice is playing now. */
export function isSpeaking(): boolean {
  return current !== null;
}

export function stopSpeech(): void {
  if (current) {
    current.pause();
    current = null;
    delete document.body.dataset.speaking;
  }
}
