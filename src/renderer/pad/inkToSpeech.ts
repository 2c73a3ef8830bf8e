/**
 * From the pad's line to speech: Translate & speak (translate.text with speak: one request, the
 * translation is shown with its quality note and played), Speak (the line as written), Copy
 * translation, and the language swap.
 */
import type { TranslateResult } from '../../shared/contract';
import type { LanguageCode } from '../../shared/types';
import type { Client } from '../api';
import { playSpeech } from '../audio';
import { byId } from '../dom';
import { languageName } from '../../shared/languageNames';
import { toast, toastError } from '../toasts';
import { copyText } from './clipboard';
import { forTranslation } from './lineText';

export interface InkToSpeechHooks {
  line(): string;
  setLine(text: string): void;
  from: HTMLSelectElement;
  to: HTMLSelectElement;
  /** Refill the targets for the current source (after a swap). */
  refillTargets(): void;
  /** Commit the word still on the pad, if any, before translating. */
  commitPending(): Promise<void>;
}

/** What the note under a translation says: Apertium translates word by word. */
export function qualityNote(t: Pick<TranslateResult, 'quality' | 'via'>): string {
  return t.quality === 'pivot' && t.via
    ? `Translated through ${languageName(t.via)}, word by word (Apertium): rougher than a direct pair. Check anything important.`
    : 'Word-for-word translation (Apertium): fine for the gist. Check anything important.';
}

export class InkToSpeech {
  private readonly translateBtn = byId<HTMLButtonElement>('pad-translate-speak');
  private readonly speakBtn = byId<HTMLButtonElement>('pad-speak');
  private readonly swapBtn = byId<HTMLButtonElement>('pad-swap');
  private readonly box = byId('pad-translation');
  private readonly boxText = byId('pad-translation-text');
  private readonly note = byId('pad-translation-note');
  private last: { text: string; lang: LanguageCode } | null = null;
  private busy = false;
  private hasText = false;

  constructor(
    private readonly api: Client,
    private readonly hooks: InkToSpeechHooks,
  ) {
    this.translateBtn.addEventListener('click', () => void this.translateAndSpeak());
    this.speakBtn.addEventListener('click', () => void this.say(this.hooks.line(), this.hooks.from.value));
    this.swapBtn.addEventListener('click', () => this.swap());
    byId('pad-translation-speak').addEventListener('click', () => {
      if (this.last) void this.say(this.last.text, this.last.lang);
    });
    byId('pad-copy-translation').addEventListener('click', () => void copyText(this.last?.text ?? '', 'the translation'));
    hooks.to.addEventListener('change', () => this.updateSwap());
  }

  setHasText(has: boolean): void {
    this.hasText = has;
    this.translateBtn.disabled = this.busy || !has;
    this.speakBtn.disabled = !has;
  }

  hideTranslation(): void {
    this.last = null;
    this.box.hidden = true;
    this.note.hidden = true;
  }

  async say(text: string, lang: LanguageCode): Promise<void> {
    if (!text.trim()) return;
    try {
      await playSpeech(await this.api.invoke('tts.speak', { text, lang }));
    } catch (e) {
      toastError(e, 'Could not speak');
    }
  }

  /** One step: commit what is on the pad, translate the line, show it and speak it. */
  async translateAndSpeak(): Promise<void> {
    if (this.busy) return;
    await this.hooks.commitPending();
    const text = this.hooks.line().trim();
    if (!text) {
      toast('info', 'Nothing to translate yet.', 'Write a word on the pad, or type in the line.');
      return;
    }
    const from = this.hooks.from.value;
    const to = this.hooks.to.value;
    if (!to) {
      toast('error', `No translation from ${languageName(from)} is installed.`, 'Install an Apertium pair (see docs/translate-and-speak.md) or choose another language.');
      return;
    }
    this.busy = true;
    this.translateBtn.disabled = true;
    this.translateBtn.setAttribute('aria-busy', 'true');
    try {
      const t = await this.api.invoke('translate.text', { text: forTranslation(text), from, to, speak: true });
      this.last = { text: t.text, lang: t.to };
      this.boxText.textContent = t.text;
      this.boxText.lang = t.to;
      this.box.hidden = false;
      this.box.dataset.quality = t.quality;
      this.note.textContent = qualityNote(t);
      this.note.hidden = false;
      if (t.speech) {
        // What was spoken, for people (title) and tests (data-spoken).
        this.box.dataset.spoken = t.speech.lang;
        void playSpeech(t.speech);
      } else delete this.box.dataset.spoken;
    } catch (e) {
      toastError(e, 'Could not translate');
    } finally {
      this.busy = false;
      this.translateBtn.removeAttribute('aria-busy');
      this.setHasText(this.hasText);
    }
  }

  /** Can the pair be turned round? (The target must be a language the pad can be written in.) */
  updateSwap(): void {
    const { from, to } = this.hooks;
    const ok = !!to.value && [...from.options].some((o) => o.value === to.value);
    this.swapBtn.disabled = !ok;
    this.swapBtn.title = ok ? `Swap: write in ${languageName(to.value)}, translate to ${languageName(from.value)} (Ctrl+Shift+S)` : 'Swap languages: no pair back is installed';
  }

  /** Swap the languages; a translation on screen becomes the line, ready to translate back. */
  swap(): void {
    const { from, to } = this.hooks;
    const a = from.value;
    const b = to.value;
    if (!b || ![...from.options].some((o) => o.value === b)) return;
    from.value = b;
    this.hooks.refillTargets();
    if ([...to.options].some((o) => o.value === a)) to.value = a;
    this.updateSwap();
    if (this.last && this.last.lang === b) {
      this.hooks.setLine(this.last.text);
      this.hideTranslation();
    }
    toast('info', `Now writing in ${languageName(b)}, translating to ${languageName(to.value)}.`);
  }
}
