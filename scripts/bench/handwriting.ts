/**
 * Handwriting benchmark: model load time, CNN latency for 1 character and a 64-character batch (warm),
 * and stroke-end -> text for a 5-character word drawn with real pen strokes (pendigits), on the backend
 * this machine has. Goals (issue 2): 1 char < 2 ms, 64 chars < 20 ms, stroke-end -> text < 50 ms on 2 cores.
 * Standalone: npx tsx scripts/bench/handwriting.ts [--backend wasm|cpu|tensorflow]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { createHandwritingEngine, defaultModelsDir } from '../../src/main/engines/handwriting';
import { selectBackend, BackendChoice } from '../../src/main/engines/handwriting/backend';
import { CnnModel } from '../../src/main/engines/handwriting/model';
import { loadPendigits } from '../../src/main/engines/handwriting/datasets/pendigits';
import { strokeBox, unionBox } from '../../src/main/engines/handwriting/drawing';
import { loadProtocolTestSplit, PIXELS, toFloat } from '../../src/main/engines/handwriting/datasets/emnist';
import { Drawing } from '../../src/shared/types';
import { runStandalone } from '../benchStandalone';

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function timeIt(runs: number, f: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await f(); // warm
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return Math.round(median(t) * 100) / 100;
}

/** A 5-digit "word" from one pendigits writer, placed like handwriting on a pad (y down, small gaps). */
function wordDrawing(dataDir: string): Drawing {
  const file = path.join(dataDir, 'pendigits', 'pendigits-orig-tes.txt');
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
  const dataDir = path.resolve(modelsDir, '..', '..', '..', 'shared', 'data');
  const out: Record<string, number | string> = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?' };

  let t0 = performance.now();
  const pick = await selectBackend(opts.backend ?? 'auto');
  out.backend = pick.name;
  out.backendInitMs = Math.round(performance.now() - t0);
  log(pick.reason);

  t0 = performance.now();
  const engine = await createHandwritingEngine({ modelsDir, backend: opts.backend ?? 'auto', preload: ['full'] });
  out.modelLoadMs = Math.round(performance.now() - t0); // read, verify sha256, build, warm up
  log(`full model load (read + verify + build + warm-up): ${out.modelLoadMs} ms (backend init ${out.backendInitMs} ms)`);

  const split = loadProtocolTestSplit(path.join(dataDir, 'emnist'), 64);
  const frames = toFloat(split.images);
  const one = frames.subarray(0, PIXELS);
  for (const id of ['full', 'letters']) {
    if (!fs.existsSync(path.join(modelsDir, id, 'manifest.json'))) continue;
    const model: CnnModel = await engine.model(id);
    const c1 = await timeIt(50, () => model.classify(one, 1));
    const c64 = await timeIt(20, () => model.classify(frames, 64));
    out[`${id}.char1Ms`] = c1;
    out[`${id}.batch64Ms`] = c64;
    out[`${id}.batch64PerCharMs`] = Math.round((c64 / 64) * 1000) / 1000;
    log(`${id}: 1 char ${c1} ms (goal < 2), 64 chars ${c64} ms (goal < 20) on ${pick.name}`);
  }

  const drawing = wordDrawing(dataDir);
  let text = '';
  const e2e = await timeIt(20, async () => {
    text = (await engine.recognizeDrawing(drawing, { model: 'full' })).text;
  });
  out.strokeEndToTextMs = e2e;
  out.strokeEndToTextSample = text;
  log(`stroke-end -> text, 5-character word (${drawing.strokes.length} strokes): ${e2e} ms (goal < 50), read as '${text}'`);

  const scribble: Drawing = { strokes: [Array.from({ length: 10000 }, (_, i) => [Math.sin(i / 3) * 100 + i / 20, Math.cos(i / 7) * 80] as [number, number])] };
  out.scribble10kMs = await timeIt(3, () => engine.recognizeDrawing(scribble).catch(() => undefined));
  log(`10,000-point scribble: ${out.scribble10kMs} ms`);
  await engine.close();
  return out;
}

if (require.main === module) {
  const i = process.argv.indexOf('--backend');
  const backend = i > 0 ? (process.argv[i + 1] as BackendChoice) : undefined;
  runStandalone('handwriting', (log) => runBench(log, { backend }));
}
