/**
 * Voice sessions over the contract, one per window/socket: voice.start -> voice.audio chunks
 * (16 kHz mono int16) -> the speech helper's voice session (wake word, command) -> events
 * voice.wake / voice.partial / voice.command, then the intent is performed and the reply
 * sent as assistant.reply.
 */
import { MambaError, toMambaError } from '../../../shared/errors';
import type { FlowContext } from '../flows/flowContext';
import type { VoiceSession } from './voiceSession';
import { runVoiceCommand } from '../flows/commandFlow';
import { asLang, phrase, type Lang } from './phrases';
import { speak } from '../flows/speakFlow';
import type { Intent, SpeechAudio } from '../../../shared/types';

/** Decode base64 little-endian int16 PCM into an aligned Int16Array. */
export function decodePcm16(base64: string): Int16Array {
  const buf = Buffer.from(base64, 'base64');
  if (buf.length % 2 !== 0) throw new MambaError('BAD_INPUT', 'Audio chunk has an odd number of bytes.', 'Send 16-bit PCM samples (2 bytes each).');
  const out = new Int16Array(buf.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2);
  return out;
}

export class VoiceSessions {
  private readonly sessions = new Map<string, { id: string; session: VoiceSession }>();
  private seq = 0;

  constructor(
    private readonly ctx: FlowContext,
    /** Make the speech engine use this language (reloads it if it differs). */
    private readonly useLanguage: (lang: Lang) => Promise<void>,
  ) {}

  /** Sessions running now (one per window or socket at most). */
  get count(): number {
    return this.sessions.size;
  }

  async start(clientId: string, lang?: Lang): Promise<{ sessionId: string }> {
    await this.stop(clientId);
    const l = lang ?? this.ctx.settings().languages.input;
    await this.useLanguage(l);
    const engine = await this.ctx.engines.get('speech');
    const { events } = this.ctx;
    const session = this.ctx.factories.voiceSession(engine, {
      lang: l,
      requireWake: this.ctx.settings().voice.wakeWord,
      onEvent: (e) => {
        switch (e.type) {
          case 'wake':
            return events.emit('voice.wake', {});
          case 'partial':
            return events.emit('voice.partial', { text: e.text });
          case 'timeout':
            return events.emit('voice.timeout', {});
          case 'dismissed':
            return events.emit('voice.dismissed', {});
          case 'confirm':
            // Nothing is done on a guess: Mamba says what it heard and waits for yes (spoken or clicked).
            events.emit('voice.confirm', { transcript: e.transcript, intent: e.intent });
            return void this.reply(e.intent, phrase('didYouMean', asLang(e.intent.lang)).replace('%s', e.transcript.text));
          case 'rejected':
            events.emit('voice.rejected', { transcript: e.transcript });
            return void this.reply({ name: 'unknown', lang: l, source: 'voice' }, phrase('notCaught', asLang(l)));
          case 'error':
            return events.emit('app.notice', { level: 'error', code: e.code, message: e.message });
          case 'command':
            events.emit('voice.command', { transcript: e.transcript, intent: e.intent });
            void runVoiceCommand(this.ctx, e.transcript, e.intent).then(
              (reply) => events.emit('assistant.reply', reply),
              (err) => events.emit('app.notice', { level: 'error', ...toMambaError(err).toJSON() }),
            );
        }
      },
    });
    const id = `voice-${++this.seq}`;
    this.sessions.set(clientId, { id, session });
    return { sessionId: id };
  }

  async audio(clientId: string, pcmBase64: string): Promise<{ accepted: number }> {
    const s = this.sessions.get(clientId);
    if (!s) throw new MambaError('BAD_INPUT', 'No voice session is running.', 'Call voice.start before sending audio.');
    const pcm = decodePcm16(pcmBase64);
    await s.session.write(pcm);
    return { accepted: pcm.length };
  }

  /** A clicked answer to voice.confirm. */
  async answer(clientId: string, yes: boolean): Promise<{ answered: boolean }> {
    const s = this.sessions.get(clientId);
    if (!s || s.session.state !== 'confirm') return { answered: false };
    s.session.answer(yes);
    await s.session.settled();
    return { answered: true };
  }

  /** Says `text` (shown, and spoken where a voice is installed) without acting. */
  private async reply(intent: Intent, text: string): Promise<void> {
    let speech: SpeechAudio | undefined;
    try {
      speech = await speak(this.ctx, { text, lang: asLang(intent.lang) });
    } catch {
      // shown without a voice; the TTS engine's status says why
    }
    this.ctx.events.emit('assistant.reply', { intent, say: text, ...(speech ? { speech } : {}) });
  }

  async stop(clientId: string): Promise<{ stopped: boolean }> {
    const s = this.sessions.get(clientId);
    if (!s) return { stopped: false };
    this.sessions.delete(clientId);
    try {
      await s.session.end(); // lets a command spoken right before "stop" still be recognised
    } finally {
      await s.session.close();
    }
    return { stopped: true };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((c) => this.stop(c).catch(() => undefined)));
  }
}
