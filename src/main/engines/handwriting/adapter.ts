/**
 * Learning from the user's corrections (issue 9, part 4): a nearest-neighbour adapter over the CNN's
 * embedding (CnnModel.embed: the input of its last dense layer). Each corrected character is kept as a
 * prototype (its embedding, L2-normalised, and the label the user gave). At recognition a character whose
 * embedding is close to prototypes gets their labels blended into its class probabilities, weighted by how
 * close the nearest one is: the user's own way of writing a letter wins where the network confuses it,
 * and characters unlike anything corrected are left alone. No training step: a correction counts at once.
 * One prototype set per model (embeddings differ between networks).
 */

/** Parameters of the blend; tuned on the pen sets' validation writers (docs/handwriting.md). */
export interface AdapterParams {
  /** Cosine similarity below which a prototype says nothing. */
  minSimilarity: number;
  /** Softmax temperature over the neighbours' similarities. */
  temperature: number;
  /** Largest share of the probabilities the prototypes can take (at similarity 1). */
  maxWeight: number;
  /** Neighbours consulted. */
  k: number;
}
export const ADAPTER_PARAMS: AdapterParams = { minSimilarity: 0.7, temperature: 0.1, maxWeight: 0.9, k: 5 };

/** Prototypes kept per model; the oldest go first (a user's hand drifts, and the search stays cheap). */
export const MAX_PROTOTYPES = 2000;

export class PrototypeAdapter {
  private vecs: Float32Array[] = [];
  private labels: number[] = [];
  private readonly dim: number;
  private readonly classes: string[];
  private readonly params: AdapterParams;

  constructor(classes: string[], dim: number, params: AdapterParams = ADAPTER_PARAMS) {
    this.classes = classes;
    this.dim = dim;
    this.params = params;
  }

  get size(): number {
    return this.vecs.length;
  }

  /**
   * Adds a corrected character (its embedding and label). A label the model has no class for (an accent,
   * punctuation) is skipped, and so is its case twin when the model merges case ('letters').
   */
  add(embedding: Float32Array, label: string): boolean {
    let c = this.classes.indexOf(label);
    if (c < 0) c = this.classes.indexOf(label.toUpperCase());
    if (c < 0 || embedding.length !== this.dim) return false;
    this.vecs.push(normalised(embedding));
    this.labels.push(c);
    if (this.vecs.length > MAX_PROTOTYPES) {
      this.vecs.shift();
      this.labels.shift();
    }
    return true;
  }

  clear(): void {
    this.vecs = [];
    this.labels = [];
  }

  /**
   * Re-weights n characters' probabilities (n * classes, in place) by their embeddings (n * dim).
   * Returns how many characters the prototypes changed.
   */
  adjust(probs: Float32Array, embeddings: Float32Array, n: number): number {
    if (this.vecs.length === 0) return 0;
    const K = this.classes.length, { minSimilarity, temperature, maxWeight, k } = this.params;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const e = normalised(embeddings.subarray(i * this.dim, (i + 1) * this.dim));
      // Top-k by cosine similarity (k is small: insertion into a short sorted list).
      const top: { s: number; c: number }[] = [];
      for (let j = 0; j < this.vecs.length; j++) {
        const v = this.vecs[j];
        let s = 0;
        for (let d = 0; d < this.dim; d++) s += v[d] * e[d];
        if (s < minSimilarity || (top.length === k && s <= top[k - 1].s)) continue;
        top.push({ s, c: this.labels[j] });
        top.sort((a, b) => b.s - a.s);
        if (top.length > k) top.pop();
      }
      if (top.length === 0) continue;
      const vote = new Float32Array(K);
      let z = 0;
      for (const t of top) {
        const w = Math.exp((t.s - top[0].s) / temperature);
        vote[t.c] += w;
        z += w;
      }
      const weight = maxWeight * ((top[0].s - minSimilarity) / (1 - minSimilarity));
      const p = probs.subarray(i * K, (i + 1) * K);
      for (let c = 0; c < K; c++) p[c] = (1 - weight) * p[c] + (weight * vote[c]) / z;
      changed++;
    }
    return changed;
  }
}

function normalised(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const out = new Float32Array(v.length);
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}
