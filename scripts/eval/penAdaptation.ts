/**
 * Learning from corrections (issue 9, part 4), measured per writer: each writer of a split writes their
 * characters in a random (seeded) order; while they write, every character the recogniser gets wrong is
 * corrected (added to the PrototypeAdapter, as the app does) until N corrections; then their error rate on
 * the REST of their characters is measured without and with the adapter. Mean over writers (and how many
 * writers got better / worse). Each character goes through the app's renderer and the CNN once
 * (classifyAndEmbed), and, where the model has a trajectory companion, the trajectory network's reading too;
 * as in the engine, each network's reading is adjusted by its own prototypes (its own embedding of the
 * corrected characters) and the two are then fused; a reading is right when its shape matches the label as decode.ts folds it (case of
 * same-shape letters is context's job). Writers with fewer than MIN_REST characters left are skipped.
 * Standalone: npx tsx scripts/eval/penAdaptation.ts [--split validation|test] [--model full] [--tune] (--help)
 */
import { defineCommand } from '../../src/apps/cli/command';
import { HandwritingEngine } from '../../src/main/engines/handwriting';
import { ADAPTER_PARAMS, AdapterParams, PrototypeAdapter } from '../../src/main/engines/handwriting/adapter';
import { fold } from '../../src/main/engines/handwriting/decode';
import { strokeBox, unionBox } from '../../src/main/engines/handwriting/drawing';
import { characterFeatures, trajectoriesOf } from '../../src/main/engines/handwriting/strokeFeatures';
import { fuseProbs } from '../../src/main/engines/handwriting/trajectoryFusion';
import { INPUT_SIZE } from '../../src/main/engines/handwriting/model';
import { renderStrokes } from '../../src/main/engines/handwriting/normalize';
import { seededRng } from '../lib/seededRng';
import { requireDataSet } from '../datasets/dataSets';
import { loadPenChars, PEN_SPLITS, PenChar, PenSplit } from '../datasets/pen';
import { runScript } from '../lib/runScript';
import { withHandwritingEngine } from '../lib/withHandwritingEngine';

const PIX = INPUT_SIZE * INPUT_SIZE;
const MIN_REST = 30;

export interface AdaptationResult {
  split: PenSplit;
  model: string;
  corrections: number;
  writers: number;
  /** Mean over writers of their error rate on the characters after the corrections. */
  errorBefore: number;
  errorAfter: number;
  improved: number;
  worse: number;
  params: AdapterParams;
}

interface WriterData {
  writer: string;
  labels: string[];
  probs: Float32Array;
  emb: Float32Array;
  /** The trajectory network's probabilities and embeddings, when the model has one. */
  traj?: { probs: Float32Array; embedding: Float32Array };
}

interface EmbeddedWriters {
  writers: WriterData[];
  classes: string[];
  dim: number;
  /** The trajectory companion's fusion weight and embedding size; undefined: image CNN alone. */
  fusion?: { weight: number; dim: number };
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

/** Each writer's characters (shuffled, seeded) through the renderer and the CNN once. */
export async function embedWriters(engine: HandwritingEngine, model: string, chars: PenChar[], seed = 2026): Promise<EmbeddedWriters> {
  const cnn = await engine.model(model);
  // The companion the engine itself would fuse (none, or one left out with its reason reported).
  const fusion = await engine.trajectory(model);
  const traj = fusion?.model;
  const by = new Map<string, PenChar[]>();
  for (const c of chars) {
    if (!cnn.classes.includes(c.label) && !cnn.classes.includes(c.label.toUpperCase())) continue;
    if (!by.has(c.writer)) by.set(c.writer, []);
    by.get(c.writer)!.push(c);
  }
  const rng = seededRng(seed);
  const writers: WriterData[] = [];
  for (const writer of [...by.keys()].sort()) {
    const list = by.get(writer)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    const frames = new Float32Array(list.length * PIX);
    list.forEach((c, i) => frames.set(renderStrokes(c.strokes, c.strokes.map(strokeBox).reduce(unionBox)), i * PIX));
    const probs = new Float32Array(list.length * cnn.classes.length), emb = new Float32Array(list.length * cnn.embeddingSize);
    for (let s = 0; s < list.length; s += 256) {
      const m = Math.min(256, list.length - s);
      const r = cnn.classifyAndEmbed(frames.subarray(s * PIX, (s + m) * PIX), m);
      probs.set(r.probs, s * cnn.classes.length);
      emb.set(r.embedding, s * cnn.embeddingSize);
    }
    const feats = traj && trajectoriesOf(list.map((c) => c.strokes), characterFeatures);
    writers.push({ writer, labels: list.map((c) => c.label), probs, emb, ...(traj && feats ? { traj: traj.classifyAndEmbed(feats, list.length) } : {}) });
  }
  return { writers, classes: cnn.classes, dim: cnn.embeddingSize, ...(fusion ? { fusion: { weight: fusion.weight, dim: fusion.model.embeddingSize } } : {}) };
}

function rightAt(p: Float32Array, classes: string[], label: string): boolean {
  let best = 0;
  for (let c = 1; c < classes.length; c++) if (p[c] > p[best]) best = c;
  return fold(classes[best]) === fold(label) || classes[best] === label.toUpperCase();
}

export function simulateCorrections(data: EmbeddedWriters, corrections: number, params: AdapterParams): Omit<AdaptationResult, 'split' | 'model'> {
  const K = data.classes.length;
  type Adapters = { image: PrototypeAdapter; traj?: PrototypeAdapter };
  /** Character j of writer w as the engine reads it: each network adjusted by its prototypes (if given), then fused. */
  const read = (w: WriterData, j: number, a?: Adapters): Float32Array => {
    const p = w.probs.slice(j * K, (j + 1) * K);
    a?.image.adjust(p, w.emb.subarray(j * data.dim, (j + 1) * data.dim), 1);
    if (w.traj && data.fusion) {
      const { weight, dim } = data.fusion;
      const t = w.traj.probs.slice(j * K, (j + 1) * K);
      a?.traj?.adjust(t, w.traj.embedding.subarray(j * dim, (j + 1) * dim), 1);
      fuseProbs(p, t, 1, K, weight);
    }
    return p;
  };
  let sumBefore = 0, sumAfter = 0, n = 0, improved = 0, worse = 0;
  for (const w of data.writers) {
    const adapter: Adapters = {
      image: new PrototypeAdapter(data.classes, data.dim, params),
      ...(data.fusion ? { traj: new PrototypeAdapter(data.classes, data.fusion.dim, params) } : {}),
    };
    let made = 0, i = 0;
    // The user writes on; each misread character (as read with what the adapters know so far) is corrected.
    for (; i < w.labels.length && made < corrections; i++) {
      if (rightAt(read(w, i, adapter), data.classes, w.labels[i])) continue;
      if (!adapter.image.add(w.emb.subarray(i * data.dim, (i + 1) * data.dim), w.labels[i])) continue;
      if (adapter.traj && w.traj && data.fusion) adapter.traj.add(w.traj.embedding.subarray(i * data.fusion.dim, (i + 1) * data.fusion.dim), w.labels[i]);
      made++;
    }
    const rest = w.labels.length - i;
    if (rest < MIN_REST) continue;
    let errB = 0, errA = 0;
    for (let j = i; j < w.labels.length; j++) {
      if (!rightAt(read(w, j), data.classes, w.labels[j])) errB++;
      if (!rightAt(read(w, j, adapter), data.classes, w.labels[j])) errA++;
    }
    sumBefore += errB / rest;
    sumAfter += errA / rest;
    if (errA < errB) improved++;
    if (errA > errB) worse++;
    n++;
  }
  return { corrections, writers: n, errorBefore: sumBefore / Math.max(1, n), errorAfter: sumAfter / Math.max(1, n), improved, worse, params };
}

export async function evalPenAdaptation(engine: HandwritingEngine, split: PenSplit, log: (l: string) => void, model = 'full', corrections = 20, params = ADAPTER_PARAMS): Promise<AdaptationResult> {
  const data = await embedWriters(engine, model, loadPenChars(requireDataSet('pen'), { splits: [split] }));
  const r = { split, model, ...simulateCorrections(data, corrections, params) };
  log(`adaptation (${model}${data.fusion ? " + its trajectory network" : ", image CNN alone"}, pen ${split} writers: ${r.writers}): after correcting each writer's first ${corrections} mistakes, error on the rest ${pct(r.errorBefore)} -> ${pct(r.errorAfter)} (mean over writers; ${r.improved} better, ${r.worse} worse)`);
  return r;
}

/** Grid over the adapter's parameters on the validation writers. */
export async function tuneAdapter(engine: HandwritingEngine, log: (l: string) => void, model = 'full'): Promise<AdapterParams> {
  const data = await embedWriters(engine, model, loadPenChars(requireDataSet('pen'), { splits: ['validation'] }));
  let best = ADAPTER_PARAMS, bestErr = Infinity;
  for (const minSimilarity of [0.6, 0.7, 0.8, 0.9])
    for (const maxWeight of [0.5, 0.9])
      for (const temperature of [0.02, 0.1]) {
        const params = { ...ADAPTER_PARAMS, minSimilarity, maxWeight, temperature };
        const r = simulateCorrections(data, 20, params);
        log(`  tune ${JSON.stringify(params)}: ${pct(r.errorBefore)} -> ${pct(r.errorAfter)} (${r.improved} better, ${r.worse} worse)`);
        if (r.errorAfter < bestErr) {
          bestErr = r.errorAfter;
          best = params;
        }
      }
  log(`best adapter parameters on validation writers: ${JSON.stringify(best)}`);
  return best;
}

export const penAdaptationCommand = defineCommand(
  {
    name: 'penAdaptation',
    program: 'npx tsx scripts/eval/penAdaptation.ts',
    summary: "Learning from corrections, per pen writer: each writer's error rate on the rest of their characters without and with the adapter after N corrections.",
    options: {
      split: { type: 'string', choices: PEN_SPLITS, default: 'validation', help: 'the writers measured (test only for the final figure)' },
      model: { type: 'string', value: 'MODEL', default: 'full', help: 'the handwriting model' },
      tune: { type: 'boolean', help: "grid over the adapter's parameters on the validation writers (ignores --split)" },
    },
  },
  ({ values }) =>
    withHandwritingEngine(async (engine) => {
      if (values.tune) await tuneAdapter(engine, console.log, values.model);
      else await evalPenAdaptation(engine, values.split as PenSplit, console.log, values.model);
      return 0;
    }),
);

if (require.main === module) runScript(penAdaptationCommand);
