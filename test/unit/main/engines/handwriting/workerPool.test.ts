/**
 * The CNN worker pool: real worker threads running the real tfjs wasm backend and shipped model, started
 * both from the TypeScript sources (tsx hook, as under jest/tsx) and from compiled JavaScript (as in dist/);
 * a worker that cannot start or dies mid-batch makes the engine fall back to its own thread.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';
import { createHandwritingEngine, defaultModelsDir } from '../../../../../src/main/engines/handwriting';
import { CnnWorkerPool, workerEntry } from '../../../../../src/main/engines/handwriting/workerPool';
import { MambaError } from '../../../../../src/shared/errors';
import { ProgressFn } from '../../../../../src/shared/types';
import { packageRoot } from '../../../../../src/main/platform/appPaths';

type Progress = Parameters<ProgressFn>[0];

const ROOT = packageRoot();
const FULL = path.join(defaultModelsDir(), 'full');
// Inside the repo so the compiled files resolve node_modules the way dist/ does.
const SCRATCH = path.join(ROOT, 'node_modules', '.cache', 'mamba-handwriting-workers-test');

const ref = JSON.parse(fs.readFileSync(path.join(FULL, 'reference.json'), 'utf8')) as { n: number; pixels: string; probs: number[][] };
const frames = Float32Array.from(Buffer.from(ref.pixels, 'base64'), (v) => v / 255);
const K = ref.probs[0].length;

function maxDiffToTorch(p: Float32Array): number {
  let d = 0;
  for (let i = 0; i < ref.n; i++) for (let j = 0; j < K; j++) d = Math.max(d, Math.abs(p[i * K + j] - ref.probs[i][j]));
  return d;
}

function fakeWorker(name: string, body: string): string {
  const dir = path.join(SCRATCH, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cnnWorker.js'), body);
  return dir;
}

afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

test('from the TypeScript sources: 2 workers split a batch and match the in-thread CNN and torch', async () => {
  expect(workerEntry().eval).toBe(true); // no compiled sibling next to src/: the tsx hook is used
  const steps: string[] = [];
  const pooled = await createHandwritingEngine({ backend: 'wasm', workers: 2, workerMinBatch: 2, preload: ['full'], onProgress: (p) => steps.push(p.step) });
  const single = await createHandwritingEngine({ backend: 'wasm', workers: 0, preload: [] });
  try {
    expect(await pooled.workerThreads('full')).toBe(2);
    expect(await single.workerThreads('full')).toBe(0);
    const a = await pooled.classifyFrames(frames, ref.n, 'full');
    const b = await single.classifyFrames(frames, ref.n, 'full');
    expect(Array.from(a.probs)).toEqual(Array.from(b.probs)); // same kernels, same numbers, rows in order
    expect(maxDiffToTorch(a.probs)).toBeLessThan(1e-4);
    expect(steps.join('\n')).not.toMatch(/worker threads off/); // the pool answered, not the fallback
    expect(await pooled.workerThreads('full')).toBe(2);
  } finally {
    await pooled.close();
    await single.close();
  }
});

test('from compiled JavaScript (dist layout): the .js worker starts without tsx and gives the same result', async () => {
  const out = path.join(SCRATCH, 'compiled');
  const entries = ['src/main/engines/handwriting/*.ts', 'src/shared/*.ts'].flatMap((g) => {
    const dir = path.join(ROOT, path.dirname(g));
    return fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  });
  await build({ entryPoints: entries, outbase: ROOT, outdir: out, format: 'cjs', platform: 'node', logLevel: 'silent' });
  const dir = path.join(out, 'src', 'main', 'engines', 'handwriting');
  expect(workerEntry(dir)).toEqual({ file: path.join(dir, 'cnnWorker.js'), eval: false });
  const pool = new CnnWorkerPool(2, dir);
  try {
    const p = await pool.classify(FULL, frames, ref.n, K);
    expect(maxDiffToTorch(p)).toBeLessThan(1e-4);
  } finally {
    await pool.close();
  }
  await expect(pool.classify(FULL, frames, ref.n, K)).rejects.toMatchObject({ code: 'CANCELLED' });
});

test('a worker that cannot start -> ENGINE_UNAVAILABLE naming the cause; the engine says so and runs in-thread', async () => {
  const dir = fakeWorker('throws', "throw new Error('worker start-up exploded');\n");
  const pool = new CnnWorkerPool(1, dir);
  const err = (await pool.load(FULL).catch((e: unknown) => e)) as MambaError;
  expect(err).toBeInstanceOf(MambaError);
  expect(err.code).toBe('ENGINE_UNAVAILABLE');
  expect(err.message).toMatch(/worker start-up exploded/);
  expect(err.fix).toMatch(/MAMBA_HW_WORKERS=0/);
  await pool.close();

  const steps: Progress[] = [];
  const engine = await createHandwritingEngine({ backend: 'wasm', workers: 2, workerMinBatch: 2, workerEntryDir: dir, preload: [], onProgress: (p) => steps.push(p) });
  try {
    expect(await engine.workerThreads('full')).toBe(0);
    expect(steps.map((s) => s.step).join('\n')).toMatch(/worker threads off.*worker start-up exploded/);
    expect(maxDiffToTorch((await engine.classifyFrames(frames, ref.n, 'full')).probs)).toBeLessThan(1e-4);
  } finally {
    await engine.close();
  }
});

test('a worker that dies in the middle of a batch: that batch and later ones are still answered in-thread', async () => {
  // Loads fine, then exits while classifying.
  const dir = fakeWorker(
    'dies',
    "const { parentPort } = require('worker_threads');\n" +
      "parentPort.on('message', (r) => { if (r.type === 'load') parentPort.postMessage({ id: r.id, ok: true }); else process.exit(3); });\n",
  );
  const steps: string[] = [];
  const engine = await createHandwritingEngine({ backend: 'wasm', workers: 2, workerMinBatch: 2, workerEntryDir: dir, preload: [], onProgress: (p) => steps.push(p.step) });
  try {
    expect(await engine.workerThreads('full')).toBe(2); // start-up looked healthy
    const first = await engine.classifyFrames(frames, ref.n, 'full');
    expect(maxDiffToTorch(first.probs)).toBeLessThan(1e-4);
    expect(steps.join('\n')).toMatch(/worker threads off.*exit code 3/);
    expect(await engine.workerThreads('full')).toBe(0);
    expect(maxDiffToTorch((await engine.classifyFrames(frames, ref.n, 'full')).probs)).toBeLessThan(1e-4);
  } finally {
    await engine.close();
  }
});
