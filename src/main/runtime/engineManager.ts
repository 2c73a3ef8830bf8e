/**
 * Engines created on first use (app start stays fast), each once, with its state published
 * as `engine.status` events: idle -> loading (progress) -> ready | error (with the fix).
 * A failed load is forgotten so the next use retries (e.g. after the user installs a model).
 */
import { ENGINE_NAMES, type EngineName, type EngineStatus, type ProgressFn } from '../../shared/types';
import { toMambaError } from '../../shared/errors';
import type { EventBus } from './eventBus';
import type { EngineChoices, EngineFactories, HandwritingEngine, OcrEngine, SpeechEngine, Translator, TtsEngine } from './engineFactories';

export interface EngineMap {
  handwriting: HandwritingEngine;
  speech: SpeechEngine;
  tts: TtsEngine;
  translate: Translator;
  ocr: OcrEngine;
}

/** Error codes that say the engine, not the input, is at fault. */
const ENGINE_FAILURES = new Set(['MODEL_MISSING', 'MODEL_CORRUPT', 'ENGINE_UNAVAILABLE']);

/** Progress events at most this often per engine (the UI needs no more). */
const PROGRESS_INTERVAL_MS = 100;

export class EngineManager {
  private readonly loading = new Map<EngineName, Promise<unknown>>();
  private readonly loaded = new Map<EngineName, { close(): Promise<void> }>();
  private readonly states = new Map<EngineName, EngineStatus>();

  constructor(
    private readonly factories: EngineFactories,
    private readonly events: EventBus,
    private readonly choices: () => EngineChoices,
  ) {
    for (const engine of ENGINE_NAMES) this.states.set(engine, { engine, state: 'idle' });
  }

  status(): EngineStatus[] {
    return ENGINE_NAMES.map((n) => this.states.get(n) as EngineStatus);
  }

  statusOf(name: EngineName): EngineStatus {
    return this.states.get(name) as EngineStatus;
  }

  private publish(s: EngineStatus): void {
    this.states.set(s.engine, s);
    this.events.emit('engine.status', s);
  }

  /** The engine, loading it now if needed. Rejects with the engine's MambaError. */
  get<N extends EngineName>(name: N): Promise<EngineMap[N]> {
    const pending = this.loading.get(name);
    if (pending) return pending as Promise<EngineMap[N]>;
    const started = Date.now();
    let lastProgress = 0;
    const onProgress: ProgressFn = (p) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS && p.fraction !== 1) return;
      lastProgress = now;
      // An engine already loaded can still load more later (e.g. the other handwriting model):
      // its last progress step means it is ready again, not still loading. A report without a
      // fraction from a loaded engine is activity, not loading (the translator starting a warm
      // pipeline for a new pair): it stays ready, or the chip would say "loading" for good.
      const loaded = this.loaded.has(name);
      const done = loaded && (p.fraction === 1 || p.fraction === undefined);
      this.publish({ engine: name, state: done ? 'ready' : 'loading', progress: clamp01(done ? 1 : p.fraction), detail: p.detail ? `${p.step}: ${p.detail}` : p.step });
    };
    this.publish({ engine: name, state: 'loading', progress: 0, detail: 'starting' });
    const promise = this.create(name, onProgress).then(
      (engine) => {
        this.loaded.set(name, engine as { close(): Promise<void> });
        const backend = (engine as { backend?: unknown; name?: unknown }).backend ?? (engine as { name?: unknown }).name;
        this.publish({ engine: name, state: 'ready', progress: 1, detail: `${typeof backend === 'string' ? backend + ', ' : ''}loaded in ${Date.now() - started} ms` });
        return engine;
      },
      (e: unknown) => {
        this.loading.delete(name);
        const err = toMambaError(e, 'ENGINE_UNAVAILABLE');
        this.publish({ engine: name, state: 'error', error: err.toJSON() });
        throw err;
      },
    );
    this.loading.set(name, promise);
    return promise as Promise<EngineMap[N]>;
  }

  private async create(name: EngineName, onProgress: ProgressFn): Promise<unknown> {
    const c = this.choices();
    switch (name) {
      case 'handwriting': {
        const engine = await this.factories.handwriting({ backend: c.handwritingBackend, onProgress });
        try {
          await engine.model(c.handwritingModel); // load the weights now: 'ready' means ready
        } catch (e) {
          await engine.close().catch(() => undefined);
          throw e;
        }
        return engine;
      }
      case 'speech':
        return this.factories.speech({
          engine: c.speech,
          lang: c.speechLang,
          onProgress,
          modelsDir: c.modelsDir,
          // Once per load: one notice, then the chip says "ready" with PocketSphinx.
          onFallback: (why) => this.events.emit('app.notice', { level: 'info', code: 'ENGINE_FALLBACK', ...why }),
        });
      case 'tts':
        return this.factories.tts({ engine: c.tts });
      case 'translate':
        return this.factories.translate({ onProgress });
      case 'ocr': {
        // OCR reads handwritten lines with our CNN when it is available; printed text without it.
        const handwriting = await this.get('handwriting').catch(() => undefined);
        return this.factories.ocr({ handwriting, onProgress });
      }
    }
  }

  /**
   * Use an engine for one job. Failures that mean the engine itself is unusable (a model
   * missing or corrupt, a program gone) are published as its error status with the fix, and
   * the engine is forgotten so the next use tries again.
   */
  async run<N extends EngineName, T>(name: N, job: (engine: EngineMap[N]) => Promise<T>): Promise<T> {
    const engine = await this.get(name);
    try {
      return await job(engine);
    } catch (e) {
      const err = toMambaError(e);
      if (ENGINE_FAILURES.has(err.code)) {
        this.loading.delete(name);
        this.loaded.delete(name);
        await engine.close().catch(() => undefined);
        this.publish({ engine: name, state: 'error', error: err.toJSON() });
      }
      throw err;
    }
  }

  /** Close and forget one engine (its settings changed); it reloads on next use. */
  async reset(name: EngineName): Promise<void> {
    const pending = this.loading.get(name);
    this.loading.delete(name);
    if (pending) await pending.catch(() => undefined);
    const engine = this.loaded.get(name);
    this.loaded.delete(name);
    if (engine) await engine.close().catch(() => undefined);
    this.publish({ engine: name, state: 'idle' });
  }

  async closeAll(): Promise<void> {
    const pending = [...this.loading.values()];
    this.loading.clear();
    await Promise.all(pending.map((p) => p.catch(() => undefined)));
    const engines = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(engines.map((e) => e.close().catch(() => undefined)));
  }
}

function clamp01(x: number | undefined): number | undefined {
  return x === undefined || !Number.isFinite(x) ? undefined : Math.min(1, Math.max(0, x));
}
