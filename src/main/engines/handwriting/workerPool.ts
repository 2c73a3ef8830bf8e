/**
 * A small pool of worker threads, each with its own tfjs wasm backend and model copies, that splits a
 * big CNN batch across cores. tfjs-backend-wasm refuses wasm threads in Node, so without this the CNN
 * uses one core. Any failure (worker cannot start, crashes, exits) rejects with ENGINE_UNAVAILABLE and
 * marks the pool broken; the engine then runs the CNN on its own thread.
 */
import { Worker } from 'worker_threads';
import { MambaError, MambaErrorData, toMambaError } from '../../../shared/errors';
import { INPUT_SIZE } from './model';
import { WorkerEntry, workerEntry as platformWorkerEntry } from '../../platform/workerEntry';

const PIX = INPUT_SIZE * INPUT_SIZE;
const FIX = 'set MAMBA_HW_WORKERS=0 to run the handwriting CNN on one thread; reinstall Mamba if this keeps happening';

export type WorkerRequest =
  | { type: 'load'; id: number; dir: string }
  | { type: 'classify'; id: number; dir: string; images: ArrayBuffer; n: number };
export type WorkerReply = { id: number; ok: true; probs?: ArrayBuffer } | { id: number; ok: false; error: MambaErrorData };

interface Pending {
  resolve: (r: ArrayBuffer | undefined) => void;
  reject: (e: MambaError) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** How to start the worker (compiled cnnWorker.js, else the .ts source through tsx). */
export function workerEntry(dir = __dirname): WorkerEntry {
  return platformWorkerEntry(dir, 'cnnWorker', 'handwriting worker');
}

export class CnnWorkerPool {
  readonly size: number;
  private slots: Slot[] = [];
  private nextId = 1;
  private loaded = new Map<string, Promise<void>>();
  private ready = new Set<string>();
  private failure: MambaError | undefined;
  private closed = false;

  constructor(size: number, private readonly entryDir = __dirname) {
    this.size = size;
  }

  /** Why the pool stopped working, if it did. */
  get broken(): MambaError | undefined {
    return this.failure;
  }

  /** True once every worker has loaded the model in `dir` (a batch would not wait for start-up). */
  isReady(dir: string): boolean {
    return !this.failure && !this.closed && this.ready.has(dir);
  }

  /** Starts the workers if needed and loads the model in each; resolves when all have it. */
  load(dir: string): Promise<void> {
    let p = this.loaded.get(dir);
    if (!p) {
      p = (async () => {
        try {
          this.start();
        } catch (e) {
          this.failure ??= toMambaError(e, 'ENGINE_UNAVAILABLE');
          throw this.failure;
        }
        await Promise.all(this.slots.map((s) => this.send(s, { type: 'load', id: this.nextId++, dir })));
        this.ready.add(dir);
      })();
      this.loaded.set(dir, p);
    }
    return p;
  }

  /** Class probabilities for n frames, split into one contiguous share per worker. */
  async classify(dir: string, frames: Float32Array, n: number, classes: number): Promise<Float32Array> {
    await this.load(dir);
    if (this.closed) throw new MambaError('CANCELLED', 'The handwriting engine was closed');
    if (this.failure) throw this.failure;
    const parties = Math.min(this.slots.length, n);
    const base = Math.floor(n / parties), extra = n % parties;
    const out = new Float32Array(n * classes);
    await Promise.all(
      this.slots.slice(0, parties).map(async (slot, i) => {
        const s = i * base + Math.min(i, extra), e = s + base + (i < extra ? 1 : 0);
        const images = frames.slice(s * PIX, e * PIX).buffer as ArrayBuffer; // a copy we can transfer
        const probs = await this.send(slot, { type: 'classify', id: this.nextId++, dir, images, n: e - s });
        if (!probs || probs.byteLength !== (e - s) * classes * 4)
          throw new MambaError('INTERNAL', `handwriting worker returned ${probs?.byteLength ?? 0} bytes for ${e - s} characters`);
        out.set(new Float32Array(probs), s * classes);
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    this.fail(new MambaError('CANCELLED', 'The handwriting engine was closed'), slots);
    await Promise.allSettled(slots.map((s) => s.worker.terminate()));
  }

  private start(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new MambaError('CANCELLED', 'The handwriting engine was closed');
    if (this.slots.length) return;
    const entry = workerEntry(this.entryDir);
    for (let i = 0; i < this.size; i++) {
      const worker = entry.eval ? new Worker(entry.code, { eval: true }) : new Worker(entry.file);
      const slot: Slot = { worker, pending: new Map() };
      worker.unref(); // an idle pool never keeps the process alive; ref() while a request is out
      worker.on('message', (r: WorkerReply) => {
        const p = slot.pending.get(r.id);
        if (!p) return;
        slot.pending.delete(r.id);
        if (slot.pending.size === 0) worker.unref();
        if (r.ok) p.resolve(r.probs);
        else p.reject(new MambaError(r.error.code, r.error.message, r.error.fix));
      });
      worker.on('error', (e) => this.fail(new MambaError('ENGINE_UNAVAILABLE', `A handwriting worker thread failed: ${e.message}`, FIX)));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new MambaError('ENGINE_UNAVAILABLE', `A handwriting worker thread stopped (exit code ${code})`, FIX));
      });
      this.slots.push(slot);
    }
  }

  private send(slot: Slot, req: WorkerRequest): Promise<ArrayBuffer | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      slot.pending.set(req.id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage(req, req.type === 'classify' ? [req.images] : []);
    });
  }

  /** Rejects everything in flight; the first failure is kept and every later call gets it. */
  private fail(e: MambaError, slots = this.slots): void {
    if (!this.failure && e.code !== 'CANCELLED') {
      this.failure = e;
      for (const s of this.slots) void s.worker.terminate();
    }
    for (const s of slots) {
      for (const p of s.pending.values()) p.reject(e);
      s.pending.clear();
    }
  }
}
