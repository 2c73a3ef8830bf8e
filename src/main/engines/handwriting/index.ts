/**
 * Handwriting engine: drawing or image -> segmentation -> 28x28 frames -> CNN (tfjs) -> decoded text.
 * One instance owns its loaded models (weights stay on the backend until close()).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MambaError, toMambaError } from '../../../shared/errors';
import { Drawing, HandwritingModelId, ProgressFn, Recognition, RecognizedWord, Stroke } from '../../../shared/types';
import { BackendChoice, selectBackend } from './backend';
import { CharEvidence, decodeLine } from './decode';
import { Box, parseDrawing, simplifyDrawing, strokeBox, unionBox } from './drawing';
import { binarize, components, cropMask, decodeGrey } from './image';
import { CnnModel, INPUT_SIZE, MAX_BATCH } from './model';
import { FRAME, FrameParams, frameMask, renderStrokes } from './normalize';
import { CharGroup, Item, LineGroup, segment } from './segment';
import { chooseCuts, CUT_WEIGHTS, CutWeights, Hypothesis, keepWhole, proposeWord, readHypothesis, wholeDrawing, WordProposal } from './cutSearch';
import { PrototypeAdapter } from './adapter';
import { CnnWorkerPool } from './workerPool';
import { characterFeatures, trajectoriesOf } from './strokeFeatures';
import { fuseProbs, fusionMismatch, trajectoryModelId } from './trajectoryFusion';

export { parseDrawing } from './drawing';
export { CnnModel } from './model';

export const DEFAULT_MODEL: HandwritingModelId = 'full';
const PIX = INPUT_SIZE * INPUT_SIZE;
/** Isolated marks smaller than this fraction of the line height are punctuation or noise: not classified. */
const MIN_CHAR = 0.2;
/**
 * More separate marks than this in one image is a texture (grass: ~1,900), not writing (a dense page of
 * handwriting: ~1,000): refused before framing and the CNN, which cost ~1 ms per mark.
 */
export const MAX_IMAGE_MARKS = 1500;
/**
 * Smallest batch split across the worker threads. A character costs ~2 ms on wasm and a round trip
 * ~0.5 ms; below 8 characters the CNN already takes < 20 ms on one thread and a split only pays when the
 * second core is idle (scripts/bench/handwriting.ts measures both).
 */
const WORKER_MIN_BATCH = 8;
/** Corrected samples embedded per slice before yielding to the event loop (~64 x 2 ms). */
const ADAPT_SLICE = 64;

/** Worker threads for big batches: MAMBA_HW_WORKERS, else one per core up to 4 (none on a single core). */
function defaultWorkers(): number {
  const env = process.env.MAMBA_HW_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? Math.min(cores, 4) : 0;
}

export interface HandwritingEngineOptions {
  /** Folder with one sub-folder per model id (default: <repo>/models/handwriting). */
  modelsDir?: string;
  backend?: BackendChoice;
  onProgress?: ProgressFn;
  /** Models loaded (and warmed up) at creation; others load on first use. Default: the default model if present. */
  preload?: string[];
  /** wasm only: worker threads (browsers/Electron renderer with cross-origin isolation). */
  wasmThreads?: number;
  /**
   * wasm backend only: worker threads (each its own tfjs wasm + model copy) that split batches of
   * >= workerMinBatch characters across cores. Default: MAMBA_HW_WORKERS, else min(cores, 4); 0 = off.
   */
  workers?: number;
  workerMinBatch?: number;
  /** Folder holding cnnWorker.js/.ts (tests); default: next to this file. */
  workerEntryDir?: string;
  /** Rendering parameters (evaluation and tuning only). */
  frame?: FrameParams;
}

export interface RecognizeOptions {
  model?: HandwritingModelId;
  /** false: each character is the CNN's top class, no context decoding (evaluation baseline). Default true. */
  context?: boolean;
  /**
   * Drawings: 'recognition' (default) lets the CNN and the word list choose between the geometric
   * characters, merges of them and splits into pen-order stroke runs (cutSearch.ts); 'geometric' keeps the
   * box rules alone (evaluation baseline). Images always use the box rules.
   */
  segmentation?: 'recognition' | 'geometric';
  /** Weights of the cut search (tuning on validation writers only). */
  cutWeights?: CutWeights;
  /**
   * Drawings: false reads every character by its image alone, without the trajectory network (evaluation
   * baseline). Default true: fused wherever the model has a trajectory companion (<id>-strokes).
   */
  trajectory?: boolean;
}

/** A character the user corrected: its strokes and the label they gave. */
export interface CorrectedSample {
  label: string;
  strokes: Stroke[];
}

export interface HandwritingEngine {
  readonly backend: string;
  /** One line: backend picked and why the faster ones were skipped. */
  readonly backendReason: string;
  recognizeDrawing(d: Drawing, o?: RecognizeOptions): Promise<Recognition>;
  recognizeImage(bytes: Uint8Array, o?: RecognizeOptions): Promise<Recognition>;
  /** Raw class probabilities for n ready-made 28x28 frames (evaluation); any model id in modelsDir. */
  classifyFrames(frames: Float32Array, n: number, model: string): Promise<{ probs: Float32Array; classes: string[] }>;
  /**
   * Class probabilities of whole drawings each read as one character, as recognizeDrawing reads a
   * one-character drawing before context: image CNN, corrections, and the trajectory network fused in
   * (unless trajectory is false). For evaluation.
   */
  classifyDrawings(chars: Stroke[][], model: string, o?: { trajectory?: boolean }): Promise<{ probs: Float32Array; classes: string[] }>;
  /** The model (loading it if needed); for tooling that needs its manifest. */
  model(id: string): Promise<CnnModel>;
  /**
   * Learns from corrected characters (adapter.ts): each becomes a prototype of its label for every model
   * used from now on. Works in slices that yield to the event loop, so thousands at start do not block.
   * Resolves to how many samples the engine now holds.
   */
  adapt(samples: CorrectedSample[]): Promise<number>;
  /** Forgets every correction learnt (the user's reset). */
  forgetAdaptation(): void;
  /**
   * The trajectory network the engine fuses with image model `id` and its fusion weight; undefined when the
   * model has none, or it was left out (the reason is reported once through onProgress).
   */
  trajectory(id: string): Promise<{ model: CnnModel; weight: number } | undefined>;
  /** Waits until the worker threads hold the model; resolves to how many split big batches (0: the CNN runs on this thread). */
  workerThreads(model?: string): Promise<number>;
  close(): Promise<void>;
}

/** <repo>/models/handwriting, found from this file both in src/ (tsx, jest) and in dist/ (built). */
export function defaultModelsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const cand = path.join(dir, 'models', 'handwriting');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(cand)) return cand;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.resolve(__dirname, '..', '..', '..', '..', 'models', 'handwriting');
}

export async function createHandwritingEngine(opts: HandwritingEngineOptions = {}): Promise<HandwritingEngine> {
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const frame = opts.frame ?? FRAME;
  opts.onProgress?.({ step: 'handwriting: starting tfjs', fraction: 0 });
  const pick = await selectBackend(opts.backend ?? 'auto', { wasmThreads: opts.wasmThreads });
  opts.onProgress?.({ step: pick.reason });
  const models = new Map<string, Promise<CnnModel>>();
  let closed = false;
  // Native TensorFlow already uses every core; the pool is for wasm, which runs on one thread in Node.
  const nWorkers = pick.name === 'wasm' ? (opts.workers ?? defaultWorkers()) : 0;
  let pool: CnnWorkerPool | undefined = nWorkers > 0 ? new CnnWorkerPool(nWorkers, opts.workerEntryDir) : undefined;
  const minBatch = Math.max(2, opts.workerMinBatch ?? WORKER_MIN_BATCH);
  /** Any worker failure: say so once, stop using the pool, the CNN runs on this thread from now on. */
  const dropPool = (e: unknown): void => {
    if (!pool || closed) return;
    const p = pool;
    pool = undefined;
    void p.close();
    opts.onProgress?.({ step: `handwriting: worker threads off, the CNN runs on one thread (${toMambaError(e).toLine()})` });
  };
  const warmPool = (dir: string): Promise<void> => (pool ? pool.load(dir).catch(dropPool) : Promise.resolve());

  const getModel = (id: string): Promise<CnnModel> => {
    if (closed) return Promise.reject(new MambaError('CANCELLED', 'The handwriting engine was closed'));
    if (!/^[A-Za-z0-9_-]+$/.test(id))
      return Promise.reject(new MambaError('BAD_INPUT', `Unknown handwriting model '${id}'`, 'use --model letters or --model full'));
    let m = models.get(id);
    if (!m) {
      m = CnnModel.load(path.join(modelsDir, id), opts.onProgress);
      models.set(id, m);
      m.catch(() => models.delete(id)); // a failed load can be retried after the user fixes the files
    }
    return m;
  };

  /**
   * The trajectory network that goes with an image model, if its folder is there. One that will not load or
   * does not fit is reported once and left out: the pad then reads by image alone, as before it existed.
   */
  const trajectories = new Map<string, Promise<{ model: CnnModel; weight: number } | undefined>>();
  const trajectoryFor = (image: CnnModel): Promise<{ model: CnnModel; weight: number } | undefined> => {
    const id = trajectoryModelId(image.id);
    let t = trajectories.get(id);
    if (!t) {
      t = !fs.existsSync(path.join(modelsDir, id, 'manifest.json'))
        ? Promise.resolve(undefined)
        : getModel(id).then(
            (model) => {
              const why = fusionMismatch(image, model);
              if (!why) return { model, weight: model.manifest.fusion!.weight };
              opts.onProgress?.({ step: `handwriting: trajectory model ${id} left out (${why}); reading by image alone` });
              return undefined;
            },
            (e: unknown) => {
              opts.onProgress?.({ step: `handwriting: trajectory model ${id} left out (${toMambaError(e).toLine()}); reading by image alone` });
              return undefined;
            },
          );
      trajectories.set(id, t);
    }
    return t;
  };
  /**
   * Fuses the trajectory network's reading of each character into `probs` (n x classes, the image CNN's with
   * the corrections applied), in place. The corrections adjust the trajectory network's reading too, by its
   * own embedding: otherwise it would out-vote a correction of the user's unusual letter.
   */
  const fuseTrajectories = async (image: CnnModel, probs: Float32Array, chars: Stroke[][]): Promise<void> => {
    const t = await trajectoryFor(image);
    if (!t || chars.length === 0) return;
    const feats = trajectoriesOf(chars);
    const adapter = await adapterFor(t.model);
    let traj: Float32Array;
    if (adapter) {
      const r = t.model.classifyAndEmbed(feats, chars.length);
      adapter.adjust(r.probs, r.embedding, chars.length);
      traj = r.probs;
    } else traj = t.model.classifyBatched(feats, chars.length);
    fuseProbs(probs, traj, chars.length, image.classes.length, t.weight);
  };

  const preload = opts.preload ?? (fs.existsSync(path.join(modelsDir, DEFAULT_MODEL, 'manifest.json')) ? [DEFAULT_MODEL] : []);
  for (const id of preload) {
    const m = await getModel(id);
    void warmPool(m.dir); // workers load in the background
    await trajectoryFor(m);
  }

  // Corrections: the samples, and per model a prototype adapter holding the first `done` of them embedded.
  const corrections: CorrectedSample[] = [];
  const adapters = new Map<string, { adapter: PrototypeAdapter; done: number }>();
  /** The model's adapter, brought up to date with every sample (embedded in slices, yielding in between). */
  const adapterFor = async (model: CnnModel): Promise<PrototypeAdapter | undefined> => {
    if (corrections.length === 0) return undefined;
    let a = adapters.get(model.dir);
    if (!a) adapters.set(model.dir, (a = { adapter: new PrototypeAdapter(model.classes, model.embeddingSize), done: 0 }));
    while (a.done < corrections.length) {
      const slice = corrections.slice(a.done, a.done + ADAPT_SLICE);
      // Each model compares what it reads: the image CNN frames, a trajectory network pen paths.
      const size = model.inputSize;
      const inputs = new Float32Array(slice.length * size);
      slice.forEach((c, i) =>
        inputs.set(
          model.readsTrajectories ? characterFeatures(c.strokes) : renderStrokes(c.strokes, c.strokes.map(strokeBox).reduce(unionBox), frame),
          i * size,
        ),
      );
      const emb = model.embed(inputs, slice.length);
      slice.forEach((c, i) => a!.adapter.add(emb.subarray(i * model.embeddingSize, (i + 1) * model.embeddingSize), c.label));
      a.done += slice.length;
      if (a.done < corrections.length) await new Promise((r) => setImmediate(r));
    }
    return a.adapter;
  };

  const classify = async (frames: Float32Array, n: number, id: string): Promise<{ probs: Float32Array; classes: string[] }> => {
    const model = await getModel(id);
    const adapter = await adapterFor(model);
    if (adapter) {
      // One pass gives probabilities and embeddings; the prototypes then re-weight the probabilities.
      const probs = new Float32Array(n * model.classes.length);
      for (let s = 0; s < n; s += MAX_BATCH) {
        const m = Math.min(MAX_BATCH, n - s);
        const r = model.classifyAndEmbed(frames.subarray(s * PIX, (s + m) * PIX), m);
        adapter.adjust(r.probs, r.embedding, m);
        probs.set(r.probs, s * model.classes.length);
      }
      return { probs, classes: model.classes };
    }
    if (pool && n >= minBatch) {
      // Until the workers hold this model a batch runs here rather than waiting for their start-up.
      if (!pool.isReady(model.dir)) void warmPool(model.dir);
      else {
        try {
          return { probs: await pool.classify(model.dir, frames, n, model.classes.length), classes: model.classes };
        } catch (e) {
          if (closed) throw e;
          dropPool(e);
        }
      }
    }
    return { probs: model.classifyBatched(frames, n), classes: model.classes };
  };

  /**
   * Shared tail of both inputs: frame every character, one CNN call, decode line by line. With `cuts`, each
   * word's cut hypotheses (cutSearch.ts) are framed and classified in that same call, and the search picks
   * the characters before decoding.
   */
  const finish = async (
    lines: LineGroup[],
    frameOf: (c: CharGroup) => Float32Array,
    /** Drawings: each character's stroke indices and strokes (its trajectory); images have neither. */
    strokes: { indices: (c: CharGroup) => number[]; of: (c: CharGroup) => Stroke[]; fuse: boolean } | undefined,
    modelId: HandwritingModelId,
    t0: number,
    context = true,
    cuts?: { items: Item[]; weights: CutWeights },
  ): Promise<Recognition> => {
    const kept = lines.map((l) =>
      l.words
        .map((w) => w.filter((c) => Math.max(c.box.x1 - c.box.x0, c.box.y1 - c.box.y0) >= MIN_CHAR * l.height))
        .filter((w) => w.length > 0),
    );
    // One frame per distinct hypothesis: the geometric characters themselves, or every cut hypothesis.
    const proposals: WordProposal[][] | undefined = cuts && kept.map((line, li) => line.map((w) => proposeWord(cuts.items, w, lines[li].height, cuts.weights)));
    const hypsOf = (li: number, wi: number): CharGroup[] => (proposals ? proposals[li][wi].hyps : kept[li][wi]);
    // A small drawing cut into lines is also tried whole: one more frame at the batch's end.
    const whole: Hypothesis | undefined = cuts && wholeDrawing(cuts.items, lines.map((l) => l.words));
    const all = kept.flatMap((line, li) => line.flatMap((_, wi) => hypsOf(li, wi))).concat(whole ? [whole] : []);
    if (all.length === 0) throw new MambaError('EMPTY_INPUT', 'No letters found: the drawing is only a dot or specks', 'write at least one letter or digit');
    const frames = new Float32Array(all.length * PIX);
    all.forEach((c, i) => frames.set(frameOf(c), i * PIX));
    const { probs, classes } = await classify(frames, all.length, modelId);
    const k = classes.length;
    const probsAt = (i: number): Float32Array => probs.subarray(i * k, (i + 1) * k);
    const groupOf = new Map<CharEvidence, CharGroup>();
    const evidence = (c: CharGroup, p: Float32Array): CharEvidence => {
      const e = { probs: p, box: c.box, ...(strokes ? { strokeIndices: strokes.indices(c) } : {}) };
      groupOf.set(e, c);
      return e;
    };
    let next = 0;
    const cutScores: number[] = [];
    let evLines: CharEvidence[][][] = kept.map((line, li) =>
      line.map((_, wi) => {
        const first = next;
        const hyps = hypsOf(li, wi);
        next += hyps.length;
        const probsOf = (i: number): Float32Array => probsAt(first + i);
        if (!proposals) return hyps.map((c, i) => evidence(c, probsOf(i)));
        const cut = chooseCuts(proposals[li][wi], probsOf, classes, cuts!.weights);
        cutScores.push(cut.score);
        return cut.parts.map((c) => evidence(c, probsOf(hyps.indexOf(c))));
      }),
    );
    let heights: (number | undefined)[] = lines.map((l) => l.height);
    if (whole && keepWhole(readHypothesis(probsAt(next), whole.box, classes, cuts!.weights), cutScores, cuts!.weights)) {
      evLines = [[[evidence(whole, probsAt(next))]]];
      heights = [undefined];
    }
    if (strokes?.fuse) {
      // Only the characters chosen are read by the trajectory network too: the cut search above weighs its
      // hypotheses by the image CNN alone, since the trajectory network learnt whole characters only and reads
      // a part of one (an H's bar and stem) too confidently.
      const chosen = evLines.flat(2);
      const fused = new Float32Array(chosen.length * k);
      chosen.forEach((e, j) => fused.set(e.probs, j * k));
      await fuseTrajectories(await getModel(modelId), fused, chosen.map((e) => strokes.of(groupOf.get(e)!)));
      chosen.forEach((e, j) => (e.probs = fused.subarray(j * k, (j + 1) * k)));
    }
    const words: RecognizedWord[] = [];
    const lineTexts: string[] = [];
    for (const [li, ev] of evLines.entries()) {
      // Case-merged (26-class) models decode as letters whatever their id (letters, letters-seed).
      const decoded = decodeLine({ words: ev, height: heights[li] }, classes, classes.length === 26, context);
      words.push(...decoded);
      lineTexts.push(decoded.map((w) => w.text).join(' '));
    }
    return { text: lineTexts.join('\n'), words, model: modelId, backend: pick.name, ms: Math.round((performance.now() - t0) * 100) / 100 };
  };

  const engine: HandwritingEngine = {
    backend: pick.name,
    backendReason: pick.reason,

    async recognizeDrawing(d, o = {}) {
      const t0 = performance.now();
      const modelId = o.model ?? DEFAULT_MODEL;
      const drawing = simplifyDrawing(parseDrawing(d)); // validated again: IPC/WebSocket payloads arrive here too
      if (drawing.strokes.length === 0) throw new MambaError('EMPTY_INPUT', 'The drawing is empty', 'write something on the pad first');
      const boxes = drawing.strokes.map(strokeBox);
      const extent = boxes.reduce((a, b) => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) }));
      if (extent.x1 - extent.x0 === 0 && extent.y1 - extent.y0 === 0)
        throw new MambaError('EMPTY_INPUT', 'The drawing is a single dot', 'write at least one letter or digit');
      const items: Item[] = boxes.map((box, i) => ({ box, order: i }));
      const lines = segment(items);
      return finish(
        lines,
        (c) => renderStrokes(c.items.map((i) => drawing.strokes[i]), c.box, frame),
        { indices: (c) => c.items, of: (c) => c.items.map((i) => drawing.strokes[i]), fuse: o.trajectory !== false },
        modelId,
        t0,
        o.context !== false,
        o.segmentation === 'geometric' ? undefined : { items, weights: o.cutWeights ?? CUT_WEIGHTS },
      );
    },

    async recognizeImage(bytes, o = {}) {
      const t0 = performance.now();
      const modelId = o.model ?? DEFAULT_MODEL;
      const grey = await decodeGrey(bytes);
      const mask = binarize(grey);
      const { width: w, height: h } = grey;
      const minArea = Math.max(4, Math.round(w * h * 2e-5));
      // Page edges and frames: a component spanning most of the image is not a character.
      const comps = components(mask, w, h, minArea).filter((c) => !(c.box.x1 - c.box.x0 > 0.9 * w && c.box.y1 - c.box.y0 > 0.9 * h));
      if (comps.length === 0) throw new MambaError('EMPTY_INPUT', 'No handwriting found in the image', 'photograph dark writing on light paper (or light on dark), filling most of the picture');
      if (comps.length > MAX_IMAGE_MARKS)
        throw new MambaError('EMPTY_INPUT', `No handwriting found: the image has ${comps.length} separate marks (at most ${MAX_IMAGE_MARKS}), more like a texture than writing`, 'photograph or crop just the writing, on plain paper');
      const lines = segment(comps.map((c) => ({ box: c.box })));
      return finish(
        lines,
        (c) => {
          const box: Box = c.box;
          const { mask: m, w: cw, h: ch } = cropMask(c.items.map((i) => comps[i]), w, box);
          return frameMask(m, cw, ch, frame);
        },
        undefined,
        modelId,
        t0,
        o.context !== false,
      );
    },

    classifyFrames: classify,
    async classifyDrawings(chars, id, o = {}) {
      const simple = chars.map((strokes) => simplifyDrawing(parseDrawing({ strokes })).strokes);
      const frames = new Float32Array(simple.length * PIX);
      simple.forEach((s, i) => frames.set(renderStrokes(s, s.map(strokeBox).reduce(unionBox), frame), i * PIX));
      const r = await classify(frames, simple.length, id);
      if (o.trajectory !== false) await fuseTrajectories(await getModel(id), r.probs, simple);
      return r;
    },
    model: getModel,
    trajectory: async (id) => trajectoryFor(await getModel(id)),

    async adapt(samples) {
      for (const c of samples) if (c.label && c.strokes.length > 0) corrections.push({ label: c.label, strokes: c.strokes });
      // Bring the loaded models' adapters up to date now, so the next recognition does not wait for it.
      for (const m of await Promise.allSettled([...models.values()])) if (m.status === 'fulfilled') await adapterFor(m.value);
      return corrections.length;
    },

    forgetAdaptation() {
      corrections.length = 0;
      adapters.clear();
    },

    async workerThreads(id = DEFAULT_MODEL) {
      if (!pool) return 0;
      await warmPool((await getModel(id)).dir);
      return pool?.size ?? 0;
    },

    async close() {
      closed = true;
      await pool?.close();
      pool = undefined;
      const loaded = await Promise.allSettled([...models.values()]);
      for (const r of loaded) if (r.status === 'fulfilled') r.value.dispose();
      models.clear();
    },
  };
  return engine;
}
