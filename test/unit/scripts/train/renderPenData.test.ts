/**
 * One renderer for training and the app: the arrays the trainer reads (.cache/train, written by
 * scripts/train/renderPenData.ts) must be the app's own rendering of the pen strokes, and the augmentation
 * must be reproducible from its seed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createHandwritingEngine, HandwritingEngine } from '../../../../src/main/engines/handwriting';
import { Stroke } from '../../../../src/shared/types';
import { augmentStrokes } from '../../../../scripts/train/penAugment';
import { DEFAULT_CAP, PIX, TrainChar, capWriters, copySeed, copyStrokes, loadSplits, renderAsApp, renderCopy, toU8 } from '../../../../scripts/train/renderPenData';
import { CHANNELS, STEPS, characterFeatures } from '../../../../src/main/engines/handwriting/strokeFeatures';
import { fuseProbs } from '../../../../src/main/engines/handwriting/trajectoryFusion';
import { seededRng } from '../../../../scripts/lib/seededRng';
import { describeWithData } from '../../../fixtures/dataSets';
import { PenSplit } from '../../../../scripts/datasets/pen';

const MODELS = path.resolve(__dirname, '../../../../models/handwriting');
const CACHE = path.resolve(__dirname, '../../../../.cache/train');

/** A hand-drawn 'A': two slanted strokes and a bar, in pad units (y down). */
const A: Stroke[] = [
  [[10, 100], [30, 50], [50, 0]],
  [[50, 0], [70, 50], [90, 100]],
  [[28, 60], [50, 61], [72, 60]],
];

describe('renderPenData: the app renderer for training', () => {
  let engine: HandwritingEngine;
  beforeAll(async () => {
    engine = await createHandwritingEngine({ modelsDir: MODELS, backend: 'cpu', workers: 0, preload: [] });
  });
  afterAll(async () => engine.close());

  test('a one-character drawing reaches the CNN as renderAsApp draws it (same probabilities as recognizeDrawing)', async () => {
    const r = await engine.recognizeDrawing({ strokes: A }, { model: 'letters', context: false, trajectory: false });
    const { probs, classes } = await engine.classifyFrames(renderAsApp(A), 1, 'letters');
    const c = r.words[0].chars[0];
    expect(r.words.length).toBe(1);
    expect(r.words[0].chars.length).toBe(1);
    for (const alt of c.alternatives) expect(probs[classes.indexOf(alt.char)]).toBeCloseTo(alt.confidence, 4);
  });

  test('augmentation is reproducible from its seed, keeps every stroke and changes the picture', () => {
    const a = augmentStrokes(A, seededRng(copySeed(3, 1)));
    const b = augmentStrokes(A, seededRng(copySeed(3, 1)));
    const c = augmentStrokes(A, seededRng(copySeed(3, 2)));
    expect(a).toEqual(b);
    expect(a.length).toBe(A.length);
    expect(a.flat(2).every(Number.isFinite)).toBe(true);
    const diff = (x: Float32Array, y: Float32Array): number => x.reduce((s, v, i) => s + Math.abs(v - y[i]), 0);
    expect(diff(renderAsApp(a), renderAsApp(c))).toBeGreaterThan(1);
    expect(diff(renderAsApp(a), renderAsApp(A))).toBeGreaterThan(1);
  });

  test('capWriters keeps at most `cap` samples of each writer and every writer', () => {
    const chars = Array.from({ length: 50 }, (_, i) => ({ label: 'a', writer: i < 40 ? 'w1' : 'w2', strokes: A }));
    const kept = capWriters(chars, 10);
    expect(kept.filter((c) => c.writer === 'w1').length).toBe(10);
    expect(kept.filter((c) => c.writer === 'w2').length).toBe(10);
  });
});

describeWithData('pen', 'renderPenData: the written arrays equal the app renderer', () => {
  let splits: Record<PenSplit, TrainChar[]>;
  beforeAll(() => {
    splits = loadSplits(['validation', 'train']);
  });
  for (const split of ['validation', 'train'] as const) {
    const file = path.join(CACHE, `pen-${split}.u8`);
    const run = fs.existsSync(file) ? test : test.skip;
    run(`${split}: sampled images of .cache/train/pen-${split}.u8 re-render identically${fs.existsSync(file) ? '' : ' [skipped: run scripts/train/renderPenData.ts first]'}`, () => {
      const meta = JSON.parse(fs.readFileSync(path.join(CACHE, `pen-${split}.json`), 'utf8')) as { n: number; cap?: number | null; sample: number[]; copy: number[]; labels: string };
      let chars = splits[split];
      if (split === 'train') chars = capWriters(chars, meta.cap ?? DEFAULT_CAP);
      const fd = fs.openSync(file, 'r');
      try {
        for (const j of [0, 1, 7, Math.floor(meta.n / 3), meta.n - 1]) {
          const got = Buffer.alloc(PIX);
          fs.readSync(fd, got, 0, PIX, j * PIX);
          const want = new Uint8Array(PIX);
          toU8(renderCopy(chars[meta.sample[j]], meta.sample[j], meta.copy[j]), want, 0);
          expect(meta.labels[j]).toBe(chars[meta.sample[j]].label);
          expect(Buffer.from(want).equals(got)).toBe(true);
        }
      } finally {
        fs.closeSync(fd);
      }
    });
    const traj = path.join(CACHE, `pen-${split}.traj.f32`);
    const runTraj = fs.existsSync(traj) ? test : test.skip;
    runTraj(`${split}: sampled trajectories of .cache/train/pen-${split}.traj.f32 are the app's own${fs.existsSync(traj) ? '' : ' [skipped: run scripts/train/renderPenData.ts first]'}`, () => {
      const meta = JSON.parse(fs.readFileSync(path.join(CACHE, `pen-${split}.json`), 'utf8')) as { n: number; cap?: number | null; sample: number[]; copy: number[] };
      let chars = splits[split];
      if (split === 'train') chars = capWriters(chars, meta.cap ?? DEFAULT_CAP);
      const size = STEPS * CHANNELS;
      const fd = fs.openSync(traj, 'r');
      try {
        expect(fs.fstatSync(fd).size).toBe(meta.n * size * 4);
        for (const j of [0, 1, 7, Math.floor(meta.n / 3), meta.n - 1]) {
          const got = Buffer.alloc(size * 4);
          fs.readSync(fd, got, 0, size * 4, j * size * 4);
          const want = characterFeatures(copyStrokes(chars[meta.sample[j]], meta.sample[j], meta.copy[j]));
          expect(Buffer.from(want.buffer).equals(got)).toBe(true);
        }
      } finally {
        fs.closeSync(fd);
      }
    });
  }
});

test('a one-character drawing reaches the trajectory network as characterFeatures encodes it (same fused probabilities)', async () => {
  const engine = await createHandwritingEngine({ modelsDir: MODELS, backend: 'cpu', workers: 0, preload: [] });
  try {
    const r = await engine.recognizeDrawing({ strokes: A }, { model: 'letters', context: false });
    const image = await engine.classifyFrames(renderAsApp(A), 1, 'letters');
    const traj = await engine.model('letters-strokes');
    fuseProbs(image.probs, traj.classify(characterFeatures(A), 1), 1, image.classes.length, traj.manifest.fusion!.weight);
    for (const alt of r.words[0].chars[0].alternatives) expect(image.probs[image.classes.indexOf(alt.char)]).toBeCloseTo(alt.confidence, 4);
  } finally {
    await engine.close();
  }
});
