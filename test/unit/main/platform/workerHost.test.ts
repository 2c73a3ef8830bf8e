/** WorkerHost on a real worker thread (eval'd code): a worker stopped at its deadline is replaced by one started with fresh workerData. */
import { WorkerHost } from '../../../../src/main/platform/workerHost';

// Answers every call with the workerData it was started with; 'hang' never answers.
const WORKER = `
const { parentPort, workerData } = require('worker_threads');
parentPort.postMessage({ type: 'ready', info: workerData });
parentPort.on('message', (m) => {
  if (m.type !== 'call' || m.method === 'hang') return;
  parentPort.postMessage({ type: 'result', id: m.id, ok: true, result: workerData });
});`;

test('a worker restarted after a deadline starts with workerData asked anew (what a proxy taught the lost one)', async () => {
  const taught: string[] = [];
  const host = new WorkerHost<{ taught: string[] }>({
    name: 'test',
    entry: () => ({ eval: true, code: WORKER }),
    workerData: () => ({ taught: [...taught] }),
    deadlineMs: 300,
  });
  try {
    expect((await host.start()).taught).toEqual([]);
    taught.push('x'); // taught to the running worker (by a call, in the real proxy)
    await expect(host.call('hang', [])).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(host.terminations).toBe(1);
    expect(await host.call('get', [])).toEqual({ taught: ['x'] });
  } finally {
    await host.close();
  }
});
