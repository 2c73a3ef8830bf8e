/**
 * The voice loop: PCM in (16 kHz mono), events out.
 *   VAD gate (sample-counted, so a file or a test behaves exactly like a microphone) cuts utterances
 *   -> each utterance goes through the one command decode (decodeCommandUtterance: the wake word as the
 *   grammar's first word, the command grammar, a phone-loop garbage model, a confidence; the language
 *   model for free text), off the main thread
 *   -> 'wake' + 'command' (sure), 'wake' + 'confirm' (a guess: the UI asks "Did you mean …?", and a
 *   spoken or clicked yes gives the 'command'), 'wake' + 'rejected' (the wake word was heard, the rest
 *   not: "Sorry, I didn't catch that"), or nothing (not addressed to Mamba).
 * "Mamba" alone: 'wake', then the next utterance is the command (the wake word optional there).
 * Audio that arrives while an utterance is decoded waits in a queue and is processed in order, so the
 * events depend on the audio only, never on how busy the machine is.
 */
import type { Intent, LanguageCode, Transcript } from '../../../shared/types';
import { toMambaError } from '../../../shared/errors';
import type { SpeechEngine } from '../../engines/speech/types';
import { createVadGate, concat, type VadOptions } from '../../engines/speech/vad';
import { SPEECH_RATE } from '../../platform/wav';
import { decodeAnswer, decodeCommandUtterance, type CommandReading } from './commandUtterance';
import { parseIntent, type CommandLang } from './intentRouter';

export type VoiceEvent =
  | { type: 'wake' }
  /** Kept for listeners of older sessions; this session decodes whole utterances and sends none. */
  | { type: 'partial'; text: string }
  | { type: 'command'; transcript: Transcript; intent: Intent; confirmed?: boolean }
  /** A guess: ask "Did you mean '<transcript.text>'?"; a 'command' (yes) or 'dismissed' (no, silence) follows. */
  | { type: 'confirm'; transcript: Transcript; intent: Intent }
  | { type: 'dismissed' }
  /** The wake word was heard but not the command. */
  | { type: 'rejected'; transcript: Transcript }
  | { type: 'timeout' }
  | { type: 'error'; code: string; message: string };

export interface VoiceSessionOptions {
  onEvent: (e: VoiceEvent) => void;
  /** Command language (default: the engine's). 'es' adds the Spanish wake word and commands. */
  lang?: LanguageCode;
  /** false: every utterance is a command (push-to-talk). Default true. */
  requireWake?: boolean;
  /** Audio time after the wake word (or the question) with no speech before giving up (default 5000 ms). */
  commandTimeoutMs?: number;
  /** Longest utterance (default 10000 ms): decoded as it is when reached. */
  maxCommandMs?: number;
  vad?: VadOptions;
}

export interface VoiceSession {
  /** Feed 16 kHz mono Int16 PCM, any chunk size. Returns at once (see settled()). */
  write(pcm16k: Int16Array): void;
  /** The answer to a 'confirm' clicked in the UI: true acts on the command, false drops it. */
  answer(yes: boolean): void;
  /** End of input: decodes an utterance in progress; resolves once its events are out. */
  end(): Promise<void>;
  /** Resolves when all audio written so far has been processed and its events emitted. */
  settled(): Promise<void>;
  close(): void;
  readonly state: 'listening' | 'command' | 'confirm' | 'closed';
}

type Work = { kind: 'utterance'; pcm: Int16Array } | { kind: 'tick'; samples: number; inSpeech: boolean } | { kind: 'answer'; yes: boolean };

export function createVoiceSession(engine: SpeechEngine, o: VoiceSessionOptions): VoiceSession {
  const lang: CommandLang = (o.lang ?? engine.lang) === 'es' ? 'es' : 'en';
  const requireWake = o.requireWake ?? true;
  const timeoutSamples = ((o.commandTimeoutMs ?? 5000) * SPEECH_RATE) / 1000;
  const maxSamples = ((o.maxCommandMs ?? 10000) * SPEECH_RATE) / 1000;
  // Utterances end at a shorter pause than the default gate's, to answer quickly.
  const gate = createVadGate(SPEECH_RATE, { hangoverMs: 300, ...o.vad });
  const emit = (e: VoiceEvent) => {
    try {
      o.onEvent(e);
    } catch {
      // a listener's bug must not stop the voice loop
    }
  };

  const idle = (): VoiceSession['state'] => (requireWake ? 'listening' : 'command');
  let state: VoiceSession['state'] = idle();
  let utterance: Int16Array[] = [];
  let uttSamples = 0;
  let sinceWake = 0; // samples since the wake word / the question, while waiting for speech
  let pending: { transcript: Transcript; intent: Intent } | null = null;
  const queue: Work[] = [];
  let busy = false;
  let waiters: (() => void)[] = [];

  const intentOf = (r: CommandReading) => parseIntent(r.transcript.text, { lang, source: 'voice' });

  /** A decoded command in the 'command' state (after the wake word, or push-to-talk). */
  function onCommand(r: CommandReading) {
    if (r.decision === 'reject' || !r.transcript.text) {
      emit({ type: 'rejected', transcript: r.transcript });
      state = idle();
      return;
    }
    const intent = intentOf(r);
    if (r.decision === 'confirm') {
      pending = { transcript: r.transcript, intent };
      emit({ type: 'confirm', ...pending });
      state = 'confirm';
      sinceWake = 0;
      return;
    }
    emit({ type: 'command', transcript: r.transcript, intent });
    state = idle();
  }

  function settleAnswer(yes: boolean | null) {
    const p = pending;
    pending = null;
    state = idle();
    if (p && yes) emit({ type: 'command', ...p, confirmed: true });
    else emit({ type: 'dismissed' });
  }

  /** One utterance, decided off the main thread; the queue waits meanwhile. */
  function decodeUtterance(pcm: Int16Array) {
    busy = true;
    const at = state;
    const job: Promise<() => void> =
      at === 'confirm'
        ? decodeAnswer(engine, pcm, SPEECH_RATE, { lang }).then((a) => () => settleAnswer(a === 'yes'))
        : decodeCommandUtterance(engine, pcm, SPEECH_RATE, { lang, wake: at === 'listening' ? 'required' : 'optional' }).then((r) => () => {
            if (at === 'command') return onCommand(r);
            if (!r.wake) return;
            emit({ type: 'wake' });
            state = 'command';
            sinceWake = 0;
            if (!r.wakeOnly) onCommand(r);
          });
    job.then(
      (f) => resume(f),
      (e) => resume(() => {
        throw e;
      }),
    );
  }

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
      pending = null;
      state = idle();
    }
  }

  function handle(w: Work) {
    switch (w.kind) {
      case 'utterance':
        return decodeUtterance(w.pcm);
      case 'answer':
        if (state === 'confirm') settleAnswer(w.yes);
        return;
      case 'tick':
        if (state === 'listening' || (state === 'command' && !requireWake)) return;
        if (w.inSpeech) return;
        sinceWake += w.samples;
        if (sinceWake < timeoutSamples) return;
        if (state === 'confirm') return settleAnswer(null);
        emit({ type: 'timeout' });
        state = idle();
    }
  }

  /** Work through the queue until it is empty or a decode is in flight. */
  function run() {
    while (!busy && queue.length && state !== 'closed') guarded(() => handle(queue.shift() as Work));
    if ((busy || queue.length) && state !== 'closed') return;
    const ws = waiters;
    waiters = [];
    for (const f of ws) f();
  }

  function cut() {
    if (uttSamples) queue.push({ kind: 'utterance', pcm: concat(utterance) });
    utterance = [];
    uttSamples = 0;
  }

  function take(segs: ReturnType<typeof gate.push>) {
    for (const seg of segs) {
      if (seg.start) cut();
      utterance.push(seg.pcm);
      uttSamples += seg.pcm.length;
      if (seg.end || uttSamples >= maxSamples) cut();
    }
  }

  const settled = (): Promise<void> => (busy || queue.length ? new Promise<void>((r) => waiters.push(r)) : Promise.resolve());

  return {
    write(pcm) {
      if (state === 'closed' || !pcm.length) return;
      take(gate.push(pcm));
      queue.push({ kind: 'tick', samples: pcm.length, inSpeech: gate.inSpeech });
      run();
    },
    answer(yes) {
      if (state === 'closed') return;
      queue.push({ kind: 'answer', yes });
      run();
    },
    end() {
      if (state === 'closed') return Promise.resolve();
      take(gate.flush());
      cut();
      run();
      return settled().then(() => {
        if (state === 'command' && requireWake) {
          emit({ type: 'timeout' });
          state = idle();
        } else if (state === 'confirm') settleAnswer(null);
      });
    },
    settled,
    close() {
      state = 'closed';
      queue.length = 0;
      const ws = waiters;
      waiters = [];
      for (const f of ws) f();
    },
    get state() {
      return state;
    },
  };
}
