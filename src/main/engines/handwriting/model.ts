/**
 * The `mamba-cnn/1` model format (manifest.json + weights.bin, written by scripts/train) and a tfjs
 * network built from it. Everything in the manifest is checked on load so a damaged or mismatched file
 * fails with MODEL_CORRUPT at start-up, not with a shape error in the middle of recognition.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { MambaError } from '../../../shared/errors';
import { ProgressFn } from '../../../shared/types';

export const INPUT_SIZE = 28;
/** Characters per backend call in classifyBatched(). */
export const MAX_BATCH = 256;

export type Activation = 'relu' | 'softmax' | 'linear';
/** A square size, or [height, width] (a pen trajectory is one row: kernels of [1, k]). */
export type Size2 = number | [number, number];
export type LayerSpec =
  | { type: 'conv2d'; filters: number; kernel: Size2; padding: 'valid' | 'same'; activation?: Activation; weights: [string, string] }
  /** One kernel per input channel (kernel shape k x k x channels x 1): the cheap half of a separable conv. */
  | { type: 'depthwiseConv2d'; kernel: Size2; padding: 'valid' | 'same'; activation?: Activation; weights: [string, string] }
  | { type: 'maxpool'; size: Size2; stride?: Size2 }
  /** Mean and max of each channel over all positions, concatenated (2 x channels values). */
  | { type: 'globalMeanMax' }
  | { type: 'dropout'; rate?: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation?: Activation; weights: [string, string] }
  | { type: 'batchnorm'; epsilon?: number; weights: [string, string, string, string] };

export interface TensorSpec {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

export interface ModelManifest {
  format: 'mamba-cnn/1';
  id: string;
  classes: string[];
  /**
   * 28x28x1 for character images; 1 x steps x channels for a pen trajectory (strokeFeatures.ts), whose
   * `features` names the encoding so a model is never fed another one.
   */
  input: { height: number; width: number; channels: number; scale?: string; ink?: string; orientation?: string; features?: string };
  layers: LayerSpec[];
  tensors: TensorSpec[];
  weightsFile: string;
  weightsSha256?: string;
  /** Trajectory models: how the engine fuses them with the image model of the same classes (trajectoryFusion.ts). */
  fusion?: { with: string; weight: number; rule?: string; chosen_on?: string };
  metrics?: Record<string, unknown>;
  training?: Record<string, unknown>;
  date?: string;
}

const FIX_MODEL = 'reinstall the models folder from a fresh copy of Mamba (or re-run the training script)';

function corrupt(dir: string, what: string): MambaError {
  return new MambaError('MODEL_CORRUPT', `Handwriting model in ${dir} is damaged: ${what}`, FIX_MODEL);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function posInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isSize2(v: unknown): v is Size2 {
  return posInt(v) || (Array.isArray(v) && v.length === 2 && v.every(posInt));
}

/** [height, width] of a square or rectangular size. */
export function hw(s: Size2): [number, number] {
  return typeof s === 'number' ? [s, s] : s;
}

/** Largest trajectory input accepted (steps x channels), far above any shipped model. */
const MAX_TRAJECTORY = 4096;

/**
 * Checks the manifest's structure and walks the layers to check every tensor's shape; the same walk counts
 * the network's multiply-adds per input (convs: output positions x kernel x input channels per filter x
 * filters; dense: inputs x units).
 */
export function validateManifest(m: unknown, dir: string): { manifest: ModelManifest; macs: number } {
  if (!isObj(m)) throw corrupt(dir, 'manifest.json is not an object');
  if (m.format !== 'mamba-cnn/1') throw corrupt(dir, `unknown format ${JSON.stringify(m.format)} (expected mamba-cnn/1)`);
  if (!Array.isArray(m.classes) || m.classes.length < 2 || !m.classes.every((c) => typeof c === 'string'))
    throw corrupt(dir, 'classes missing');
  const input = m.input;
  const image = isObj(input) && input.height === INPUT_SIZE && input.width === INPUT_SIZE && input.channels === 1;
  const trajectory = isObj(input) && input.height === 1 && posInt(input.width) && posInt(input.channels) &&
    input.width * input.channels <= MAX_TRAJECTORY && typeof input.features === 'string';
  if (!isObj(input) || !(image || trajectory))
    throw corrupt(dir, `input must be ${INPUT_SIZE}x${INPUT_SIZE}x1 (an image) or 1 x steps x channels with named features (a pen trajectory)`);
  if (!Array.isArray(m.layers) || !Array.isArray(m.tensors) || typeof m.weightsFile !== 'string')
    throw corrupt(dir, 'layers, tensors or weightsFile missing');
  const tensors = new Map<string, TensorSpec>();
  for (const t of m.tensors as unknown[]) {
    if (!isObj(t) || typeof t.name !== 'string' || !Array.isArray(t.shape) || !t.shape.every(posInt) ||
        typeof t.offset !== 'number' || t.offset < 0 || !posInt(t.length))
      throw corrupt(dir, 'bad tensor entry');
    const size = (t.shape as number[]).reduce((a, b) => a * b, 1);
    if (size !== t.length) throw corrupt(dir, `tensor ${t.name} shape ${JSON.stringify(t.shape)} does not match length ${t.length}`);
    tensors.set(t.name, t as unknown as TensorSpec);
  }
  const need = (name: unknown, shape: number[]): void => {
    const t = typeof name === 'string' ? tensors.get(name) : undefined;
    if (!t) throw corrupt(dir, `tensor ${String(name)} not listed`);
    if (t.shape.join('x') !== shape.join('x'))
      throw corrupt(dir, `tensor ${t.name} has shape ${t.shape.join('x')}, the layers need ${shape.join('x')}`);
  };
  // Shape walk (NHWC) mirrors forward(): any mismatch with the tensors is a corrupt model.
  let shape: number[] = [input.height as number, input.width as number, input.channels as number];
  let macs = 0;
  for (const l of m.layers as unknown[]) {
    if (!isObj(l)) throw corrupt(dir, 'bad layer');
    const act = l.activation;
    if (act !== undefined && act !== 'relu' && act !== 'softmax' && act !== 'linear') throw corrupt(dir, `unknown activation ${String(act)}`);
    const w = l.weights as unknown[];
    switch (l.type) {
      case 'conv2d':
      case 'depthwiseConv2d': {
        // A depthwise conv has one k x k kernel per input channel, so as many channels out as in.
        const depthwise = l.type === 'depthwiseConv2d';
        if (shape.length !== 3 || (!depthwise && !posInt(l.filters)) || !isSize2(l.kernel) || (l.padding !== 'valid' && l.padding !== 'same') || !Array.isArray(w))
          throw corrupt(dir, `bad ${l.type} layer`);
        const out = depthwise ? shape[2] : (l.filters as number);
        const [kh, kw] = hw(l.kernel);
        need(w[0], [kh, kw, shape[2], depthwise ? 1 : out]);
        need(w[1], [out]);
        const same = l.padding === 'same';
        const perFilter = kh * kw * (depthwise ? 1 : shape[2]);
        shape = [shape[0] - (same ? 0 : kh - 1), shape[1] - (same ? 0 : kw - 1), out];
        macs += shape[0] * shape[1] * perFilter * out;
        break;
      }
      case 'maxpool': {
        if (shape.length !== 3 || !isSize2(l.size) || (l.stride !== undefined && !isSize2(l.stride))) throw corrupt(dir, 'bad maxpool layer');
        const [ph, pw] = hw(l.size);
        const [sh, sw] = hw(l.stride ?? l.size);
        shape = [Math.floor((shape[0] - ph) / sh) + 1, Math.floor((shape[1] - pw) / sw) + 1, shape[2]];
        break;
      }
      case 'globalMeanMax':
        if (shape.length !== 3) throw corrupt(dir, 'bad globalMeanMax layer (it needs a feature map)');
        shape = [2 * shape[2]];
        break;
      case 'dropout':
        break;
      case 'flatten':
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dense':
        if (shape.length !== 1 || !posInt(l.units) || !Array.isArray(w)) throw corrupt(dir, 'bad dense layer (flatten first)');
        need(w[0], [shape[0], l.units]);
        need(w[1], [l.units]);
        macs += shape[0] * l.units;
        shape = [l.units];
        break;
      case 'batchnorm':
        if (!Array.isArray(w) || w.length !== 4) throw corrupt(dir, 'bad batchnorm layer');
        for (const n of w) need(n, [shape[shape.length - 1]]);
        break;
      default:
        throw corrupt(dir, `unknown layer type ${JSON.stringify(l.type)}`);
    }
    if (shape.some((d) => d < 1)) throw corrupt(dir, 'layers shrink the image to nothing');
  }
  const fusion = m.fusion;
  if (fusion !== undefined && (!isObj(fusion) || typeof fusion.weight !== 'number' || !(fusion.weight > 0 && fusion.weight <= 4)))
    throw corrupt(dir, 'fusion.weight must be a number in (0, 4]');
  if (shape.length !== 1 || shape[0] !== m.classes.length)
    throw corrupt(dir, `network outputs ${shape.join('x')} values for ${m.classes.length} classes`);
  return { manifest: m as unknown as ModelManifest, macs };
}

type Layer =
  | { kind: 'conv'; depthwise: boolean; k: tf.Tensor4D; b: tf.Tensor1D; padding: 'valid' | 'same'; act: Activation }
  | { kind: 'pool'; size: [number, number]; stride: [number, number] }
  | { kind: 'flatten' }
  | { kind: 'meanMax' }
  | { kind: 'dense'; k: tf.Tensor2D; b: tf.Tensor1D; act: Activation }
  | { kind: 'bn'; mean: tf.Tensor1D; variance: tf.Tensor1D; beta: tf.Tensor1D; gamma: tf.Tensor1D; eps: number };

/** A loaded network: classify() takes N 28x28 images (pixel/255, white ink on black, upright). */
export class CnnModel {
  readonly manifest: ModelManifest;
  readonly dir: string;
  /** Multiply-adds per input (a character), counted from the layers when the manifest was validated. */
  readonly macs: number;
  private layers: Layer[];
  private owned: tf.Tensor[];

  private constructor(dir: string, manifest: ModelManifest, macs: number, layers: Layer[], owned: tf.Tensor[]) {
    this.dir = dir;
    this.manifest = manifest;
    this.macs = macs;
    this.layers = layers;
    this.owned = owned;
  }

  get id(): string {
    return this.manifest.id;
  }
  get classes(): string[] {
    return this.manifest.classes;
  }
  /** Whether this is a trajectory model (strokeFeatures.ts input) rather than an image model. */
  get readsTrajectories(): boolean {
    return this.manifest.input.features !== undefined;
  }
  /** Floats per input: 784 for an image model, steps x channels for a trajectory model. */
  get inputSize(): number {
    const i = this.manifest.input;
    return i.height * i.width * i.channels;
  }

  static async load(dir: string, onProgress?: ProgressFn): Promise<CnnModel> {
    const mPath = path.join(dir, 'manifest.json');
    if (!fs.existsSync(mPath))
      throw new MambaError('MODEL_MISSING', `Handwriting model not found: ${mPath}`, 'run `npm run setup` in the Mamba folder, or pass a models folder that contains it');
    onProgress?.({ step: 'handwriting: reading manifest', fraction: 0.1, detail: dir });
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(mPath, 'utf8'));
    } catch (e) {
      throw corrupt(dir, `manifest.json is not valid JSON (${(e as Error).message})`);
    }
    const { manifest, macs } = validateManifest(raw, dir);
    const wPath = path.join(dir, manifest.weightsFile);
    if (!fs.existsSync(wPath)) throw new MambaError('MODEL_MISSING', `Handwriting weights not found: ${wPath}`, FIX_MODEL);
    onProgress?.({ step: 'handwriting: reading weights', fraction: 0.4 });
    const bytes = fs.readFileSync(wPath);
    if (manifest.weightsSha256) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== manifest.weightsSha256.toLowerCase()) throw corrupt(dir, `${manifest.weightsFile} checksum mismatch`);
    }
    if (bytes.length % 4 !== 0) throw corrupt(dir, `${manifest.weightsFile} size is not a whole number of float32`);
    // Copy into an aligned buffer; little-endian float32 is what every platform Mamba runs on uses.
    const all = new Float32Array(bytes.length / 4);
    new Uint8Array(all.buffer).set(bytes);
    const specs = new Map(manifest.tensors.map((t) => [t.name, t]));
    for (const t of manifest.tensors)
      if (t.offset + t.length > all.length) throw corrupt(dir, `tensor ${t.name} lies beyond the end of ${manifest.weightsFile}`);
    for (let i = 0; i < all.length; i++) if (!Number.isFinite(all[i])) throw corrupt(dir, 'weights contain NaN or infinity');
    onProgress?.({ step: 'handwriting: building network', fraction: 0.7 });
    const owned: tf.Tensor[] = [];
    const get = (name: string): tf.Tensor => {
      const s = specs.get(name)!;
      const t = tf.tensor(all.subarray(s.offset, s.offset + s.length), s.shape, 'float32');
      owned.push(t);
      return t;
    };
    const layers: Layer[] = [];
    for (const l of manifest.layers) {
      if (l.type === 'conv2d' || l.type === 'depthwiseConv2d')
        layers.push({ kind: 'conv', depthwise: l.type === 'depthwiseConv2d', k: get(l.weights[0]) as tf.Tensor4D, b: get(l.weights[1]) as tf.Tensor1D, padding: l.padding, act: l.activation ?? 'linear' });
      else if (l.type === 'maxpool') layers.push({ kind: 'pool', size: hw(l.size), stride: hw(l.stride ?? l.size) });
      else if (l.type === 'flatten') layers.push({ kind: 'flatten' });
      else if (l.type === 'globalMeanMax') layers.push({ kind: 'meanMax' });
      else if (l.type === 'dense')
        layers.push({ kind: 'dense', k: get(l.weights[0]) as tf.Tensor2D, b: get(l.weights[1]) as tf.Tensor1D, act: l.activation ?? 'linear' });
      else if (l.type === 'batchnorm') {
        const [g, b, m, v] = l.weights.map(get) as tf.Tensor1D[];
        layers.push({ kind: 'bn', gamma: g, beta: b, mean: m, variance: v, eps: l.epsilon ?? 1e-5 });
      }
      // dropout: identity at inference
    }
    const model = new CnnModel(dir, manifest, macs, layers, owned);
    onProgress?.({ step: 'handwriting: warming up', fraction: 0.9 });
    model.classify(new Float32Array(model.inputSize), 1); // first run compiles kernels
    onProgress?.({ step: 'handwriting: model ready', fraction: 1, detail: manifest.id });
    return model;
  }

  /** Class probabilities for n images (n*784 floats): returns n*classes floats. */
  classify(images: Float32Array, n: number): Float32Array {
    return this.run(images, n, false).probs;
  }

  /**
   * The network's embedding of n images: the input of its last dense layer (n * embeddingSize floats), for
   * any manifest. What the personal adapter (adapter.ts) compares a user's corrected characters by.
   */
  embed(images: Float32Array, n: number): Float32Array {
    return this.run(images, n, true).embedding!;
  }

  /** Probabilities and embeddings of n images in one pass. */
  classifyAndEmbed(images: Float32Array, n: number): { probs: Float32Array; embedding: Float32Array } {
    const r = this.run(images, n, true);
    return { probs: r.probs, embedding: r.embedding! };
  }

  /** Length of embed()'s vector per image: the input width of the last dense layer. */
  get embeddingSize(): number {
    const last = this.lastDense();
    return last < 0 ? 0 : (this.layers[last] as { k: tf.Tensor2D }).k.shape[0];
  }

  private lastDense(): number {
    for (let i = this.layers.length - 1; i >= 0; i--) if (this.layers[i].kind === 'dense') return i;
    return -1;
  }

  private run(images: Float32Array, n: number, withEmbedding: boolean): { probs: Float32Array; embedding?: Float32Array } {
    const { height, width, channels } = this.manifest.input;
    if (images.length !== n * this.inputSize) throw new MambaError('INTERNAL', `classify: expected ${n} inputs of ${height}x${width}x${channels}`);
    const last = this.lastDense();
    if (withEmbedding && last < 0) throw new MambaError('INTERNAL', `model ${this.id} has no dense layer to take an embedding from`);
    let emb: tf.Tensor | undefined;
    const out = tf.tidy(() => {
      let x: tf.Tensor = tf.tensor4d(images, [n, height, width, channels]);
      let lastAct: Activation = 'linear';
      for (let i = 0; i < this.layers.length; i++) {
        const l = this.layers[i];
        if (withEmbedding && i === last) emb = tf.keep(tf.reshape(x, [n, -1]));
        if (l.kind === 'conv') {
          const fusedAct = l.act === 'relu' ? 'relu' : 'linear';
          const op = { x: x as tf.Tensor4D, filter: l.k, strides: 1, pad: l.padding, bias: l.b, activation: fusedAct } as const;
          x = l.depthwise ? tf.fused.depthwiseConv2d(op) : tf.fused.conv2d(op);
          if (l.act === 'softmax') x = tf.softmax(x);
          lastAct = l.act;
        } else if (l.kind === 'pool') x = tf.maxPool(x as tf.Tensor4D, l.size, l.stride, 'valid');
        else if (l.kind === 'flatten') x = tf.reshape(x, [n, -1]);
        else if (l.kind === 'meanMax') x = tf.concat([tf.mean(x, [1, 2]), tf.max(x, [1, 2])], 1);
        else if (l.kind === 'dense') {
          x = tf.fused.matMul({ a: x as tf.Tensor2D, b: l.k, bias: l.b, activation: l.act === 'relu' ? 'relu' : 'linear' });
          if (l.act === 'softmax') x = tf.softmax(x);
          lastAct = l.act;
        } else x = tf.batchNorm(x, l.mean, l.variance, l.beta, l.gamma, l.eps);
      }
      // A manifest whose last layer is linear gives logits; the decoder always wants probabilities.
      return lastAct === 'softmax' ? x : tf.softmax(x);
    });
    const probs = out.dataSync() as Float32Array;
    out.dispose();
    if (!emb) return { probs };
    const embedding = emb.dataSync() as Float32Array;
    emb.dispose();
    return { probs, embedding };
  }

  /** classify() in slices of `batch` images: bounds the backend's memory on huge pages. */
  classifyBatched(images: Float32Array, n: number, batch = MAX_BATCH): Float32Array {
    const k = this.classes.length;
    if (n <= batch) return this.classify(images, n);
    const probs = new Float32Array(n * k);
    for (let s = 0; s < n; s += batch) {
      const m = Math.min(batch, n - s);
      probs.set(this.classify(images.subarray(s * this.inputSize, (s + m) * this.inputSize), m), s * k);
    }
    return probs;
  }

  dispose(): void {
    for (const t of this.owned) t.dispose();
    this.owned = [];
    this.layers = [];
  }
}
