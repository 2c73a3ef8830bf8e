/**
 * The worker-thread side of workerHost.ts: builds the hosted object once (reporting progress), then runs
 * the calls it receives, one at a time as the host sends them, and lets the hosted code call back into
 * the main thread.
 */
import { parentPort, workerData } from 'worker_threads';
import type { ProgressFn } from '../../shared/types';
import { MambaError, toMambaError } from '../../shared/errors';
import type { HostToWorker, WorkerToHost } from './workerHost';

export interface CallContext {
  /** Progress of this call (forwarded to the caller's onProgress). */
  progress: ProgressFn;
}

export interface Hosted {
  info: unknown;
  methods: Record<string, (args: unknown[], c: CallContext) => Promise<unknown>>;
  close(): Promise<void>;
}

export type ParentCall = (method: string, args: unknown[]) => Promise<unknown>;

export function serveInWorker(create: (data: unknown, onProgress: ProgressFn, callParent: ParentCall) => Promise<Hosted>): void {
  const port = parentPort;
  if (!port) throw new Error('serveInWorker runs only in a worker thread');
  const post = (m: WorkerToHost): void => port.postMessage(m);
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: MambaError) => void }>();
  let nextCallback = 1;
  const callParent: ParentCall = (method, args) =>
    new Promise((resolve, reject) => {
      const id = nextCallback++;
      waiting.set(id, { resolve, reject });
      post({ type: 'callback', id, method, args });
    });
  const hosted = create(workerData, (progress) => post({ type: 'progress', progress }), callParent);
  hosted.then(
    (h) => post({ type: 'ready', info: h.info }),
    (e: unknown) => post({ type: 'failed', error: toMambaError(e, 'ENGINE_UNAVAILABLE').toJSON() }),
  );
  port.on('message', (m: HostToWorker) => {
    if (m.type === 'reply') {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (!w) return;
      if (m.ok) w.resolve(m.result);
      else w.reject(new MambaError(m.error.code, m.error.message, m.error.fix));
      return;
    }
    if (m.method === 'close') {
      void hosted.then((h) => h.close()).catch(() => undefined).finally(() => process.exit(0));
      return;
    }
    void hosted
      .then((h) => {
        const fn = h.methods[m.method];
        if (!fn) throw new MambaError('INTERNAL', `unknown method ${m.method}`);
        return fn(m.args, { progress: (progress) => post({ type: 'progress', id: m.id, progress }) });
      })
      .then(
        (result) => post({ type: 'result', id: m.id, ok: true, result }),
        (e: unknown) => post({ type: 'result', id: m.id, ok: false, error: toMambaError(e).toJSON() }),
      );
  });
}
