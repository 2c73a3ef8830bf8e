/**
 * Ink capture and rendering for the handwriting pad: Pointer Events (mouse, pen, touch) with
 * coalesced events for full-rate pen input, pressure-dependent width, smoothed with midpoint
 * quadratic curves. Points are kept in CSS pixels (y down) with t in ms since the first
 * pen-down, which is exactly the Drawing JSON the engine reads.
 */
import type { Drawing, Stroke } from '../../shared/types';

interface InkPoint {
  x: number;
  y: number;
  t: number;
  /** 0..1; mice report 0.5 while a button is down. */
  p: number;
}

export interface InkPadOptions {
  /** A stroke ended (pen lifted) at `at` (the pointerup's time, on the performance.now() clock). */
  onStrokeEnd?: (at: number) => void;
  /** A stroke started (pen down): cancel pending auto-recognition. */
  onStrokeStart?: () => void;
  /** Strokes were added/removed/cleared. */
  onChange?: (strokeCount: number) => void;
}

const BASE_WIDTH = 4.2;

export class InkPad {
  private strokes: InkPoint[][] = [];
  private current: InkPoint[] | null = null;
  private activePointer: number | null = null;
  private t0 = 0;
  private readonly ctx: CanvasRenderingContext2D;
  private highlightBox: [number, number, number, number] | null = null;
  private readonly resizeObserver: ResizeObserver;
  /** Ink colour from the theme, read once per redraw/pen-down (not per pointer event). */
  private inkColor = '#1b2a4a';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly opts: InkPadOptions = {},
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available');
    this.ctx = ctx;
    canvas.addEventListener('pointerdown', this.down);
    canvas.addEventListener('pointermove', this.move);
    canvas.addEventListener('pointerup', this.up);
    canvas.addEventListener('pointercancel', this.up);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
  }

  get strokeCount(): number {
    return this.strokes.length;
  }

  /** A stroke is being drawn (pen down). */
  get drawing(): boolean {
    return this.current !== null;
  }

  isEmpty(): boolean {
    return this.strokes.length === 0;
  }

  /** The drawing as the contract's Drawing: [[x, y, t], ...] per stroke, CSS pixels, y down. */
  toDrawing(): Drawing {
    const round = (v: number) => Math.round(v * 10) / 10;
    return {
      strokes: this.strokes.map((s): Stroke => s.map((q) => [round(q.x), round(q.y), Math.round(q.t)])),
    };
  }

  undo(): void {
    if (this.current) return;
    this.strokes.pop();
    if (!this.strokes.length) this.t0 = 0;
    this.highlightBox = null;
    this.redraw();
    this.opts.onChange?.(this.strokes.length);
  }

  clear(): void {
    this.strokes = [];
    this.current = null;
    this.t0 = 0;
    this.highlightBox = null;
    this.redraw();
    this.opts.onChange?.(0);
  }

  /** Outline one recognised character's box (drawing units = CSS px), or none. */
  highlight(box: [number, number, number, number] | null): void {
    if (box === this.highlightBox) return;
    this.highlightBox = box;
    this.redraw();
  }

  /** Repaint with the current theme's colours. */
  repaint(): void {
    this.redraw();
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.canvas.removeEventListener('pointerdown', this.down);
    this.canvas.removeEventListener('pointermove', this.move);
    this.canvas.removeEventListener('pointerup', this.up);
    this.canvas.removeEventListener('pointercancel', this.up);
  }

  // ------------------------------------------------------------------ input

  private point(e: PointerEvent): InkPoint {
    const r = this.canvas.getBoundingClientRect();
    const now = e.timeStamp || performance.now();
    if (!this.t0) this.t0 = now;
    // Mice and some touch screens report 0 or 0.5; only pens carry real pressure.
    const p = e.pointerType === 'pen' && e.pressure > 0 ? e.pressure : 0.5;
    return { x: e.clientX - r.left, y: e.clientY - r.top, t: Math.max(0, now - this.t0), p };
  }

  private readonly down = (e: PointerEvent): void => {
    if (this.activePointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    this.canvas.focus({ preventScroll: true });
    this.activePointer = e.pointerId;
    this.canvas.setPointerCapture(e.pointerId);
    this.highlightBox = null;
    this.inkColor = this.css('--ink', '#1b2a4a');
    this.current = [this.point(e)];
    this.strokes.push(this.current);
    this.opts.onStrokeStart?.();
    this.drawDot(this.current[0]);
  };

  private readonly move = (e: PointerEvent): void => {
    if (e.pointerId !== this.activePointer || !this.current) return;
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ce of events.length ? events : [e]) {
      const q = this.point(ce);
      const last = this.current[this.current.length - 1];
      if (Math.hypot(q.x - last.x, q.y - last.y) < 0.75) continue; // sub-pixel jitter adds nothing
      this.current.push(q);
      this.drawTail(this.current);
    }
  };

  private readonly up = (e: PointerEvent): void => {
    if (e.pointerId !== this.activePointer) return;
    this.activePointer = null;
    if (this.current) {
      const q = this.point(e);
      const last = this.current[this.current.length - 1];
      if (Math.hypot(q.x - last.x, q.y - last.y) >= 0.75) this.current.push(q);
    }
    this.current = null;
    this.redraw();
    this.opts.onChange?.(this.strokes.length);
    this.opts.onStrokeEnd?.(e.timeStamp || performance.now());
  };

  // ------------------------------------------------------------------ rendering

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const r = this.canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round(r.width * dpr));
    const hgt = Math.max(1, Math.round(r.height * dpr));
    if (this.canvas.width !== w || this.canvas.height !== hgt) {
      this.canvas.width = w;
      this.canvas.height = hgt;
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.redraw();
  }

  private css(name: string, fallback: string): string {
    return getComputedStyle(this.canvas).getPropertyValue(name).trim() || fallback;
  }

  private width(p: number): number {
    return BASE_WIDTH * (0.55 + 0.9 * p);
  }

  private redraw(): void {
    const ctx = this.ctx;
    const r = this.canvas.getBoundingClientRect();
    ctx.clearRect(0, 0, r.width, r.height);
    this.inkColor = this.css('--ink', '#1b2a4a');
    // A writing line at two thirds of the height helps people write a word at a steady size.
    ctx.strokeStyle = this.css('--pad-rule', '#e9e5d6');
    ctx.lineWidth = 1.5;
    ctx.setLineDash([6, 6]);
    ctx.beginPath();
    const base = Math.round(r.height * 0.68) + 0.5;
    ctx.moveTo(24, base);
    ctx.lineTo(r.width - 24, base);
    ctx.stroke();
    ctx.setLineDash([]);
    if (this.highlightBox) {
      const [x, y, w, hh] = this.highlightBox;
      ctx.strokeStyle = this.css('--accent', '#138a63');
      ctx.fillStyle = this.css('--accent-soft', '#dff3ea');
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.roundRect(x - 8, y - 8, w + 16, hh + 16, 8);
      ctx.fill();
      ctx.stroke();
    }
    for (const s of this.strokes) this.drawStroke(s);
  }

  private drawDot(q: InkPoint): void {
    const ctx = this.ctx;
    ctx.fillStyle = this.inkColor;
    ctx.beginPath();
    ctx.arc(q.x, q.y, this.width(q.p) / 2, 0, Math.PI * 2);
    ctx.fill();
  }

  /** Whole stroke: midpoint quadratic curves, width following pressure. */
  private drawStroke(s: InkPoint[]): void {
    if (s.length === 1) return this.drawDot(s[0]);
    for (let i = 1; i < s.length; i++) this.drawSegment(s, i);
  }

  /** Only the newest segment while the pen moves (no full redraw per event). */
  private drawTail(s: InkPoint[]): void {
    this.drawSegment(s, s.length - 1);
  }

  private drawSegment(s: InkPoint[], i: number): void {
    const ctx = this.ctx;
    const a = s[i - 1];
    const b = s[i];
    const prev = i >= 2 ? s[i - 2] : a;
    const start = { x: (prev.x + a.x) / 2, y: (prev.y + a.y) / 2 };
    const end = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    ctx.strokeStyle = this.inkColor;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = this.width((a.p + b.p) / 2);
    ctx.beginPath();
    ctx.moveTo(i >= 2 ? start.x : a.x, i >= 2 ? start.y : a.y);
    ctx.quadraticCurveTo(a.x, a.y, end.x, end.y);
    // The last segment of a finished stroke reaches the final point.
    if (i === s.length - 1 && s !== this.current) ctx.lineTo(b.x, b.y);
    ctx.stroke();
  }
}
