/**
 * Worker-thread entry of the CNN pool (workerPool.ts): its own tfjs wasm backend and its own copies of
 * the models, so two workers use both cores where tfjs-backend-wasm runs single-threaded in Node.
 */
import { parentPort } from 'worker_threads';
import { toMambaError } from '../../../shared/errors';
import { selectBackend } from './backend';
import { CnnModel } from './model';
import type { WorkerReply, WorkerRequest } from './workerPool';

const port = parentPort;
if (!port) throw new Error('cnnWorker.ts runs only as a worker thread');

const backend = selectBackend('wasm');
const models = new Map<string, Promise<CnnModel>>();

function model(dir: string): Promise<CnnModel> {
  let m = models.get(dir);
  if (!m) {
    m = backend.then(() => CnnModel.load(dir));
    models.set(dir, m);
    m.catch(() => models.delete(dir));
  }
  return m;
}

port.on('message', (req: WorkerRequest) => {
  void (async (): Promise<WorkerReply> => {
    try {
      const m = await model(req.dir);
      if (req.type === 'load') return { id: req.id, ok: true };
      const probs = m.classifyBatched(new Float32Array(req.images), req.n);
      return { id: req.id, ok: true, probs: probs.buffer as ArrayBuffer };
    } catch (e) {
      return { id: req.id, ok: false, error: toMambaError(e).toJSON() };
    }
  })().then((reply) => port.postMessage(reply, reply.ok && reply.probs ? [reply.probs] : []));
});
