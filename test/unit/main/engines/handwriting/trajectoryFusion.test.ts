/** Late fusion of image and trajectory probabilities, and when a trajectory model may be fused at all. */
import * as path from 'path';
import { fuseProbs, fusionMismatch, isTrajectoryModelId, trajectoryModelId } from '../../../../../src/main/engines/handwriting/trajectoryFusion';
import { CnnModel } from '../../../../../src/main/engines/handwriting/model';
import { selectBackend } from '../../../../../src/main/engines/handwriting/backend';
import { defaultModelsDir } from '../../../../../src/main/engines/handwriting';

test('fuseProbs: a weighted geometric mean: agreement gives the same probabilities back, disagreement can flip, rows sum to 1', () => {
  const img = new Float32Array([0.6, 0.3, 0.1, 0.2, 0.5, 0.3]);
  const same = img.slice();
  fuseProbs(same, img, 2, 3, 0.5);
  same.forEach((v, i) => expect(v).toBeCloseTo(img[i], 6));
  // A uniform trajectory keeps the image's ranking, softened to p^(1 / (1 + w)).
  const uniform = img.slice();
  fuseProbs(uniform, new Float32Array(6).fill(1 / 3), 2, 3, 1);
  const soft = [0.6, 0.3, 0.1].map(Math.sqrt);
  soft.forEach((v, i) => expect(uniform[i]).toBeCloseTo(v / (soft[0] + soft[1] + soft[2]), 6));
  const flip = img.slice();
  fuseProbs(flip, new Float32Array([0.05, 0.9, 0.05, 0.8, 0.1, 0.1]), 2, 3, 1);
  expect(flip[1]).toBeGreaterThan(flip[0]); // 0.3 x 0.9 beats 0.6 x 0.05
  expect(flip[3]).toBeGreaterThan(flip[4]);
  const light = img.slice();
  fuseProbs(light, new Float32Array([0.05, 0.9, 0.05, 0.8, 0.1, 0.1]), 2, 3, 0.1);
  expect(light[0]).toBeGreaterThan(light[1]); // a light weight leaves the image CNN in charge
  for (const r of [uniform, flip, light]) for (const o of [0, 3]) expect(r[o] + r[o + 1] + r[o + 2]).toBeCloseTo(1, 6);
});

test('fuseProbs: a zero probability on either side does not give NaN', () => {
  const a = new Float32Array([1, 0]);
  fuseProbs(a, new Float32Array([0, 1]), 1, 2, 0.5);
  expect(a.every(Number.isFinite)).toBe(true);
  expect(a[0] + a[1]).toBeCloseTo(1, 6);
});

test('companion naming', () => {
  expect(trajectoryModelId('letters')).toBe('letters-strokes');
  expect(isTrajectoryModelId('full-strokes')).toBe(true);
  expect(isTrajectoryModelId('full')).toBe(false);
});

describe('fusionMismatch on the shipped models', () => {
  const dir = defaultModelsDir();
  let letters: CnnModel, full: CnnModel, lettersTraj: CnnModel, fullTraj: CnnModel;
  beforeAll(async () => {
    await selectBackend('wasm');
    [letters, full, lettersTraj, fullTraj] = await Promise.all(['letters', 'full', 'letters-strokes', 'full-strokes'].map((id) => CnnModel.load(path.join(dir, id))));
  });
  afterAll(() => [letters, full, lettersTraj, fullTraj].forEach((m) => m.dispose()));
  test('each image model fits its own companion, not the other one; an image model is no companion', () => {
    expect(fusionMismatch(letters, lettersTraj)).toBeUndefined();
    expect(fusionMismatch(full, fullTraj)).toBeUndefined();
    expect(fusionMismatch(letters, fullTraj)).toMatch(/classes differ/);
    expect(fusionMismatch(full, letters)).toMatch(/reads 'images'/);
  });
});
