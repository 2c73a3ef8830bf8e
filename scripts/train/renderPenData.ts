/**
 * Renders the pen sets (DigiLeTs, UNIPEN, pendigits) into 28x28 training arrays with the app's own
 * renderer (simplifyDrawing -> stroke boxes -> renderStrokes, the path recognizeDrawing takes for one
 * character), so the Python trainer reads pixels and there is no second renderer to drift.
 *
 *   npx tsx scripts/train/renderPenData.ts [--copies 4] [--cap 700] [--out .cache/train]
 *
 * Writes per split (train / validation / test of penSplitOf, writer-disjoint):
 *   pen-<split>.u8    N x 784 uint8 (round(255 * pixel)), white ink on black, upright
 *   pen-<split>.traj.f32  N x 64 x 5 float32: the same characters' pen trajectories (strokeFeatures.ts), for the
 *                     trajectory network (scripts/train/train_trajectory.py)
 *   pen-<split>.json  { n, copies, cap, labels (one char per image), writers, writerOf (index per image), sample, copy }
 * Train gets `copies` images per sample: copy 0 as written, the others augmented (penAugment.ts) with a
 * seed derived from (sample, copy), so any image can be reproduced (test/unit/scripts/renderPenData.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { simplifyDrawing, strokeBox, unionBox } from '../../src/main/engines/handwriting/drawing';
import { loadPendigits } from '../datasets/pendigits';
import { FRAME, SIDE, renderStrokes } from '../../src/main/engines/handwriting/normalize';
import { seededRng } from '../lib/seededRng';
import { Stroke } from '../../src/shared/types';
import { requireDataSet, dataSetDir } from '../datasets/dataSets';
import { PEN_SPLITS, PenSplit, loadPenChars, penSplitOf } from '../datasets/pen';
import { augmentStrokes } from './penAugment';
import { CHANNELS, STEPS, characterFeatures } from '../../src/main/engines/handwriting/strokeFeatures';

export const PIX = SIDE * SIDE;
/** Samples kept per training writer (UNIPEN's two biggest writers hold 8,843 between them). */
export const DEFAULT_CAP = 700;

export interface TrainChar {
  label: string;
  writer: string;
  strokes: Stroke[];
}

/** One character drawn exactly as recognizeDrawing draws a one-character drawing. */
export function renderAsApp(strokes: Stroke[]): Float32Array {
  const d = simplifyDrawing({ strokes });
  const box = d.strokes.map(strokeBox).reduce(unionBox);
  return renderStrokes(d.strokes, box, FRAME);
}

export function toU8(img: Float32Array, out: Uint8Array, offset: number): void {
  for (let i = 0; i < PIX; i++) out[offset + i] = Math.round(Math.min(1, Math.max(0, img[i])) * 255);
}

/** Seed of copy k of sample i (k = 0 is the sample as written). */
export function copySeed(i: number, k: number): number {
  return (Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
}

/** Strokes of one training copy: the sample as written (copy 0) or an augmented copy. */
export function copyStrokes(c: TrainChar, i: number, k: number): Stroke[] {
  return k === 0 ? c.strokes : augmentStrokes(c.strokes, seededRng(copySeed(i, k)));
}

/** Pixels of one training image. */
export function renderCopy(c: TrainChar, i: number, k: number): Float32Array {
  return renderAsApp(copyStrokes(c, i, k));
}

function hasExtent(strokes: Stroke[]): boolean {
  const b = strokes.map(strokeBox).reduce(unionBox);
  return b.x1 - b.x0 > 0 || b.y1 - b.y0 > 0;
}

/** Every pen character of the given splits (pen sets + pendigits), each split in a fixed order; one read of the files. */
export function loadSplits(splits: readonly PenSplit[]): Record<PenSplit, TrainChar[]> {
  const out: Record<PenSplit, TrainChar[]> = { train: [], validation: [], test: [] };
  for (const c of loadPenChars(requireDataSet('pen'), { splits: [...splits] })) out[penSplitOf(c.writer)].push({ label: c.label, writer: c.writer, strokes: c.strokes });
  const pd = dataSetDir('pendigits');
  if (pd)
    for (const file of ['pendigits-orig-tra.txt', 'pendigits-orig-tes.txt']) {
      const tag = file.includes('tra') ? 'tra' : 'tes';
      for (const s of loadPendigits(path.join(pd, file))) {
        const writer = `pendigits:${tag}${s.writer}`;
        // pendigits has its own writer split: its test file stays test (the eval's pendigits figure), its
        // training writers go to train or, by the same hash, validation.
        const split: PenSplit = tag === 'tes' ? 'test' : penSplitOf(writer) === 'train' ? 'train' : 'validation';
        if (splits.includes(split)) out[split].push({ label: s.digit, writer, strokes: s.strokes });
      }
    }
  for (const k of PEN_SPLITS) out[k] = out[k].filter((c) => hasExtent(c.strokes));
  return out;
}

export function loadSplit(split: PenSplit): TrainChar[] {
  return loadSplits([split])[split];
}

/** Caps each writer at `cap` samples: a seeded subset. */
export function capWriters(chars: TrainChar[], cap: number, seed = 7): TrainChar[] {
  const by = new Map<string, number[]>();
  chars.forEach((c, i) => by.set(c.writer, [...(by.get(c.writer) ?? []), i]));
  const r = seededRng(seed);
  const keep = new Set<number>();
  for (const idx of by.values()) {
    const a = idx.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    for (const i of a.slice(0, cap)) keep.add(i);
  }
  return chars.filter((_, i) => keep.has(i));
}

function writeSplit(outDir: string, split: PenSplit, chars: TrainChar[], copies: number, cap: number | null): void {
  const n = chars.length * copies;
  const pixels = new Uint8Array(n * PIX);
  const trajectories = new Float32Array(n * STEPS * CHANNELS);
  const writers = [...new Set(chars.map((c) => c.writer))];
  const wIndex = new Map(writers.map((w, i) => [w, i]));
  const labels: string[] = [], writerOf: number[] = [], sample: number[] = [], copy: number[] = [];
  const t0 = Date.now();
  let j = 0;
  chars.forEach((c, i) => {
    for (let k = 0; k < copies; k++, j++) {
      const strokes = copyStrokes(c, i, k);
      toU8(renderAsApp(strokes), pixels, j * PIX);
      characterFeatures(strokes, trajectories, j * STEPS * CHANNELS);
      labels.push(c.label);
      writerOf.push(wIndex.get(c.writer)!);
      sample.push(i);
      copy.push(k);
    }
    if (i % 20000 === 0) console.log(`[render] ${split}: ${i}/${chars.length} samples (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  });
  fs.writeFileSync(path.join(outDir, `pen-${split}.u8`), pixels);
  fs.writeFileSync(path.join(outDir, `pen-${split}.traj.f32`), Buffer.from(trajectories.buffer));
  fs.writeFileSync(
    path.join(outDir, `pen-${split}.json`),
    JSON.stringify({ n, copies, cap, labels: labels.join(''), writers, writerOf, sample, copy, frame: FRAME }),
  );
  console.log(`[render] ${split}: ${n} images of ${chars.length} samples, ${writers.length} writers (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      copies: { type: 'string', default: '4' },
      cap: { type: 'string', default: String(DEFAULT_CAP) },
      out: { type: 'string', default: path.join('.cache', 'train') },
    },
  });
  const copies = Math.max(1, Number(values.copies));
  const cap = Math.max(1, Number(values.cap));
  const outDir = path.resolve(values.out!);
  fs.mkdirSync(outDir, { recursive: true });
  for (const split of ['validation', 'test', 'train'] as const) {
    let chars = loadSplit(split);
    if (split === 'train') chars = capWriters(chars, cap);
    writeSplit(outDir, split, chars, split === 'train' ? copies : 1, split === 'train' ? cap : null);
  }
}

if (require.main === module) main();
