/**
 * The voice loop: PCM in (16 kHz mono), events out.
 *   VAD gate -> (silence is dropped) -> keyword spotting for the wake word -> 'wake'
 *   -> the command, decoded live against the command grammar ('partial' events) until the speaker
 *   stops -> 'command' with the transcript and intent; nothing said within the timeout -> 'timeout'.
 * A command that starts with "translate" but is not "translate what I wrote" carries free text, so that
 * one utterance is decoded again with the full language model. "Mamba read this" in one breath works:
 * the audio after the keyphrase's end goes straight to the command decoder.
 * Times are counted in audio samples, so a file or a test behaves exactly like a microphone.
 */
import type { Intent, LanguageCode, Transcript } from '../../shared/types';
import { toMambaError } from '../../shared/errors';
import type { SpeechEngine, SpeechStream } from '../engines/speech/types';
import { createVadGate, concat, loudMs, type VadOptions } from '../engines/speech/vad';
import { SPEECH_RATE } from '../engines/speech/wav';
import { commandPhrases, parseIntent, WAKE_WORDS, type CommandLang } from './intentRouter';

export type VoiceEvent =
  | { type: 'wake' }
  | { type: 'partial'; text: string }
  | { type: 'command'; transcript: Transcript; intent: Intent }
  | { type: 'timeout' }
  | { type: 'error'; code: string; message: string };

export interface VoiceSessionOptions {
  onEvent: (e: VoiceEvent) => void;
  /** Command language (default: the engine's). 'es' adds the Spanish wake word and commands. */
  lang?: LanguageCode;
  /** false: every utterance is a command (push-to-talk). Default true. */
  requireWake?: boolean;
  /** Audio time after the wake word with no command before giving up (default 5000 ms). */
  commandTimeoutMs?: number;
  /** Longest command (default 10000 ms): decoded as it is when reached. */
  maxCommandMs?: number;
  vad?: VadOptions;
}

export interface VoiceSession {
  /** Feed 16 kHz mono Int16 PCM, any chunk size. */
  write(pcm16k: Int16Array): void;
  /** End of input: finishes a command in progress. */
  end(): void;
  close(): void;
  readonly state: 'listening' | 'command' | 'closed';
}

const WAKE_PREFIX = new RegExp(`^(?:${[...new Set(Object.values(WAKE_WORDS).flat())].join('|')})\\s*`, 'u');

/** Speech after the wake word shorter than this is not a command (a breath, the wake word's echo). */
const MIN_COMMAND_MS = 150;

export function createVoiceSession(engine: SpeechEngine, o: VoiceSessionOptions): VoiceSession {
  const lang: CommandLang = (o.lang ?? engine.lang) === 'es' ? 'es' : 'en';
  const requireWake = o.requireWake ?? true;
  const timeoutSamples = ((o.commandTimeoutMs ?? 5000) * SPEECH_RATE) / 1000;
  const maxCommand = ((o.maxCommandMs ?? 10000) * SPEECH_RATE) / 1000;
  // Commands end at a shorter pause than the default gate's, to answer quickly.
  const gate = createVadGate(SPEECH_RATE, { hangoverMs: 300, ...o.vad });
  const emit = (e: VoiceEvent) => {
    try {
      o.onEvent(e);
    } catch {
      // a listener's bug must not stop the voice loop
    }
  };

  const wakeWords = WAKE_WORDS[lang].filter((w) => engine.knowsWord(w));
  // PocketSphinx has one decoder: one wake word; Vosk runs a recogniser per wake word.
  const spotters: SpeechStream[] = requireWake
    ? (engine.name === 'pocketsphinx' ? wakeWords.slice(0, 1) : wakeWords).map((phrase) => engine.openStream({ kind: 'keyphrase', phrase }))
    : [];
  const grammar = commandPhrases(lang);
  // The command audio starts at the wake word's *start* (its end is less exact): the grammar lets it be.
  const openCommand = () => engine.openStream({ kind: 'grammar', phrases: grammar, prefix: WAKE_WORDS[lang] });
  let command: SpeechStream | null = null;

  let state: VoiceSession['state'] = requireWake ? 'listening' : 'command';
  let utterance: Int16Array[] = []; // audio of the current listening utterance (for the after-wake tail)
  let cmdAudio: Int16Array[] = []; // audio since the command began
  let cmdSamples = 0;
  let sinceWake = 0; // samples (all audio, silence too) since the wake word
  let heard = false; // the command has had speech
  let wakeTail = 0; // samples of the wake word itself at the start of cmdAudio
  let lastPartial = '';

  function startCommand(tail: Int16Array, wakeLength: number) {
    state = 'command';
    wakeTail = wakeLength;
    cmdAudio = [];
    cmdSamples = 0;
    sinceWake = 0;
    heard = false;
    lastPartial = '';
    command = openCommand();
    if (tail.length) feedCommand(tail);
  }

  function feedCommand(pcm: Int16Array) {
    if (!command) command = openCommand();
    cmdAudio.push(pcm);
    cmdSamples += pcm.length;
    command.accept(pcm);
    const p = command.partial();
    if (p && p !== lastPartial) emit({ type: 'partial', text: (lastPartial = p) });
  }

  /** The speaker stopped: decide what was said. Returns false when there was nothing to decode. */
  function finishCommand(): boolean {
    if (!command) return false;
    const audio = concat(cmdAudio);
    // Only the wake word (and the pause after it) so far: keep waiting for the command.
    if (loudMs(audio, wakeTail, SPEECH_RATE) < MIN_COMMAND_MS) return false;
    const t0 = performance.now();
    let transcript = command.finish();
    const said = transcript.text.replace(WAKE_PREFIX, '');
    if (!said || (/^(?:translate|traduce)\b/.test(said) && !/\b(?:wrote|escrib)/.test(said))) {
      // Free text (what to translate) or something outside the grammar: the full language model.
      const free = engine.openStream({ kind: 'free' });
      try {
        free.accept(audio.subarray(Math.min(wakeTail, audio.length))); // the LM hears "mamba" as "mom but"
        const t = free.finish();
        if (t.text) transcript = t;
      } finally {
        free.close();
      }
    }
    transcript = { ...transcript, ms: Math.round(performance.now() - t0) };
    if (!transcript.text) return false;
    emit({ type: 'command', transcript, intent: parseIntent(transcript.text, { lang, source: 'voice' }) });
    return true;
  }

  function backToListening() {
    command?.close();
    command = null;
    cmdAudio = [];
    state = requireWake ? 'listening' : 'command';
  }

  function onSpeech(pcm: Int16Array, start: boolean, end: boolean) {
    if (state === 'listening') {
      if (start) utterance = [];
      utterance.push(pcm);
      for (const s of spotters) {
        s.accept(pcm);
        const at = s.spotted();
        if (at === null) continue;
        const all = concat(utterance);
        for (const x of spotters) x.finish();
        utterance = [];
        emit({ type: 'wake' });
        startCommand(all.subarray(Math.min(at.start, all.length)), at.end - at.start);
        if (end) endOfSpeech();
        return;
      }
      if (end) {
        for (const s of spotters) s.finish();
        utterance = [];
      }
      return;
    }
    heard = true;
    feedCommand(pcm);
    if (end || cmdSamples >= maxCommand) endOfSpeech();
  }

  function endOfSpeech() {
    if (state !== 'command') return;
    if (finishCommand()) backToListening();
    else if (!requireWake) backToListening();
    else {
      // Keep the grammar stream for the rest of the command; drop the non-speech tail.
      command?.close();
      command = null;
      cmdAudio = [];
      cmdSamples = 0;
      heard = false;
      wakeTail = 0;
    }
  }

  return {
    write(pcm) {
      if (state === 'closed' || !pcm.length) return;
      try {
        for (const seg of gate.push(pcm)) onSpeech(seg.pcm, seg.start, seg.end);
        if (state === 'command' && requireWake) {
          sinceWake += pcm.length;
          if (sinceWake >= timeoutSamples && !gate.inSpeech && !heard) {
            emit({ type: 'timeout' });
            backToListening();
          } else if (sinceWake >= timeoutSamples + maxCommand) {
            // speech went on far too long after the wake word: decode what there is or give up
            if (!finishCommand()) emit({ type: 'timeout' });
            backToListening();
          }
        }
      } catch (e) {
        const err = toMambaError(e);
        emit({ type: 'error', code: err.code, message: err.message });
        backToListening();
      }
    },
    end() {
      if (state === 'closed') return;
      for (const seg of gate.flush()) onSpeech(seg.pcm, seg.start, seg.end);
      if (state === 'command' && command && cmdSamples) endOfSpeech();
      if (state === 'command' && requireWake) {
        emit({ type: 'timeout' });
        backToListening();
      }
    },
    close() {
      command?.close();
      for (const s of spotters) s.close();
      state = 'closed';
    },
    get state() {
      return state;
    },
  };
}
