/** WorkerHost on a real worker thread (eval'd code): a worker stopped at its deadline is replaced by one started with fresh workerData. */
import { execFileSync } from 'child_process';
import * as path from 'path';
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

test('close() of an idle host finishes in an otherwise idle process (the idle worker is unref\'d; close refs it again)', () => {
  // In a child process, as a bench or `mamba serve` shutting down has it: nothing else keeps the event loop alive.
  const root = path.resolve(__dirname, '../../../..');
  const script = `
    const { WorkerHost } = require(${JSON.stringify(path.join(root, 'src/main/platform/workerHost.ts'))});
    const code = ${JSON.stringify(WORKER)};
    (async () => {
      const host = new WorkerHost({ name: 'test', entry: () => ({ eval: true, code }), workerData: {}, deadlineMs: 5000 });
      await host.call('get', []);
      await new Promise((r) => setTimeout(r, 50));
      await host.close();
      console.log('closed');
    })();`;
  const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(out).toContain('closed');
});
