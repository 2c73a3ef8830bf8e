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
type VadGate = ReturnType<typeof createVadGate>;

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
  let sinceWake = 0; // samples since the wake word / the question, while waiting for speech
  let pending: { transcript: Transcript; intent: Intent } | null = null;
  const queue = createWorkQueue<Work>((w) => guarded(() => handle(w)), () => state === 'closed');
  const cutter = createUtteranceCutter(gate, maxSamples, (pcm) => queue.push({ kind: 'utterance', pcm }));

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

  /** A decoded utterance while listening: the wake word (and the command said with it), or nothing. */
  function onListening(r: CommandReading) {
    if (!r.wake) return;
    emit({ type: 'wake' });
    state = 'command';
    sinceWake = 0;
    if (!r.wakeOnly) onCommand(r);
  }

  /** The answer to a 'confirm': yes acts on the pending command; no, or silence (null), drops it. */
  function settleAnswer(yes: boolean | null) {
    const p = pending;
    pending = null;
    state = idle();
    if (p && yes) emit({ type: 'command', ...p, confirmed: true });
    else emit({ type: 'dismissed' });
  }

  /** One utterance, decided off the main thread; the queue is held meanwhile. */
  function decodeUtterance(pcm: Int16Array) {
    queue.hold();
    const at = state;
    const job: Promise<() => void> =
      at === 'confirm'
        ? decodeAnswer(engine, pcm, SPEECH_RATE, { lang }).then((a) => () => settleAnswer(a === 'yes'))
        : decodeCommandUtterance(engine, pcm, SPEECH_RATE, { lang, wake: at === 'listening' ? 'required' : 'optional' }).then((r) => () => (at === 'command' ? onCommand(r) : onListening(r)));
    job.then(
      (f) => resume(f),
      (e) => resume(() => {
        throw e;
      }),
    );
  }

  function resume(then: () => void) {
    queue.release();
    if (state === 'closed') return;
    guarded(then);
    queue.run();
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

  /** Audio time passing: after the wake word or a question, silence long enough gives up. */
  function onTick(samples: number, inSpeech: boolean) {
    if (state === 'listening' || (state === 'command' && !requireWake)) return;
    if (inSpeech) return;
    sinceWake += samples;
    if (sinceWake < timeoutSamples) return;
    if (state === 'confirm') return settleAnswer(null);
    emit({ type: 'timeout' });
    state = idle();
  }

  function handle(w: Work) {
    switch (w.kind) {
      case 'utterance':
        return decodeUtterance(w.pcm);
      case 'answer':
        if (state === 'confirm') settleAnswer(w.yes);
        return;
      case 'tick':
        return onTick(w.samples, w.inSpeech);
    }
  }

  return {
    write(pcm) {
      if (state === 'closed' || !pcm.length) return;
      cutter.write(pcm);
      queue.push({ kind: 'tick', samples: pcm.length, inSpeech: gate.inSpeech });
      queue.run();
    },
    answer(yes) {
      if (state === 'closed') return;
      queue.push({ kind: 'answer', yes });
      queue.run();
    },
    end() {
      if (state === 'closed') return Promise.resolve();
      cutter.flush();
      queue.run();
      return queue.settled().then(() => {
        if (state === 'command' && requireWake) {
          emit({ type: 'timeout' });
          state = idle();
        } else if (state === 'confirm') settleAnswer(null);
      });
    },
    settled: () => queue.settled(),
    close() {
      state = 'closed';
      queue.stop();
    },
    get state() {
      return state;
    },
  };
}

/** Audio -> utterances: the gate's speech segments joined, cut where the speech ends or at the longest utterance. */
function createUtteranceCutter(gate: VadGate, maxSamples: number, onUtterance: (pcm: Int16Array) => void): { write(pcm: Int16Array): void; flush(): void } {
  let parts: Int16Array[] = [];
  let samples = 0;
  const cut = (): void => {
    if (samples) onUtterance(concat(parts));
    parts = [];
    samples = 0;
  };
  const take = (segs: ReturnType<VadGate['push']>): void => {
    for (const seg of segs) {
      if (seg.start) cut();
      parts.push(seg.pcm);
      samples += seg.pcm.length;
      if (seg.end || samples >= maxSamples) cut();
    }
  };
  return {
    write: (pcm) => take(gate.push(pcm)),
    flush: () => {
      take(gate.flush());
      cut();
    },
  };
}

interface WorkQueue<W> {
  push(w: W): void;
  /** Handles queued items in order until the queue is empty, held or stopped; then wakes settled() waiters. */
  run(): void;
  /** Holds the queue (an utterance is being decoded) until release(). */
  hold(): void;
  release(): void;
  /** Resolves when every item pushed so far has been handled. */
  settled(): Promise<void>;
  /** Drops what is queued and wakes the waiters. */
  stop(): void;
}

/**
 * Work done one item at a time, in order: while an item holds the queue the rest waits, so the
 * events depend on the audio only, never on how busy the machine is.
 */
function createWorkQueue<W>(handle: (w: W) => void, stopped: () => boolean): WorkQueue<W> {
  const items: W[] = [];
  let held = false;
  let waiters: (() => void)[] = [];
  const wake = (): void => {
    const ws = waiters;
    waiters = [];
    for (const f of ws) f();
  };
  return {
    push(w) {
      items.push(w);
    },
    run() {
      while (!held && items.length && !stopped()) handle(items.shift() as W);
      if ((held || items.length) && !stopped()) return;
      wake();
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
    },
    settled: () => (held || items.length ? new Promise<void>((r) => waiters.push(r)) : Promise.resolve()),
    stop() {
      items.length = 0;
      wake();
    },
  };
}
