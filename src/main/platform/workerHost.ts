/**
 * One long-lived worker thread that hosts an engine, so its CPU work never runs on the main thread
 * (Electron's main process is the UI's lifeline; `mamba serve` answers every client from it).
 *
 * Jobs run one at a time in arrival order. Each has a deadline and may carry an AbortSignal:
 *  - aborted while queued: dropped, rejected with CANCELLED;
 *  - aborted while running: the caller is answered CANCELLED at once; the worker finishes the job (work is
 *    bounded by its input's size) and its result is thrown away;
 *  - past its deadline: rejected with TIMEOUT and the worker is terminated (the only way to stop a
 *    synchronous loop); the next job starts a fresh one.
 * A worker may call back into the main thread (`callbacks`), e.g. the OCR worker asking the handwriting
 * worker to read a line; a callback gets the signal of the job that asked.
 * The worker is unref'd while idle, so an idle host never keeps a process alive.
 */
import { Worker } from 'worker_threads';
import type { ProgressFn } from '../../shared/types';
import { MambaError, MambaErrorData, toMambaError } from '../../shared/errors';
import type { WorkerEntry } from './workerEntry';

export type HostToWorker =
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: MambaErrorData };

export type WorkerToHost =
  | { type: 'ready'; info: unknown }
  | { type: 'failed'; error: MambaErrorData }
  | { type: 'progress'; id?: number; progress: Parameters<ProgressFn>[0] }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: MambaErrorData }
  | { type: 'callback'; id: number; method: string; args: unknown[] };

export type HostCallback = (args: unknown[], signal: AbortSignal | undefined) => Promise<unknown>;

export interface WorkerHostOptions {
  /** Engine name for messages ("handwriting", "OCR"). */
  name: string;
  entry: () => WorkerEntry;
  /** What the worker starts with; a function is asked again at each (re)start, so state given to a lost worker can be handed to its successor. */
  workerData: unknown;
  /** Default deadline of a job, from the moment the worker starts it. */
  deadlineMs: number;
  /** Engine loading progress (and progress of jobs that pass no onProgress). */
  onProgress?: ProgressFn;
  callbacks?: Record<string, HostCallback>;
}

export interface CallOptions {
  signal?: AbortSignal;
  deadlineMs?: number;
  onProgress?: ProgressFn;
}

interface Job {
  id: number;
  method: string;
  args: unknown[];
  o: CallOptions;
  resolve: (v: unknown) => void;
  reject: (e: MambaError) => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
  unlisten?: () => void;
}

interface Running {
  worker: Worker;
  ready: Promise<unknown>;
}

export function cancelled(name: string): MambaError {
  return new MambaError('CANCELLED', `The ${name} request was cancelled (a newer request, or the window or connection closed).`);
}

export class WorkerHost<Info = unknown> {
  private current: Running | undefined;
  private readonly queue: Job[] = [];
  private active: Job | undefined;
  private nextId = 1;
  private closed = false;
  /** How many workers were terminated for running past a deadline (bench, tests). */
  terminations = 0;
  /** How many jobs were cancelled before the worker started them (never run). */
  dropped = 0;

  constructor(private readonly o: WorkerHostOptions) {}

  /** Starts the worker (if not running) and resolves with what the engine reported once loaded. */
  start(): Promise<Info> {
    if (this.closed) return Promise.reject(new MambaError('CANCELLED', `The ${this.o.name} engine was closed.`));
    if (!this.current) this.current = this.spawn();
    return this.current.ready as Promise<Info>;
  }

  call<T>(method: string, args: unknown[], o: CallOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new MambaError('CANCELLED', `The ${this.o.name} engine was closed.`));
      if (o.signal?.aborted) return reject(cancelled(this.o.name));
      const job: Job = { id: this.nextId++, method, args, o, resolve: resolve as (v: unknown) => void, reject, settled: false };
      if (o.signal) {
        const signal = o.signal;
        const onAbort = (): void => {
          const i = this.queue.indexOf(job);
          if (i >= 0) {
            this.queue.splice(i, 1);
            this.dropped++;
          }
          this.settle(job, cancelled(this.o.name));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.unlisten = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Jobs waiting or running (bench, tests). */
  get pending(): number {
    return this.queue.length + (this.active ? 1 : 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new MambaError('CANCELLED', `The ${this.o.name} engine was closed.`);
    for (const j of this.queue.splice(0)) this.settle(j, err);
    if (this.active) this.settle(this.active, err);
    this.active = undefined;
    const cur = this.current;
    this.current = undefined;
    if (!cur) return;
    // Let the engine free what it holds (tesseract.js workers, tfjs memory), but never wait long. An idle worker
    // is unref'd: ref it again, else a caller awaiting close() in an otherwise idle process sees it exit first.
    cur.worker.ref();
    const graceful = new Promise<void>((resolve) => {
      cur.worker.once('exit', () => resolve());
      cur.worker.postMessage({ type: 'call', id: 0, method: 'close', args: [] } satisfies HostToWorker);
    });
    await Promise.race([graceful, new Promise((r) => setTimeout(r, 2000).unref())]);
    await cur.worker.terminate().catch(() => undefined);
  }

  private settle(job: Job, e: MambaError | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (job.timer) clearTimeout(job.timer);
    job.unlisten?.();
    if (e) job.reject(e);
    else job.resolve(value);
  }

  private pump(): void {
    if (this.active || this.closed) return;
    const job = this.queue.shift();
    if (!job) {
      this.current?.worker.unref();
      return;
    }
    this.active = job;
    void this.start().then(
      () => {
        const cur = this.current;
        if (!cur || this.active !== job) return;
        if (job.settled) return this.finish(job); // cancelled while the worker was starting
        cur.worker.ref();
        const deadline = job.o.deadlineMs ?? this.o.deadlineMs;
        job.timer = setTimeout(() => {
          this.settle(job, new MambaError('TIMEOUT', `The ${this.o.name} engine took longer than ${Math.round(deadline / 1000)} s and was stopped.`, 'try a smaller or simpler input; the engine restarts on the next request'));
          this.restart(cur);
        }, deadline);
        cur.worker.postMessage({ type: 'call', id: job.id, method: job.method, args: job.args } satisfies HostToWorker);
      },
      (e: unknown) => {
        this.settle(job, toMambaError(e, 'ENGINE_UNAVAILABLE'));
        this.finish(job);
      },
    );
  }

  private finish(job: Job): void {
    if (this.active === job) this.active = undefined;
    this.pump();
  }

  /** Terminates the worker (deadline passed, or it failed); queued jobs go to a fresh one. */
  private restart(cur: Running): void {
    if (this.current !== cur) return;
    this.current = undefined;
    this.terminations++;
    void cur.worker.terminate();
    const job = this.active;
    this.active = undefined;
    if (job) this.settle(job, new MambaError('ENGINE_UNAVAILABLE', `The ${this.o.name} engine stopped.`, 'try again: it restarts on the next request'));
    this.pump();
  }

  private spawn(): Running {
    const entry = this.o.entry();
    const workerData: unknown = typeof this.o.workerData === 'function' ? (this.o.workerData as () => unknown)() : this.o.workerData;
    const worker = entry.eval ? new Worker(entry.code, { eval: true, workerData }) : new Worker(entry.file, { workerData });
    let readyResolve!: (v: unknown) => void;
    let readyReject!: (e: MambaError) => void;
    const ready = new Promise<unknown>((res, rej) => ((readyResolve = res), (readyReject = rej)));
    ready.catch(() => undefined);
    const running: Running = { worker, ready };
    const lost = (e: MambaError): void => {
      readyReject(e);
      if (this.current === running) {
        this.current = undefined;
        const job = this.active;
        this.active = undefined;
        if (job) this.settle(job, e);
        this.pump();
      }
    };
    worker.on('message', (m: WorkerToHost) => {
      switch (m.type) {
        case 'ready':
          return readyResolve(m.info);
        case 'failed':
          lost(new MambaError(m.error.code, m.error.message, m.error.fix));
          void worker.terminate();
          return;
        case 'progress': {
          const job = m.id !== undefined && this.active?.id === m.id ? this.active : undefined;
          (job?.o.onProgress ?? this.o.onProgress)?.(m.progress);
          return;
        }
        case 'result': {
          const job = this.active;
          if (!job || job.id !== m.id) return; // a job that timed out or was closed
          if (m.ok) this.settle(job, null, m.result);
          else this.settle(job, new MambaError(m.error.code, m.error.message, m.error.fix));
          this.finish(job);
          return;
        }
        case 'callback': {
          const cb = this.o.callbacks?.[m.method];
          const signal = this.active?.o.signal;
          const answer = (r: HostToWorker): void => {
            if (this.current?.worker === worker) worker.postMessage(r);
          };
          if (!cb) return answer({ type: 'reply', id: m.id, ok: false, error: { code: 'INTERNAL', message: `no callback ${m.method}` } });
          void cb(m.args, signal).then(
            (result) => answer({ type: 'reply', id: m.id, ok: true, result }),
            (e: unknown) => answer({ type: 'reply', id: m.id, ok: false, error: toMambaError(e).toJSON() }),
          );
          return;
        }
      }
    });
    worker.on('error', (e) => lost(new MambaError('ENGINE_UNAVAILABLE', `The ${this.o.name} worker thread failed: ${e.message}`, 'try again; reinstall Mamba if this keeps happening')));
    worker.on('exit', (code) => {
      if (!this.closed) lost(new MambaError('ENGINE_UNAVAILABLE', `The ${this.o.name} worker thread stopped (exit code ${code}).`, 'try again: it restarts on the next request'));
    });
    return running;
  }
}
