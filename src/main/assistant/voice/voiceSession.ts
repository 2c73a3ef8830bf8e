/**
 * The voice loop: PCM in (16 kHz mono), events out.
 *   VAD gate -> (silence is dropped) -> keyword spotting for the wake word -> 'wake'
 *   -> the command, decoded live against the command grammar ('partial' events) until the speaker
 *   stops -> 'command' with the transcript and intent; nothing said within the timeout -> 'timeout'.
 * A command that starts with "translate" but is not "translate what I wrote" carries free text, so that
 * one utterance is decoded again with the full language model. "Mamba read this" in one breath works:
 * the audio after the keyphrase's end goes straight to the command decoder.
 * Times are counted in audio samples, so a file or a test behaves exactly like a microphone.
 *
 * The free-text pass takes hundreds of ms, so it runs off the main thread (engine.transcribe); audio
 * that arrives meanwhile waits in a queue and is processed, in order, once the command is decided — the
 * events are exactly those of a synchronous session, only later. Everything else (VAD, keyword
 * spotting, the grammar) costs about a millisecond per 20 ms chunk and runs in write().
 */
import type { Intent, LanguageCode, Transcript } from '../../../shared/types';
import { toMambaError } from '../../../shared/errors';
import type { SpeechEngine, SpeechStream } from '../../engines/speech/types';
import { createVadGate, concat, loudMs, type VadOptions, type VadSegment } from '../../engines/speech/vad';
import { SPEECH_RATE } from '../../platform/wav';
import { judgeGrammarPass, openCommandStream } from './commandUtterance';
import { parseIntent, WAKE_WORDS, type CommandLang } from './intentRouter';

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
  /** Feed 16 kHz mono Int16 PCM, any chunk size. Returns at once (see settled()). */
  write(pcm16k: Int16Array): void;
  /** End of input: finishes a command in progress; resolves once its events are out. */
  end(): Promise<void>;
  /** Resolves when all audio written so far has been processed and its events emitted. */
  settled(): Promise<void>;
  close(): void;
  readonly state: 'listening' | 'command' | 'closed';
}

/** Speech after the wake word shorter than this is not a command (a breath, the wake word's echo). */
const MIN_COMMAND_MS = 150;
/** The queue yields to the event loop after this much work (ms), so the main process never waits long. */
const SLICE_MS = 4;
/** Most audio handed to a decoder in one piece of work (20 ms). */
const REPLAY_CHUNK = 320;

/** Queued work, in the order the audio came: gated speech, the time that passed, the end of input. */
type Work =
  | { kind: 'speech'; seg: VadSegment }
  /** Audio for the command decoder (the wake word's utterance so far, fed in chunks). */
  | { kind: 'command'; pcm: Int16Array }
  | { kind: 'endOfSpeech' }
  | { kind: 'tick'; samples: number; inSpeech: boolean }
  | { kind: 'endCommand' }
  | { kind: 'endTimeout' };

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
  // The command audio starts at the wake word's *start* (its end is less exact): the grammar lets it be.
  const openCommand = () => openCommandStream(engine, lang);
  let command: SpeechStream | null = null;

  let state: VoiceSession['state'] = requireWake ? 'listening' : 'command';
  let utterance: Int16Array[] = []; // audio of the current listening utterance (for the after-wake tail)
  let cmdAudio: Int16Array[] = []; // audio since the command began
  let cmdSamples = 0;
  let sinceWake = 0; // samples (all audio, silence too) since the wake word
  let heard = false; // the command has had speech
  let wakeTail = 0; // samples of the wake word itself at the start of cmdAudio
  let lastPartial = '';
  const queue: Work[] = [];
  /** A free-text decode in flight: the queue waits for it. */
  let busy = false;
  let waiters: (() => void)[] = [];

  /** After the wake word: the command decoder gets the utterance from the wake word on (queued first). */
  function startCommand(tail: Int16Array, wakeLength: number, endsHere: boolean) {
    state = 'command';
    wakeTail = wakeLength;
    cmdAudio = [];
    cmdSamples = 0;
    sinceWake = 0;
    heard = false;
    lastPartial = '';
    command = openCommand();
    const first: Work[] = [];
    for (let i = 0; i < tail.length; i += REPLAY_CHUNK) first.push({ kind: 'command', pcm: tail.subarray(i, i + REPLAY_CHUNK) });
    if (endsHere) first.push({ kind: 'endOfSpeech' });
    queue.unshift(...first);
  }

  function feedCommand(pcm: Int16Array) {
    if (!command) command = openCommand();
    cmdAudio.push(pcm);
    cmdSamples += pcm.length;
    command.accept(pcm);
    const p = command.partial();
    if (p && p !== lastPartial) emit({ type: 'partial', text: (lastPartial = p) });
  }

  /**
   * The speaker stopped: decide what was said, then `done(true)`, or `done(false)` when there was
   * nothing to decode. With free text, `done` runs after the off-thread decode (the queue waits).
   */
  function finishCommand(done: (emitted: boolean) => void): void {
    if (!command) return done(false);
    const audio = concat(cmdAudio);
    // Only the wake word (and the pause after it) so far: keep waiting for the command.
    if (loudMs(audio, wakeTail, SPEECH_RATE) < MIN_COMMAND_MS) return done(false);
    const t0 = performance.now();
    const fromGrammar = command.finish();
    const decided = (transcript: Transcript) => {
      transcript = { ...transcript, ms: Math.round(performance.now() - t0) };
      if (!transcript.text) return done(false);
      emit({ type: 'command', transcript, intent: parseIntent(transcript.text, { lang, source: 'voice' }) });
      done(true);
    };
    // Free text (what to translate) or something outside the grammar: the full language model, on a
    // worker thread, from the grammar-timed "translate" (commandUtterance.ts says why).
    const j = judgeGrammarPass(fromGrammar, command.words?.() ?? [], { lang, wakeEnd: wakeTail, length: audio.length });
    if (j.done) return decided(j.done);
    const lm = j.lm;
    busy = true;
    engine.transcribe(audio.subarray(lm.from), SPEECH_RATE).then(
      (t) => resume(() => decided(lm.combine(t).transcript)),
      (e) => resume(() => {
        throw e;
      }),
    );
  }

  /** After an off-thread decode: carry on where the session stopped, then with the queued audio. */
  function resume(then: () => void) {
    busy = false;
    if (state === 'closed') return;
    guarded(then);
    run();
  }

  /** An engine failure is an 'error' event, and the session listens again. */
  function guarded(f: () => void) {
    try {
      f();
    } catch (e) {
      const err = toMambaError(e);
      emit({ type: 'error', code: err.code, message: err.message });
      backToListening();
    }
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
        startCommand(all.subarray(Math.min(at.start, all.length)), at.end - at.start, end);
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
    finishCommand((emitted) => {
      if (emitted || !requireWake) return backToListening();
      // Keep the grammar stream for the rest of the command; drop the non-speech tail.
      command?.close();
      command = null;
      cmdAudio = [];
      cmdSamples = 0;
      heard = false;
      wakeTail = 0;
    });
  }

  function handle(w: Work) {
    switch (w.kind) {
      case 'speech':
        return onSpeech(w.seg.pcm, w.seg.start, w.seg.end);
      case 'command':
        if (state === 'command') feedCommand(w.pcm);
        return;
      case 'endOfSpeech':
        return endOfSpeech();
      case 'tick':
        if (state !== 'command' || !requireWake) return;
        sinceWake += w.samples;
        if (sinceWake >= timeoutSamples && !w.inSpeech && !heard) {
          emit({ type: 'timeout' });
          backToListening();
        } else if (sinceWake >= timeoutSamples + maxCommand) {
          // speech went on far too long after the wake word: decode what there is or give up
          finishCommand((emitted) => {
            if (!emitted) emit({ type: 'timeout' });
            backToListening();
          });
        }
        return;
      case 'endCommand':
        if (state === 'command' && command && cmdSamples) endOfSpeech();
        return;
      case 'endTimeout':
        if (state === 'command' && requireWake) {
          emit({ type: 'timeout' });
          backToListening();
        }
    }
  }

  let sliceScheduled = false;
  /**
   * Work through the queue until it is empty or a free-text decode is in flight; after SLICE_MS the
   * rest runs in a later turn of the event loop (a wake word replays up to a second of audio).
   */
  function run() {
    const t0 = performance.now();
    while (!busy && queue.length && state !== 'closed') {
      if (performance.now() - t0 > SLICE_MS) {
        if (!sliceScheduled) {
          sliceScheduled = true;
          setImmediate(() => {
            sliceScheduled = false;
            run();
          });
        }
        return;
      }
      const w = queue.shift() as Work;
      guarded(() => handle(w));
    }
    if ((busy || queue.length) && state !== 'closed') return;
    const ws = waiters;
    waiters = [];
    for (const f of ws) f();
  }

  /** In 20 ms pieces (the gate releases its 250 ms pre-roll at once), so that the queue can yield between them. */
  function enqueueSpeech(seg: VadSegment) {
    for (let i = 0; i < seg.pcm.length || i === 0; i += REPLAY_CHUNK) {
      const pcm = seg.pcm.subarray(i, i + REPLAY_CHUNK);
      const last = i + REPLAY_CHUNK >= seg.pcm.length;
      queue.push({ kind: 'speech', seg: { pcm, start: seg.start && i === 0, end: seg.end && last, at: seg.at + i } });
    }
  }

  const settled = (): Promise<void> => (busy || queue.length ? new Promise<void>((r) => waiters.push(r)) : Promise.resolve());

  return {
    write(pcm) {
      if (state === 'closed' || !pcm.length) return;
      for (const seg of gate.push(pcm)) enqueueSpeech(seg);
      queue.push({ kind: 'tick', samples: pcm.length, inSpeech: gate.inSpeech });
      run();
    },
    end() {
      if (state === 'closed') return Promise.resolve();
      for (const seg of gate.flush()) enqueueSpeech(seg);
      queue.push({ kind: 'endCommand' }, { kind: 'endTimeout' });
      run();
      return settled();
    },
    settled,
    close() {
      command?.close();
      for (const s of spotters) s.close();
      state = 'closed';
      queue.length = 0;
      run(); // releases anyone waiting in settled()/end()
    },
    get state() {
      return state;
    },
  };
}
