/**
 * Live recognition for the pad: the ink goes to the engine after every stroke. At most one request
 * is in flight; strokes that end meanwhile are sent together when it returns (the newest ink only),
 * and answers for ink that has changed since are dropped. Each shown answer is timed from the end
 * of the stroke that asked for it to the frame it is drawn in (performance.measure, read by
 * `npm run bench`).
 */
import type { PadRecognition } from '../../shared/contract';

/** performance.measure names: stroke end -> answer received, and -> candidates on screen. */
export const MEASURE_ROUND_TRIP = 'mamba:pad-stroke-to-answer';
export const MEASURE_ON_SCREEN = 'mamba:pad-stroke-to-candidates';

export interface LiveRecognitionHooks {
  /** Ask the engine about the ink as it is now. */
  recognize(): Promise<PadRecognition>;
  /** An answer for the current ink; `strokeEndAt` is the performance.now() of the stroke end it answers. */
  show(r: PadRecognition, strokeEndAt: number): void;
  failed(e: unknown): void;
  /** A request started (true) or everything asked for has been answered (false). */
  busy?(busy: boolean): void;
}

export class LiveRecognition {
  /** Bumped whenever the ink changes: an answer for an older generation is stale. */
  private generation = 0;
  private inFlight = false;
  private pending = false;
  private strokeEndAt = 0;
  private idle: (() => void)[] = [];

  constructor(private readonly hooks: LiveRecognitionHooks) {}

  /** A stroke ended (at performance.now() time `at`): recognise the ink. */
  strokeEnded(at = performance.now()): void {
    this.generation++;
    this.strokeEndAt = at;
    if (this.inFlight) this.pending = true;
    else void this.send();
  }

  /** The ink changed without a new stroke (undo): recognise again. */
  inkChanged(): void {
    this.strokeEnded(performance.now());
  }

  /** The ink is gone (cleared, committed): forget what is pending; answers in flight are dropped. */
  reset(): void {
    this.generation++;
    this.pending = false;
    this.settleIfIdle();
  }

  /** Newer ink than the last answer is waiting to be read. */
  get waiting(): boolean {
    return this.pending;
  }

  /** Resolves once the answer for the current ink has been shown (or failed). */
  settled(): Promise<void> {
    if (!this.inFlight && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async send(): Promise<void> {
    const gen = this.generation;
    const at = this.strokeEndAt;
    this.inFlight = true;
    this.hooks.busy?.(true);
    try {
      const r = await this.hooks.recognize();
      if (gen === this.generation) {
        performance.measure(MEASURE_ROUND_TRIP, { start: at, end: performance.now() });
        this.hooks.show(r, at);
        // The frame that draws the candidates starts at the next animation frame.
        requestAnimationFrame(() => performance.measure(MEASURE_ON_SCREEN, { start: at, end: performance.now() }));
      }
    } catch (e) {
      if (gen === this.generation) this.hooks.failed(e);
    } finally {
      this.inFlight = false;
      if (this.pending) {
        this.pending = false;
        void this.send();
      } else {
        this.hooks.busy?.(false);
        this.settleIfIdle();
      }
    }
  }

  private settleIfIdle(): void {
    if (this.inFlight || this.pending) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
