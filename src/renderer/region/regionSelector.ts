/**
 * The region selector: a full-window overlay showing a picture (a screenshot, a pasted or
 * dropped image) where the user drags a rectangle around the text to read. Outside the
 * rectangle is dimmed, its size in image pixels is shown next to it. Keyboard: arrows move it
 * (Shift: 10x), Ctrl/Alt+arrows resize it, Ctrl+A selects all, Enter reads, Escape cancels.
 * Resolves with the rectangle (image pixels), 'all' for the whole picture, or null.
 */
import { LIMITS, type ImageRegion } from '../../shared/contract';
import { h } from '../dom';
import { Arrow, Rect, Size, centredRect, clampRect, contains, fitImage, nudge, rectFromCorners, toImagePoint, toRegion } from './regionGeometry';

export type RegionChoice = ImageRegion | 'all' | null;

/** Drags shorter than this (CSS px) are clicks: they clear the selection. */
const CLICK_SLOP = 4;
const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

export interface RegionPicture extends Size {
  /** data: URL of the picture. */
  src: string;
}

export function selectRegion(pic: RegionPicture, opts: { title?: string } = {}): Promise<RegionChoice> {
  return new Promise((resolve) => new RegionOverlay(pic, opts.title ?? 'Select the text to read', resolve).open());
}

class RegionOverlay {
  private sel: Rect | null = null;
  private drag: { mode: 'draw' | 'move'; start: { x: number; y: number }; startView: { x: number; y: number }; orig: Rect | null } | null = null;
  private readonly img = new Image();
  private readonly root: HTMLDivElement;
  private readonly stage: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly label: HTMLDivElement;
  private readonly live: HTMLDivElement;
  private readonly readBtn: HTMLButtonElement;
  private readonly cleanup: (() => void)[] = [];
  private readonly returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  private announceTimer = 0;

  constructor(
    private readonly pic: RegionPicture,
    title: string,
    private readonly done: (c: RegionChoice) => void,
  ) {
    const cancel = h('button', { type: 'button', class: 'button ghost', id: 'region-cancel', text: 'Cancel' });
    const all = h('button', { type: 'button', class: 'button', id: 'region-all', text: 'Whole picture' });
    this.readBtn = h('button', { type: 'button', class: 'button primary', id: 'region-read', disabled: true, text: 'Read selection' });
    this.canvas = h('canvas', {
      id: 'region-canvas',
      class: 'region-canvas',
      tabindex: 0,
      role: 'img',
      'aria-label': 'Picture to select from. Drag a rectangle, or press an arrow key to start a selection.',
      'aria-describedby': 'region-help',
    });
    this.label = h('div', { class: 'region-size', id: 'region-size', 'aria-hidden': 'true', hidden: true });
    this.stage = h('div', { class: 'region-stage' }, this.canvas, this.label);
    this.live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', id: 'region-live' });
    this.root = h(
      'div',
      { class: 'region-overlay', id: 'region-overlay', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'region-title' },
      h(
        'div',
        { class: 'region-bar' },
        h(
          'div',
          { class: 'region-heading' },
          h('h2', { id: 'region-title', text: title }),
          h('p', {
            id: 'region-help',
            class: 'region-help',
            text: 'Drag around the text · arrows move, Shift = ×10, Ctrl/Alt+arrows resize · Enter reads · Esc cancels',
          }),
        ),
        h('span', { class: 'toolbar-spacer' }),
        cancel,
        all,
        this.readBtn,
      ),
      this.stage,
      this.live,
    );
    cancel.addEventListener('click', () => this.close(null));
    all.addEventListener('click', () => this.close('all'));
    this.readBtn.addEventListener('click', () => this.confirm());
  }

  open(): void {
    this.img.src = this.pic.src;
    document.body.append(this.root);
    document.body.classList.add('region-open');
    const ro = new ResizeObserver(() => this.draw());
    ro.observe(this.stage);
    this.cleanup.push(() => ro.disconnect());
    this.img.decode().then(() => this.draw(), () => this.draw());
    this.canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onUp(e));
    this.canvas.addEventListener('pointercancel', (e) => this.onUp(e));
    // Keys stay in the overlay: the app's own shortcuts (Space reads the camera, Alt+1…) must not fire under it.
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.focus();
  }

  // ---------------------------------------------------------------- geometry

  private fit(): ReturnType<typeof fitImage> {
    return fitImage(this.pic, { width: this.stage.clientWidth, height: this.stage.clientHeight });
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const b = this.canvas.getBoundingClientRect();
    return toImagePoint(this.fit(), this.pic, e.clientX - b.left, e.clientY - b.top);
  }

  // ---------------------------------------------------------------- pointer

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    e.preventDefault();
    this.canvas.focus();
    this.canvas.setPointerCapture(e.pointerId);
    const p = this.point(e);
    const move = this.sel !== null && contains(this.sel, p);
    this.drag = { mode: move ? 'move' : 'draw', start: p, startView: { x: e.clientX, y: e.clientY }, orig: this.sel };
    if (!move) this.sel = null;
    this.draw();
  }

  private onMove(e: PointerEvent): void {
    const p = this.point(e);
    if (!this.drag) {
      this.canvas.classList.toggle('over-selection', this.sel !== null && contains(this.sel, p));
      return;
    }
    if (this.drag.mode === 'move' && this.drag.orig) {
      const o = this.drag.orig;
      this.sel = clampRect({ ...o, x: o.x + p.x - this.drag.start.x, y: o.y + p.y - this.drag.start.y }, this.pic);
    } else this.sel = rectFromCorners(this.drag.start, p);
    this.draw();
  }

  private onUp(e: PointerEvent): void {
    if (!this.drag) return;
    const moved = Math.hypot(e.clientX - this.drag.startView.x, e.clientY - this.drag.startView.y);
    if (moved < CLICK_SLOP) this.sel = this.drag.mode === 'move' ? this.drag.orig : null; // a click
    this.drag = null;
    this.changed();
  }

  // ---------------------------------------------------------------- keyboard

  private onKey(e: KeyboardEvent): void {
    e.stopPropagation();
    const onCanvas = e.target === this.canvas;
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close(null);
    } else if (e.key === 'Enter' && onCanvas) {
      e.preventDefault();
      this.confirm();
    } else if (ARROWS.has(e.key) && onCanvas) {
      e.preventDefault();
      const fitScale = this.fit().scale;
      // One screen pixel per press (at least one image pixel), ten with Shift.
      const step = Math.max(1, Math.round(1 / fitScale)) * (e.shiftKey ? 10 : 1);
      this.sel = this.sel ? nudge(this.sel, e.key as Arrow, step, this.pic, e.ctrlKey || e.altKey || e.metaKey, LIMITS.regionMinEdge) : centredRect(this.pic);
      this.changed();
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      this.sel = { x: 0, y: 0, width: this.pic.width, height: this.pic.height };
      this.changed();
    } else if (e.key === 'Tab') {
      // Focus stays in the dialog.
      const items = [...this.root.querySelectorAll<HTMLElement>('button:not([disabled]), canvas')];
      const i = items.indexOf(document.activeElement as HTMLElement);
      const next = items[(i + (e.shiftKey ? items.length - 1 : 1)) % items.length];
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  }

  // ---------------------------------------------------------------- state

  private region(): ImageRegion | null {
    if (!this.sel || this.sel.width < 1 || this.sel.height < 1) return null;
    return toRegion(this.sel, this.pic);
  }

  private usable(): ImageRegion | null {
    const r = this.region();
    return r && r.width >= LIMITS.regionMinEdge && r.height >= LIMITS.regionMinEdge ? r : null;
  }

  private changed(): void {
    this.draw();
    const r = this.region();
    this.readBtn.disabled = !this.usable();
    window.clearTimeout(this.announceTimer);
    this.announceTimer = window.setTimeout(() => {
      this.live.textContent = r ? `Selection ${r.width} by ${r.height} pixels at ${r.x}, ${r.y}.` : 'No selection.';
    }, 250);
  }

  private confirm(): void {
    const r = this.usable();
    if (r) this.close(r);
    else this.live.textContent = 'Select a larger area first: drag a rectangle around the text, or press an arrow key.';
  }

  private close(c: RegionChoice): void {
    window.clearTimeout(this.announceTimer);
    for (const f of this.cleanup) f();
    this.root.remove();
    document.body.classList.remove('region-open');
    this.returnFocus?.focus();
    this.done(c);
  }

  // ---------------------------------------------------------------- painting

  private draw(): void {
    const w = this.stage.clientWidth;
    const hgt = this.stage.clientHeight;
    if (!w || !hgt) return;
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(hgt * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(hgt * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${hgt}px`;
    }
    const f = this.fit();
    // For people and tests: where the picture is on the canvas (CSS px) and at what scale.
    c.dataset.imageRect = [f.x, f.y, f.width, f.height].map((v) => v.toFixed(1)).join(',');
    c.dataset.scale = f.scale.toFixed(4);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    ctx.imageSmoothingQuality = 'high';
    if (this.img.complete && this.img.naturalWidth) ctx.drawImage(this.img, f.x, f.y, f.width, f.height);
    const r = this.sel;
    const view = r ? { x: f.x + r.x * f.scale, y: f.y + r.y * f.scale, w: r.width * f.scale, h: r.height * f.scale } : null;
    // Dim the picture outside the selection (all of it while nothing is selected).
    ctx.fillStyle = 'rgba(6, 10, 8, 0.55)';
    ctx.beginPath();
    ctx.rect(f.x, f.y, f.width, f.height);
    if (view && view.w > 0 && view.h > 0) ctx.rect(view.x + view.w, view.y, -view.w, view.h); // counter-clockwise: a hole
    ctx.fill('evenodd');
    if (view && view.w > 0 && view.h > 0) {
      const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#3ccf98';
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeRect(view.x - 1, view.y - 1, view.w + 2, view.h + 2);
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = accent;
      ctx.strokeRect(view.x - 1, view.y - 1, view.w + 2, view.h + 2);
      ctx.setLineDash([]);
      ctx.fillStyle = accent;
      for (const [hx, hy] of [[view.x, view.y], [view.x + view.w, view.y], [view.x, view.y + view.h], [view.x + view.w, view.y + view.h]])
        ctx.fillRect(hx - 4, hy - 4, 8, 8);
    }
    this.placeLabel(view, w, hgt);
  }

  private placeLabel(view: { x: number; y: number; w: number; h: number } | null, w: number, hgt: number): void {
    const r = this.region();
    if (!view || !r) {
      this.label.hidden = true;
      return;
    }
    this.label.hidden = false;
    this.label.textContent = `${r.width} × ${r.height}`;
    this.label.classList.toggle('too-small', !this.usable());
    const lw = this.label.offsetWidth;
    const lh = this.label.offsetHeight;
    // Under the selection's bottom-right corner; above it, or inside, when there is no room.
    let x = Math.min(view.x + view.w - lw, w - lw - 4);
    let y = view.y + view.h + 6;
    if (y + lh > hgt - 4) y = view.y - lh - 6;
    if (y < 4) y = view.y + 6;
    x = Math.max(4, x);
    this.label.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }
}
