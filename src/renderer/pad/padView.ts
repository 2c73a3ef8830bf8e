/**
 * The Write tab. Ink -> live recognition after every stroke (handwriting.recognize: word candidates
 * and per-character alternatives) -> commit on a pause, a tapped candidate, the space gesture or
 * Enter (handwriting.commit: one log entry) -> the editable line -> Translate & speak
 * (translate.text with speak), Speak, Copy, swap. docs/ui.md explains each choice.
 */
import { DEFAULT_PAD_SETTINGS, type LanguagePair, type PadCommitVia, type PadRecognition, type PadSettings, type Settings, type SettingsPatch } from '../../shared/contract';
import { ACCENT_PALETTE } from '../../shared/accents';
import type { HandwritingModelId, RecognizedChar } from '../../shared/types';
import { toApiError, type Client } from '../api';
import { byId, fillLanguageSelect, h } from '../dom';
import { toast, toastError } from '../toasts';
import { InkPad } from './ink';
import { AlternativesPopover } from './alternatives';
import { LiveRecognition } from './liveRecognition';
import { appendToLine, dropLastWord } from './lineText';
import { copyText } from './clipboard';
import { InkToSpeech } from './inkToSpeech';
import { isSpaceGesture } from './spaceGesture';

export class PadView {
  readonly ink: InkPad;
  private readonly live: LiveRecognition;
  private readonly speech: InkToSpeech;
  private readonly popover: AlternativesPopover;
  /** The answer for the ink on the pad (null: no ink, or not read yet). */
  private recognition: PadRecognition | null = null;
  private commitTimer: number | undefined;
  private padSettings: PadSettings = DEFAULT_PAD_SETTINGS;
  private languagesShown: string | null = null;
  private pairs: LanguagePair[] = [];
  private readonly model = byId<HTMLSelectElement>('pad-model');
  private readonly pause = byId<HTMLSelectElement>('pad-pause');
  private readonly onCommit = byId<HTMLSelectElement>('pad-on-commit');
  private readonly lang = byId<HTMLSelectElement>('pad-lang');
  private readonly to = byId<HTMLSelectElement>('pad-to');
  private readonly candidates = byId('pad-candidates');
  private readonly text = byId('pad-text');
  private readonly hint = byId('pad-hint');
  private readonly countdown = byId('pad-countdown');
  private readonly line = byId<HTMLInputElement>('pad-line');
  /** Where the palette inserts when the line is not focused (its last caret). */
  private caret: number | null = null;

  constructor(private readonly api: Client) {
    const canvas = byId<HTMLCanvasElement>('pad');
    this.ink = new InkPad(canvas, {
      onStrokeStart: () => {
        this.stopCountdown();
        this.popover.close();
      },
      onStrokeEnd: (at) => this.strokeEnded(at),
      onChange: (n) => {
        this.hint.hidden = n > 0;
      },
    });
    this.live = new LiveRecognition({
      recognize: () =>
        this.api.invoke('handwriting.recognize', { drawing: this.ink.toDrawing(), model: this.model.value as HandwritingModelId, lang: this.writtenIn() }),
      show: (r) => this.show(r),
      failed: (e) => this.failed(e),
      busy: (b) => this.candidates.toggleAttribute('aria-busy', b),
    });
    this.popover = new AlternativesPopover((wordIndex, charIndex, char) => void this.pickChar(wordIndex, charIndex, char));
    this.speech = new InkToSpeech(api, {
      line: () => this.line.value,
      setLine: (t) => this.setLine(t),
      from: this.lang,
      to: this.to,
      refillTargets: () => this.fillTargets(),
      commitPending: () => (this.ink.isEmpty() ? Promise.resolve() : this.commit('button')),
    });
    this.wire(canvas);
    this.fillPalette();
    this.showNothing();
    this.updateButtons();
  }

  // ---------------------------------------------------------------- wiring

  private wire(canvas: HTMLCanvasElement): void {
    byId('pad-undo').addEventListener('click', () => this.undo());
    byId('pad-clear').addEventListener('click', () => this.clear());
    byId('pad-commit').addEventListener('click', () => void this.commit('button'));
    byId('pad-copy').addEventListener('click', () => void copyText(this.line.value, 'the text'));
    byId('pad-line-clear').addEventListener('click', () => {
      this.setLine('');
      this.speech.hideTranslation();
      this.line.focus();
    });
    this.model.addEventListener('change', () => {
      void this.patch({ engines: { handwritingModel: this.model.value === 'letters' ? 'letters' : 'full' } });
      if (!this.ink.isEmpty()) this.live.inkChanged();
    });
    this.pause.addEventListener('change', () => void this.patch({ pad: { commitPauseMs: Number(this.pause.value) } }));
    this.onCommit.addEventListener('change', () => void this.patch({ pad: { onCommit: this.onCommit.value as PadSettings['onCommit'] } }));
    this.lang.addEventListener('change', () => {
      this.fillTargets();
      if (!this.ink.isEmpty()) this.live.inkChanged(); // candidates depend on the language (accents)
    });
    this.line.addEventListener('input', () => this.updateButtons());
    const keepCaret = () => (this.caret = this.line.selectionStart);
    this.line.addEventListener('blur', keepCaret);
    this.line.addEventListener('keyup', keepCaret);
    this.line.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        void this.speech.translateAndSpeak();
      }
    });
    canvas.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        void this.commit(e.key === ' ' ? 'space' : 'enter');
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        if (!this.ink.isEmpty()) this.clear();
        else if (e.key === 'Backspace') this.setLine(dropLastWord(this.line.value)); // like a keyboard: takes back the last word
      }
    });
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 's' && !byId('panel-write').hidden) {
        e.preventDefault();
        this.speech.swap();
      }
    });
  }

  private fillPalette(): void {
    const host = byId('pad-accents');
    host.replaceChildren(
      ...ACCENT_PALETTE.map((ch) => {
        const b = h('button', { type: 'button', class: 'accent-key', 'data-char': ch, title: `Insert ${ch}`, 'aria-label': `Insert ${ch}` }, ch);
        // Keep the line's caret: the button must not take focus on press.
        b.addEventListener('pointerdown', (e) => e.preventDefault());
        b.addEventListener('click', () => this.insertIntoLine(ch));
        return b;
      }),
    );
  }

  private insertIntoLine(ch: string): void {
    const v = this.line.value;
    const focused = document.activeElement === this.line;
    const at = focused ? (this.line.selectionStart ?? v.length) : (this.caret ?? v.length);
    const end = focused ? (this.line.selectionEnd ?? at) : at;
    if (at >= v.length && (ch === '¿' || ch === '¡')) this.setLine(appendToLine(v, ch)); // starts a new phrase
    else this.line.setRangeText(ch, at, end, 'end');
    this.line.focus();
    if (at < v.length || !(ch === '¿' || ch === '¡')) this.line.setSelectionRange(at + ch.length, at + ch.length);
    this.caret = this.line.selectionStart;
    this.updateButtons();
  }

  // ---------------------------------------------------------------- settings and languages (from index.ts)

  /** Settings arrived or changed: the pad's own choices, and its languages when those changed. */
  applySettings(s: Settings): void {
    this.padSettings = s.pad ?? DEFAULT_PAD_SETTINGS;
    this.model.value = s.engines.handwritingModel;
    this.pause.value = String(this.padSettings.commitPauseMs);
    if (this.pause.value !== String(this.padSettings.commitPauseMs))
      this.pause.append(h('option', { value: String(this.padSettings.commitPauseMs), text: `Add after ${this.padSettings.commitPauseMs / 1000} s` }));
    this.pause.value = String(this.padSettings.commitPauseMs);
    this.onCommit.value = this.padSettings.onCommit;
    // Only when the languages themselves changed: a swap on the pad survives other settings changes.
    const key = `${s.languages.input}>${s.languages.translateTo}`;
    if (key === this.languagesShown) return;
    this.languagesShown = key;
    if ([...this.lang.options].some((o) => o.value === s.languages.input)) this.lang.value = s.languages.input;
    this.fillTargets(s.languages.translateTo);
  }

  /** The installed translation pairs (index.ts asks main once). */
  setPairs(pairs: LanguagePair[], input?: string): void {
    this.pairs = pairs;
    this.languagesShown = null; // the next applySettings picks the languages from the filled lists
    const froms = [...new Set(pairs.map((p) => p.from))];
    fillLanguageSelect(this.lang, froms.length ? froms : ['en', 'es'], input);
    this.fillTargets();
  }

  /** Targets for the language written in; keeps the current one when it is still offered. */
  private fillTargets(want = this.to.value): void {
    const from = this.lang.value;
    fillLanguageSelect(this.to, [...new Set(this.pairs.filter((p) => p.from === from).map((p) => p.to))], want);
    this.speech.updateSwap();
  }

  private writtenIn(): 'en' | 'es' {
    return this.lang.value === 'es' ? 'es' : 'en';
  }

  private async patch(p: SettingsPatch): Promise<void> {
    try {
      await this.api.invoke('settings.set', p);
    } catch (e) {
      toastError(e, 'Could not save the setting');
    }
  }

  // ---------------------------------------------------------------- ink

  undo(): void {
    this.stopCountdown();
    this.ink.undo();
    if (this.ink.isEmpty()) this.clear();
    else {
      this.live.inkChanged();
      this.startCountdown();
    }
  }

  clear(): void {
    this.stopCountdown();
    this.ink.clear();
    this.live.reset();
    this.showNothing();
  }

  private strokeEnded(at: number): void {
    if (isSpaceGesture(this.ink.toDrawing().strokes)) {
      this.ink.undo(); // the gesture is not ink
      void this.commit('space');
      return;
    }
    this.stopCountdown();
    this.live.strokeEnded(at);
  }

  /**
   * The pen rests with the candidates for all of the ink on screen: commit when the pause is over
   * (a bar running out under the ink). Counted from the candidates, not the pen-up, so a slow first
   * answer (the model loading) never commits half a word.
   */
  private startCountdown(): void {
    this.stopCountdown();
    const ms = this.padSettings.commitPauseMs;
    if (!ms || this.ink.isEmpty() || this.ink.drawing) return;
    const bar = this.countdown.firstElementChild as HTMLElement;
    this.countdown.hidden = false;
    bar.style.transitionDuration = '0ms';
    bar.style.transform = 'scaleX(1)';
    void bar.offsetWidth; // restart the transition from full
    bar.style.transitionDuration = `${ms}ms`;
    bar.style.transform = 'scaleX(0)';
    this.commitTimer = window.setTimeout(() => void this.commit('pause'), ms);
  }

  private stopCountdown(): void {
    window.clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.countdown.hidden = true;
  }

  // ---------------------------------------------------------------- live results

  private showNothing(): void {
    this.recognition = null;
    this.candidates.replaceChildren();
    this.candidates.hidden = true;
    this.text.classList.add('empty');
    delete this.text.dataset.text;
    this.text.replaceChildren('Candidates appear as you write.');
    this.ink.highlight(null);
    this.popover.close();
  }

  /** Ink with nothing readable yet (a dot, specks) is normal while writing: no toast for it. */
  private failed(e: unknown): void {
    if (toApiError(e).code !== 'EMPTY_INPUT') return toastError(e, 'Could not read the writing');
    this.recognition = null;
    this.candidates.hidden = true;
    this.text.classList.add('empty');
    delete this.text.dataset.text;
    this.text.replaceChildren('No letters found yet: keep writing.');
  }

  private show(r: PadRecognition): void {
    this.recognition = r;
    this.renderChars();
    this.renderCandidates();
    if (!this.live.waiting) this.startCountdown();
  }

  /** The reading with the user's picks applied (what Enter or a pause commits). */
  private reading(): string {
    return this.recognition ? this.recognition.words.map((w) => w.chars.map((c) => c.char).join('')).join(' ') : '';
  }

  private renderChars(): void {
    const r = this.recognition;
    if (!r) return this.showNothing();
    const reading = this.reading();
    const empty = !reading.trim();
    this.text.classList.toggle('empty', empty);
    if (empty) {
      delete this.text.dataset.text;
      this.text.replaceChildren('No letters found yet: keep writing.');
      return;
    }
    this.text.dataset.text = reading;
    this.text.setAttribute('aria-label', `Letters read: ${reading}. Pick a letter for its alternatives and accents.`);
    this.text.replaceChildren(
      ...r.words.map((w, wi) => h('span', { class: 'word' }, ...w.chars.map((c, ci) => this.charButton(c, wi, ci)))),
      h('span', { class: 'meta live-meta', text: `${r.backend} · ${Math.round(r.ms)} ms` }),
    );
  }

  private renderCandidates(): void {
    const r = this.recognition;
    const reading = this.reading();
    const list = r && reading.trim() ? [reading, ...r.candidates.filter((c) => c !== reading)].slice(0, 6) : [];
    this.candidates.hidden = list.length === 0;
    this.candidates.replaceChildren(
      ...list.map((c, i) => {
        const b = h(
          'button',
          { type: 'button', class: i === 0 ? 'candidate default' : 'candidate', 'data-candidate': c, title: i === 0 ? 'Add this word (Enter)' : 'Add this word' },
          c,
        );
        b.addEventListener('click', () => void this.commit('candidate', c));
        return b;
      }),
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
        'aria-label': `${c.char}, ${pct}% sure. Show alternatives and accents.`,
        title: `${pct}% sure: click for alternatives and accents`,
      },
      c.char,
      h('span', { class: 'conf', 'aria-hidden': 'true' }, bar),
    );
    if (c.confidence === 1 && c.alternatives[0]?.char === c.char && c.alternatives[0].confidence === 1) btn.dataset.corrected = 'true';
    btn.addEventListener('click', () => this.popover.open(btn, c, wi, ci));
    btn.addEventListener('mouseenter', () => this.ink.highlight(c.box));
    btn.addEventListener('focus', () => this.ink.highlight(c.box));
    btn.addEventListener('mouseleave', () => this.ink.highlight(null));
    btn.addEventListener('blur', () => this.ink.highlight(null));
    return btn;
  }

  /**
   * A character picked in the popover. Main applies it (handwriting.correct) and says how the word
   * now reads: a different letter is also saved as a sample the engine learns from; an accent on
   * the same letter (n -> ñ) only changes the text.
   */
  private async pickChar(wordIndex: number, charIndex: number, char: string): Promise<void> {
    const r = this.recognition;
    const old = r?.words[wordIndex]?.chars[charIndex];
    if (!r || !old) return;
    this.stopCountdown();
    try {
      const res = await this.api.invoke('handwriting.correct', { recognitionId: r.recognitionId, wordIndex, charIndex, correctChar: char });
      if (res.saved) toast('info', `Corrected “${old.char}” to “${char}”.`, 'Saved as a sample for personal training.');
      // The pad may have moved on to newer ink meanwhile: that reading is the one to keep.
      if (!res.word || this.recognition !== r) return;
      r.words[wordIndex] = res.word;
      r.text = res.text;
      this.show(r);
      this.focusChar(wordIndex, charIndex);
    } catch (e) {
      toastError(e, 'Could not save the correction');
    }
  }

  private focusChar(wordIndex: number, charIndex: number): void {
    const btn = this.text.querySelectorAll<HTMLElement>('.word')[wordIndex]?.querySelectorAll<HTMLButtonElement>('.char')[charIndex];
    if (btn) {
      btn.dataset.corrected = 'true';
      btn.focus();
    }
  }

  // ---------------------------------------------------------------- commit

  /**
   * Accept the word: `chosen` (a tapped candidate) or the reading of the ink as it is now. The line
   * gets it at once and the pad clears for the next word; main logs it once (handwriting.commit).
   */
  async commit(via: PadCommitVia, chosen?: string): Promise<void> {
    this.stopCountdown();
    this.popover.close();
    if (chosen === undefined) {
      if (this.ink.isEmpty()) {
        if (via === 'enter' || via === 'button') toast('info', 'Write a word on the pad first.', 'It is added to the line below when you pause, press Enter or pick a candidate.');
        return;
      }
      await this.live.settled(); // the answer for the last stroke
    }
    const r = this.recognition;
    const text = (chosen ?? this.reading()).trim();
    if (!text) {
      if (via !== 'pause') toast('error', 'No letters were found in the writing.', 'Write the word a little larger and clearer, or clear the pad and write it again.');
      return;
    }
    this.ink.clear();
    this.live.reset();
    this.showNothing();
    const line = appendToLine(this.line.value, text);
    this.setLine(line);
    const lang = this.writtenIn();
    try {
      await this.api.invoke('handwriting.commit', { text, lang, via, line, ...(r ? { recognitionId: r.recognitionId } : {}) });
    } catch (e) {
      toastError(e, 'The word is in the line but could not be saved in the conversation');
    }
    if (this.padSettings.onCommit === 'speak') void this.speech.say(text, lang);
    else if (this.padSettings.onCommit === 'translate-speak') void this.speech.translateAndSpeak();
  }

  private setLine(text: string): void {
    this.line.value = text;
    this.caret = text.length;
    this.updateButtons();
  }

  private updateButtons(): void {
    this.speech.setHasText(this.line.value.trim().length > 0);
  }

  /** Ctrl+Enter on the Write tab: the pending word joins the line, then its translation is spoken. */
  translateAndSpeak(): Promise<void> {
    return this.speech.translateAndSpeak();
  }

  /** The line's text ("read what I wrote" and tests). */
  get currentText(): string {
    return this.line.value;
  }
}
