/**
 * The "did you mean" popover for one recognised character: its top alternatives as options
 * (arrow keys move, Enter/click picks), the accented forms the models cannot read (n -> ñ, a -> á,
 * ? -> ¿) and a box to type the right character.
 */
import { accentVariants } from '../../shared/accents';
import type { RecognizedChar } from '../../shared/types';
import { byId, h } from '../dom';

/** "95%", and "<1%" rather than a misleading "0%". */
function percent(p: number): string {
  return p > 0 && p < 0.005 ? '<1%' : `${Math.round(p * 100)}%`;
}

export type PickFn = (wordIndex: number, charIndex: number, char: string) => void;

export class AlternativesPopover {
  private readonly el = byId('alt-popover');
  private readonly options = byId('alt-options');
  private readonly form = byId<HTMLFormElement>('alt-form');
  private readonly input = byId<HTMLInputElement>('alt-input');
  private anchor: HTMLElement | null = null;
  private target: { wordIndex: number; charIndex: number } | null = null;

  constructor(private readonly onPick: PickFn) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = this.input.value.trim();
      if (v) this.pick(v);
    });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close(true);
      }
    });
    this.options.addEventListener('keydown', (e) => {
      const opts = [...this.options.querySelectorAll<HTMLButtonElement>('.alt-option')];
      const i = opts.indexOf(document.activeElement as HTMLButtonElement);
      const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      if (step && opts.length) {
        e.preventDefault();
        opts[(i + step + opts.length) % opts.length].focus();
      }
    });
    document.addEventListener('pointerdown', (e) => {
      if (!this.el.hidden && !this.el.contains(e.target as Node) && e.target !== this.anchor) this.close();
    });
    window.addEventListener('resize', () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  open(anchor: HTMLElement, c: RecognizedChar, wordIndex: number, charIndex: number): void {
    if (this.anchor === anchor && this.isOpen) return this.close(true);
    this.close();
    this.anchor = anchor;
    this.target = { wordIndex, charIndex };
    anchor.setAttribute('aria-expanded', 'true');
    const alts = c.alternatives.length ? c.alternatives : [{ char: c.char, confidence: c.confidence }];
    const shown = new Set(alts.map((a) => a.char));
    const accents = accentVariants(c.char).filter((a) => !shown.has(a));
    this.options.replaceChildren(
      ...alts.map((a) => {
        const b = h(
          'button',
          {
            type: 'button',
            class: 'alt-option',
            role: 'option',
            'aria-selected': String(a.char === c.char),
            'data-char': a.char,
            'aria-label': `${a.char}, ${percent(a.confidence)}`,
          },
          a.char,
          h('small', { text: percent(a.confidence) }),
        );
        b.addEventListener('click', () => this.pick(a.char));
        return b;
      }),
      ...accents.map((a) => {
        const b = h(
          'button',
          { type: 'button', class: 'alt-option accent', role: 'option', 'aria-selected': 'false', 'data-char': a, 'aria-label': `${a}, accented form` },
          a,
          h('small', { text: 'accent' }),
        );
        b.addEventListener('click', () => this.pick(a));
        return b;
      }),
    );
    this.input.value = '';
    this.el.hidden = false;
    // Below the character, kept inside the window.
    const r = anchor.getBoundingClientRect();
    const pw = this.el.offsetWidth;
    const ph = this.el.offsetHeight;
    const left = Math.min(Math.max(8, r.left + r.width / 2 - pw / 2), window.innerWidth - pw - 8);
    const below = r.bottom + 8;
    const top = below + ph > window.innerHeight - 8 ? Math.max(8, r.top - ph - 8) : below;
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
    (this.options.querySelector<HTMLButtonElement>('[aria-selected="false"]') ?? this.input).focus();
  }

  close(returnFocus = false): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.anchor?.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.anchor?.focus();
    this.anchor = null;
    this.target = null;
  }

  private pick(char: string): void {
    const t = this.target;
    this.close();
    if (t) this.onPick(t.wordIndex, t.charIndex, char);
  }
}
