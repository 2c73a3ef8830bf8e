/**
 * Handwriting benchmark: model load time, CNN latency for 1 character and a 64-character batch (warm),
 * and stroke-end -> text for a 5-character word drawn with real pen strokes (pendigits), on the backend
 * this machine has, with the worker-thread pool off and on. Goals (issue 9): 1 char < 0.5 ms, 64 chars
 * < 20 ms on one wasm thread; stroke-end -> text < 50 ms on 2 cores (issue 2). Every shipped model is timed,
 * side by side: the small defaults (letters, full) and the seed CNN they replaced (letters-seed, full-seed). Also measured: how much of a second core this machine
 * had free during the run (other processes share it), which bounds what the pool can gain.
 * Standalone: npx tsx scripts/bench/handwriting.ts [--backend wasm|cpu|tensorflow]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { Worker } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { createHandwritingEngine, defaultModelsDir } from '../../src/main/engines/handwriting';
import { selectBackend, BackendChoice } from '../../src/main/engines/handwriting/backend';
import { CnnModel } from '../../src/main/engines/handwriting/model';
import { loadPendigits } from '../datasets/pendigits';
import { requireDataSet } from '../datasets/dataSets';
import { strokeBox, unionBox } from '../../src/main/engines/handwriting/drawing';
import { loadProtocolTestSplit, PIXELS, toFloat } from '../datasets/emnist';
import { Drawing } from '../../src/shared/types';
import { trajectoriesOf } from '../../src/main/engines/handwriting/strokeFeatures';
import { fuseProbs, trajectoryModelId } from '../../src/main/engines/handwriting/trajectoryFusion';
import { runStandalone } from '../benchStandalone';

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Best run of the last timeIt(): what the code does when this shared machine leaves it the cores. */
let lastBest = 0;

async function timeIt(runs: number, f: () => unknown | Promise<unknown>): Promise<number> {
  // Warm as many runs as are timed: V8 optimises tfjs's JavaScript side over tens of calls, as it has in an
  // app that has read a few words; three were not enough (1 char: 0.45 ms median after 3, 0.30 ms after 50).
  for (let i = 0; i < Math.max(3, runs); i++) await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  lastBest = Math.round(Math.min(...t) * 100) / 100;
  return Math.round(median(t) * 100) / 100;
}

/** Free cores right now: 2 x (time of one spinning thread) / (time of two at once); 2 = a second core idle. */
async function parallelCapacity(): Promise<number> {
  const spin = (k: number): Promise<number> => {
    const t0 = performance.now();
    const code = 'let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; require("worker_threads").parentPort.postMessage(x);';
    return Promise.all(Array.from({ length: k }, () => new Promise((r) => new Worker(code, { eval: true }).once('exit', r)))).then(() => performance.now() - t0);
  };
  const one = Math.min(await spin(1), await spin(1));
  const two = Math.min(await spin(2), await spin(2));
  return Math.round(((2 * one) / two) * 100) / 100;
}

/** A 5-digit "word" from one pendigits writer, placed like handwriting on a pad (y down, small gaps). */
function wordDrawing(): Drawing {
  const file = path.join(requireDataSet('pendigits'), 'pendigits-orig-tes.txt');
  const samples = loadPendigits(file).slice(0, 5);
  const strokes: [number, number, number][][] = [];
  let x = 0, t = 0;
  for (const s of samples) {
    const b = s.strokes.map(strokeBox).reduce(unionBox);
    for (const st of s.strokes) strokes.push(st.map((p) => [p[0] - b.x0 + x, p[1] - b.y0, (t += 10)] as [number, number, number]));
    x += b.x1 - b.x0 + 0.3 * (b.y1 - b.y0);
  }
  return { strokes };
}

export async function runBench(log: (line: string) => void, opts: { backend?: BackendChoice } = {}): Promise<Record<string, number | string>> {
  const modelsDir = defaultModelsDir();
  const out: Record<string, number | string> = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?' };

  let t0 = performance.now();
  const pick = await selectBackend(opts.backend ?? 'auto');
  out.backend = pick.name;
  out.backendInitMs = Math.round(performance.now() - t0);
  log(pick.reason);

  if (pick.name === 'wasm') {
    out.wasmSimd = String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    out.wasmThreads = String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    log(`wasm: SIMD ${out.wasmSimd} (tfjs-backend-wasm-simd.wasm), wasm threads ${out.wasmThreads}`);
  }

  t0 = performance.now();
  const engine = await createHandwritingEngine({ modelsDir, backend: opts.backend ?? 'auto', preload: ['full'], workers: 0 });
  out.modelLoadMs = Math.round(performance.now() - t0); // read, verify sha256, build, warm up
  log(`full model load (read + verify + build + warm-up): ${out.modelLoadMs} ms (backend init ${out.backendInitMs} ms)`);
  // The default engine: worker threads for batches (wasm only); their start-up is measured apart.
  t0 = performance.now();
  const pooled = await createHandwritingEngine({ modelsDir, backend: opts.backend ?? 'auto', preload: [] });
  out.workers = await pooled.workerThreads('full');
  out.workersStartMs = Math.round(performance.now() - t0);
  log(`worker threads: ${out.workers} (start + model load in each: ${out.workersStartMs} ms, in the background in the app)`);

  out.parallelCapacity = await parallelCapacity();
  log(`cores free during the run: ${out.parallelCapacity} of ${out.cpus} (2 threads vs 1; other processes share this machine)`);

  const split = loadProtocolTestSplit(requireDataSet('emnist'), 64);
  const frames = toFloat(split.images);
  const one = frames.subarray(0, PIXELS);
  for (const id of ['full', 'letters', 'full-seed', 'letters-seed']) {
    if (!fs.existsSync(path.join(modelsDir, id, 'manifest.json'))) continue;
    const model: CnnModel = await engine.model(id);
    const macs = model.macs;
    out[`${id}.macsPerChar`] = macs;
    const c1 = await timeIt(50, () => model.classify(one, 1));
    out[`${id}.char1BestMs`] = lastBest;
    const c64 = await timeIt(20, () => model.classify(frames, 64));
    const c64best = lastBest;
    out[`${id}.char1Ms`] = c1;
    out[`${id}.batch64Ms`] = c64;
    out[`${id}.batch64BestMs`] = c64best;
    out[`${id}.batch64PerCharMs`] = Math.round((c64 / 64) * 1000) / 1000;
    log(`${id} (${(macs / 1e6).toFixed(2)} M multiply-adds/char): 1 char ${c1} ms, best ${out[`${id}.char1BestMs`]} (goal < 0.5), 64 chars ${c64} ms, best ${c64best} (goal < 20) on ${pick.name}, one thread`);
    if (out.workers) {
      await pooled.workerThreads(id);
      const w64 = await timeIt(20, () => pooled.classifyFrames(frames, 64, id));
      out[`${id}.batch64WorkersMs`] = w64;
      out[`${id}.batch64WorkersBestMs`] = lastBest;
      log(`${id}: 64 chars ${w64} ms, best ${lastBest} with ${out.workers} worker threads (goal < 20)`);
    }
  }

  const drawing = wordDrawing();
  // Trajectory companions: the pair as the pad runs it per character (image CNN, then trajectory features,
  // the trajectory network and the fusion), on 64 real pen characters (the word's strokes, tiled).
  const chars64 = Array.from({ length: 64 }, (_, i) => [drawing.strokes[i % drawing.strokes.length]]);
  for (const id of ['full', 'letters']) {
    const fusion = await engine.trajectory(id);
    if (!fusion) continue;
    const tid = trajectoryModelId(id);
    const image = await engine.model(id), traj = fusion.model;
    const pair = (n: number): void => {
      const probs = image.classify(frames.subarray(0, n * PIXELS), n);
      fuseProbs(probs, traj.classify(trajectoriesOf(chars64.slice(0, n)), n), n, image.classes.length, fusion.weight);
    };
    const macs = image.macs + traj.macs;
    out[`${tid}.macsPerChar`] = traj.macs;
    out[`${id}+strokes.macsPerChar`] = macs;
    out[`${id}+strokes.char1Ms`] = await timeIt(50, () => pair(1));
    out[`${id}+strokes.char1BestMs`] = lastBest;
    out[`${id}+strokes.batch64Ms`] = await timeIt(20, () => pair(64));
    out[`${id}+strokes.batch64BestMs`] = lastBest;
    log(`${id} + ${tid} (${(macs / 1e6).toFixed(2)} M multiply-adds/char, trajectory ${(traj.macs / 1e6).toFixed(2)} M): 1 char ${out[`${id}+strokes.char1Ms`]} ms, best ${out[`${id}+strokes.char1BestMs`]} (goal < 0.5), ` +
      `64 chars ${out[`${id}+strokes.batch64Ms`]} ms, best ${lastBest} (goal < 20) on ${pick.name}, one thread`);
  }

  for (const [label, e] of [['', engine], ['Workers', pooled]] as const) {
    if (label && !out.workers) continue;
    let text = '';
    const e2e = await timeIt(20, async () => {
      text = (await e.recognizeDrawing(drawing, { model: 'full' })).text;
    });
    out[`strokeEndToText${label}Ms`] = e2e;
    out.strokeEndToTextSample = text;
    log(`stroke-end -> text, 5-character word (${drawing.strokes.length} strokes)${label ? ', workers on (5 < 8 chars: stays on this thread)' : ''}: ${e2e} ms (goal < 50), read as '${text}'`);
  }

  const scribble: Drawing = { strokes: [Array.from({ length: 10000 }, (_, i) => [Math.sin(i / 3) * 100 + i / 20, Math.cos(i / 7) * 80] as [number, number])] };
  out.scribble10kMs = await timeIt(3, () => engine.recognizeDrawing(scribble).catch(() => undefined));
  log(`10,000-point scribble: ${out.scribble10kMs} ms`);
  await engine.close();
  await pooled.close();
  return out;
}

if (require.main === module) {
  const i = process.argv.indexOf('--backend');
  const backend = i > 0 ? (process.argv[i + 1] as BackendChoice) : undefined;
  runStandalone('handwriting', (log) => runBench(log, { backend }));
}
