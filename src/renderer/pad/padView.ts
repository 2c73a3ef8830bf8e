/**
 * The Write tab: ink pad -> handwriting.recognize (after the pen rests, or on demand) ->
 * recognised characters with confidence -> alternatives/correction (handwriting.correct) ->
 * speak (tts.speak) / translate (translate.text).
 */
import type { HandwritingModelId, LanguageCode, RecognizedChar } from '../../shared/types';
import type { PadRecognition } from '../../shared/contract';
import type { Client } from '../api';
import { playSpeech } from '../audio';
import { byId, h } from '../dom';
import { toast, toastError } from '../toasts';
import { InkPad } from './ink';
import { AlternativesPopover } from './alternatives';

/** How long the pen must rest before the pad recognises by itself. */
export const AUTO_RECOGNIZE_MS = 900;

export class PadView {
  readonly ink: InkPad;
  private timer: number | undefined;
  /** Bumped on every new stroke/clear so late answers for older ink are dropped. */
  private generation = 0;
  private recognition: PadRecognition | null = null;
  private readonly popover: AlternativesPopover;
  private readonly model = byId<HTMLSelectElement>('pad-model');
  private readonly lang = byId<HTMLSelectElement>('pad-lang');
  private readonly to = byId<HTMLSelectElement>('pad-to');
  private readonly text = byId('pad-text');
  private readonly meta = byId('pad-meta');
  private readonly busy = byId('pad-busy');
  private readonly hint = byId('pad-hint');
  private readonly speakBtn = byId<HTMLButtonElement>('pad-speak');
  private readonly translateBtn = byId<HTMLButtonElement>('pad-translate');
  private readonly translation = byId('pad-translation');
  private readonly translationText = byId('pad-translation-text');
  private lastTranslation: { text: string; lang: LanguageCode } | null = null;

  constructor(private readonly api: Client) {
    const canvas = byId<HTMLCanvasElement>('pad');
    this.ink = new InkPad(canvas, {
      onStrokeStart: () => {
        this.generation++;
        window.clearTimeout(this.timer);
        this.popover.close();
      },
      onStrokeEnd: () => this.schedule(),
      onChange: (n) => {
        this.hint.hidden = n > 0;
      },
    });
    this.popover = new AlternativesPopover((wordIndex, charIndex, char) => this.correct(wordIndex, charIndex, char));
    byId('pad-undo').addEventListener('click', () => this.undo());
    byId('pad-clear').addEventListener('click', () => this.clear());
    byId('pad-recognize').addEventListener('click', () => void this.recognize());
    this.speakBtn.addEventListener('click', () => void this.speak());
    this.translateBtn.addEventListener('click', () => void this.translate());
    byId('pad-translation-speak').addEventListener('click', () => {
      if (this.lastTranslation) void this.say(this.lastTranslation.text, this.lastTranslation.lang);
    });
    this.model.addEventListener('change', () => {
      if (!this.ink.isEmpty()) void this.recognize();
    });
    canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        this.clear();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        void this.recognize();
      }
    });
  }

  setModel(m: HandwritingModelId): void {
    this.model.value = m;
  }

  get currentText(): string {
    return this.recognition?.text ?? '';
  }

  undo(): void {
    this.generation++;
    window.clearTimeout(this.timer);
    this.ink.undo();
    if (!this.ink.isEmpty()) this.schedule();
    else this.showNothing();
  }

  clear(): void {
    this.generation++;
    window.clearTimeout(this.timer);
    this.ink.clear();
    this.showNothing();
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.recognize(), AUTO_RECOGNIZE_MS);
  }

  /** Send the ink to the real engine. An empty pad goes too: main answers with the reason. */
  async recognize(): Promise<void> {
    window.clearTimeout(this.timer);
    const gen = ++this.generation;
    this.popover.close();
    this.busy.hidden = false;
    try {
      const r = await this.api.invoke('handwriting.recognize', {
        drawing: this.ink.toDrawing(),
        model: this.model.value as HandwritingModelId,
      });
      if (gen !== this.generation) return; // the user kept writing; a newer answer will come
      this.show(r);
    } catch (e) {
      if (gen === this.generation) toastError(e, 'Could not recognise the writing');
    } finally {
      if (gen === this.generation) this.busy.hidden = true;
    }
  }

  private showNothing(): void {
    this.recognition = null;
    this.text.classList.add('empty');
    this.text.replaceChildren('Nothing yet: write a word above.');
    this.meta.textContent = '';
    this.speakBtn.disabled = true;
    this.translateBtn.disabled = true;
    this.translation.hidden = true;
    this.ink.highlight(null);
    this.popover.close();
  }

  private show(r: PadRecognition): void {
    this.recognition = r;
    this.translation.hidden = true;
    const empty = !r.text.trim();
    this.text.classList.toggle('empty', empty);
    this.meta.textContent = `${r.model === 'letters' ? 'letters' : 'letters + digits'} · ${r.backend} · ${Math.round(r.ms)} ms`;
    this.speakBtn.disabled = empty;
    this.translateBtn.disabled = empty;
    if (empty) {
      this.text.replaceChildren('No characters found.');
      return;
    }
    this.text.setAttribute('aria-label', `Recognised: ${r.text}`);
    this.text.dataset.text = r.text;
    this.text.replaceChildren(
      ...r.words.map((w, wi) => h('span', { class: 'word' }, ...w.chars.map((c, ci) => this.charButton(c, wi, ci)))),
    );
  }

  private charButton(c: RecognizedChar, wi: number, ci: number): HTMLButtonElement {
    const pct = Math.round(c.confidence * 100);
    const level = c.confidence >= 0.8 ? 'high' : c.confidence >= 0.5 ? 'mid' : 'low';
    const bar = h('span');
    bar.style.width = `${pct}%`; // CSSOM, allowed under style-src 'self'
    const btn = h(
      'button',
      {
        type: 'button',
        class: 'char',
        'data-conf': level,
        'data-char': c.char,
        'aria-haspopup': 'dialog',
        'aria-expanded': 'false',
        'aria-label': `${c.char}, ${pct}% sure. Show alternatives.`,
        title: `${pct}% sure: click for alternatives`,
      },
      c.char,
      h('span', { class: 'conf', 'aria-hidden': 'true' }, bar),
    );
    btn.addEventListener('click', () => this.popover.open(btn, c, wi, ci));
    btn.addEventListener('mouseenter', () => this.ink.highlight(c.box));
    btn.addEventListener('focus', () => this.ink.highlight(c.box));
    btn.addEventListener('mouseleave', () => this.ink.highlight(null));
    btn.addEventListener('blur', () => this.ink.highlight(null));
    return btn;
  }

  /** Apply a correction here and save it as a labelled sample in main. */
  private async correct(wordIndex: number, charIndex: number, char: string): Promise<void> {
    const r = this.recognition;
    if (!r) return;
    const old = r.words[wordIndex]?.chars[charIndex];
    if (!old) return;
    try {
      const res = await this.api.invoke('handwriting.correct', { recognitionId: r.recognitionId, wordIndex, charIndex, correctChar: char });
      // Keep the alternatives (the user may change their mind); mark the char as certain.
      const alts = [{ char, confidence: 1 }, ...old.alternatives.filter((a) => a.char !== char)].slice(0, 3);
      r.words[wordIndex].chars[charIndex] = { ...old, char, confidence: 1, alternatives: alts };
      r.words[wordIndex].text = r.words[wordIndex].chars.map((c) => c.char).join('');
      r.text = res.text || r.words.map((w) => w.text).join(' ');
      this.show(r);
      const btn = this.text.querySelectorAll<HTMLButtonElement>('.word')[wordIndex]?.querySelectorAll<HTMLButtonElement>('.char')[charIndex];
      if (btn) {
        btn.dataset.corrected = 'true';
        btn.focus();
      }
      toast('info', `Corrected “${old.char}” to “${char}”.`, 'Saved as a sample for personal training.');
    } catch (e) {
      toastError(e, 'Could not save the correction');
    }
  }

  private async speak(): Promise<void> {
    if (this.currentText) await this.say(this.currentText, this.lang.value);
  }

  private async say(text: string, lang: LanguageCode): Promise<void> {
    try {
      const audio = await this.api.invoke('tts.speak', { text, lang });
      await playSpeech(audio);
    } catch (e) {
      toastError(e, 'Could not speak');
    }
  }

  private async translate(): Promise<void> {
    const text = this.currentText;
    if (!text) return;
    this.translateBtn.disabled = true;
    try {
      // The letters model answers in capitals; Apertium treats all-caps words as unknown names.
      const t = await this.api.invoke('translate.text', { text: text.toLowerCase(), from: this.lang.value, to: this.to.value });
      this.lastTranslation = { text: t.text, lang: t.to };
      this.translationText.textContent = t.text;
      this.translationText.lang = t.to;
      this.translation.hidden = false;
      if (t.speech) void playSpeech(t.speech);
    } catch (e) {
      toastError(e, 'Could not translate');
    } finally {
      this.translateBtn.disabled = !this.currentText;
    }
  }
}
