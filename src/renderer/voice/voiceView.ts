/**
 * The Voice tab: mic button (one command) or always-listen; streams 16 kHz chunks over
 * voice.audio and shows what main's voice session reports: wake word, partial words,
 * the command and its intent, Mamba's reply.
 */
import type { AssistantReply } from '../../shared/contract';
import type { Intent } from '../../shared/types';
import type { Client } from '../api';
import { playSpeech } from '../audio';
import { byId, bytesToBase64, h } from '../dom';
import { toast, toastError } from '../toasts';
import { MicCapture } from './micCapture';

type EventKind = 'wake' | 'partial' | 'command' | 'confirm' | 'rejected' | 'reply' | 'timeout' | 'error';

const INTENT_LABEL: Record<Intent['name'], string> = {
  read_this: 'read this',
  translate_text: 'translate',
  read_written: 'read what I wrote',
  translate_written: 'translate what I wrote',
  repeat: 'repeat',
  stop: 'stop',
  time: 'the time',
  thanks: 'thanks',
  read_originals: 'read the originals',
  read_translations: 'read the translations',
  unknown: 'not understood',
};

export interface VoiceHooks {
  /** The assistant wants a webcam photo ("Mamba, read this"). */
  onCaptureRequest(): void;
  /** Current input language ('en' | 'es'). */
  lang(): 'en' | 'es';
  /** The microphone opened or closed (the top bar's indicator). */
  onListening(on: boolean): void;
  /** The user turned "Always listen" on or off (remembered in settings). */
  onAlwaysListen(on: boolean): void;
}

export class VoiceView {
  private readonly mic: MicCapture;
  private readonly button = byId<HTMLButtonElement>('mic-button');
  private readonly label = byId('mic-label');
  private readonly level = byId<HTMLMeterElement>('mic-level');
  private readonly state = byId('voice-state');
  private readonly always = byId<HTMLInputElement>('voice-always');
  private readonly events = byId<HTMLOListElement>('voice-events');
  private partialRow: HTMLLIElement | null = null;
  private sending = 0;
  private chunkErrorShown = false;
  private listening = false;

  constructor(
    private readonly api: Client,
    private readonly hooks: VoiceHooks,
  ) {
    this.mic = new MicCapture((c) => this.onChunk(c.pcm, c.rms));
    this.button.addEventListener('click', () => void this.toggle());
    this.always.addEventListener('change', () => {
      this.hooks.onAlwaysListen(this.always.checked);
      if (this.always.checked && !this.listening) void this.start();
      else if (!this.always.checked && this.listening) this.setState('Listening for one command…');
    });
    api.on('voice.wake', () => {
      this.setState('Heard “Mamba” — go on…', 'wake');
      this.addEvent('wake', 'Mamba');
    });
    api.on('voice.partial', ({ text }) => {
      if (!text) return;
      this.setState(`… ${text}`);
      if (!this.partialRow) this.partialRow = this.addEvent('partial', text);
      else this.partialRow.querySelector('.event-text')!.textContent = text;
    });
    api.on('voice.command', ({ transcript, intent }) => {
      this.partialRow?.remove();
      this.partialRow = null;
      this.addEvent('command', `“${transcript.text}” → ${INTENT_LABEL[intent.name] ?? intent.name}`, intent.name);
      this.setState(`Heard: “${transcript.text}”`, 'command');
      if (!this.always.checked) void this.stop();
    });
    api.on('voice.confirm', ({ transcript, intent }) => {
      // A guess: nothing happens until the user says or clicks yes.
      const row = this.addEvent('confirm', `Did you mean “${transcript.text}”?`, intent.name);
      const answer = (yes: boolean) => {
        for (const b of row.querySelectorAll('button')) b.disabled = true;
        void this.api.invoke('voice.answer', { yes }).catch((e: unknown) => toastError(e, 'Could not answer'));
      };
      const yes = h('button', { type: 'button', class: 'button primary small confirm-yes', text: 'Yes' });
      const no = h('button', { type: 'button', class: 'button small confirm-no', text: 'No' });
      yes.addEventListener('click', () => answer(true));
      no.addEventListener('click', () => answer(false));
      row.append(yes, no);
      this.setState(`Did you mean “${transcript.text}”? Say or click yes.`, 'wake');
    });
    api.on('voice.dismissed', () => {
      for (const b of this.events.querySelectorAll<HTMLButtonElement>('li[data-kind="confirm"] button')) b.disabled = true;
      this.setState('OK, not doing that.');
      if (!this.always.checked) void this.stop();
    });
    api.on('voice.rejected', ({ transcript }) => {
      this.addEvent('rejected', transcript.text ? `Not sure what “${transcript.text}” was.` : 'Not understood.');
      this.setState("Sorry, I didn't catch that. Try again.");
      if (!this.always.checked) void this.stop();
    });
    api.on('voice.timeout', () => {
      this.partialRow?.remove();
      this.partialRow = null;
      this.addEvent('timeout', 'No command heard.');
      this.setState('No command heard. Press the microphone to try again.');
      if (!this.always.checked) void this.stop();
    });
    api.on('assistant.reply', (r) => this.showReply(r));
  }

  get isListening(): boolean {
    return this.listening;
  }

  setAlwaysListen(on: boolean): void {
    this.always.checked = on;
  }

  async toggle(): Promise<void> {
    if (this.listening) await this.stop();
    else await this.start();
  }

  async start(): Promise<void> {
    if (this.listening) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      toast('error', 'This window has no microphone access.', 'Open Mamba from the app, or from http://127.0.0.1 in a browser.');
      return;
    }
    this.listening = true;
    this.setPressed(true);
    this.setState('Starting the microphone…');
    try {
      await this.api.invoke('voice.start', { lang: this.hooks.lang() });
      await this.mic.start();
      this.chunkErrorShown = false;
      this.setState(this.always.checked ? 'Listening for “Mamba”…' : 'Listening — say “Mamba, …”');
    } catch (e) {
      this.listening = false;
      this.setPressed(false);
      await this.mic.stop();
      await this.api.invoke('voice.stop').catch(() => undefined);
      this.setState('Press the microphone, then say “Mamba, what time is it?”');
      if (e instanceof DOMException) {
        toast(
          'error',
          e.name === 'NotAllowedError' ? 'Mamba may not use the microphone.' : e.name === 'NotFoundError' ? 'No microphone was found.' : `Could not start the microphone (${e.name}).`,
          e.name === 'NotAllowedError' ? 'Allow microphone access for Mamba in your system or browser settings.' : 'Connect a microphone, then try again.',
        );
      } else toastError(e, 'Could not start listening');
    }
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    this.setPressed(false);
    this.level.value = 0;
    await this.mic.stop();
    try {
      await this.api.invoke('voice.stop');
    } catch (e) {
      toastError(e, 'Could not stop listening');
    }
    if (this.state.dataset.kind !== 'command') this.setState('Press the microphone, then say “Mamba, what time is it?”');
  }

  /** A reply to a typed command or from the voice session: show, speak, act. */
  showReply(r: AssistantReply): void {
    if (r.say) this.addEvent('reply', r.say);
    if (r.speech) void playSpeech(r.speech);
    if (r.action === 'capture.webcam') this.hooks.onCaptureRequest();
  }

  private onChunk(pcm: Int16Array, rms: number): void {
    this.level.value = Math.min(1, rms * 4);
    if (!this.listening) return;
    // Chunks are sent without waiting for each answer; too many in flight means main is stuck.
    if (this.sending > 20) return;
    this.sending++;
    const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    this.api
      .invoke('voice.audio', { pcmBase64: bytesToBase64(bytes) })
      .catch((e: unknown) => {
        if (!this.chunkErrorShown) {
          this.chunkErrorShown = true;
          toastError(e, 'Listening failed');
          void this.stop();
        }
      })
      .finally(() => this.sending--);
  }

  private setPressed(on: boolean): void {
    this.hooks.onListening(on);
    this.button.setAttribute('aria-pressed', String(on));
    this.label.textContent = on ? 'Stop listening' : 'Start listening';
    this.button.title = on ? 'Stop listening (Alt+M)' : 'Listen (Alt+M)';
  }

  private setState(text: string, kind?: 'wake' | 'command'): void {
    this.state.textContent = text;
    if (kind) this.state.dataset.kind = kind;
    else delete this.state.dataset.kind;
  }

  private addEvent(kind: EventKind, text: string, detail?: string): HTMLLIElement {
    const li = h(
      'li',
      { 'data-kind': kind, ...(detail ? { 'data-intent': detail } : {}) },
      h('span', { class: 'badge', 'data-kind': kind, text: kind }),
      h('span', { class: 'event-text', text }),
    );
    this.events.append(li);
    while (this.events.children.length > 30) this.events.firstElementChild?.remove();
    li.scrollIntoView({ block: 'nearest' });
    return li;
  }
}
