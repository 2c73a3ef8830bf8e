/**
 * Late fusion of the image CNN with the trajectory network (strokeFeatures.ts): per character,
 * log p = (log p_image + weight x log p_trajectory) / (1 + weight), renormalised. The two read different
 * evidence (where the ink is, how it was drawn), so their errors differ: together they beat either alone on
 * unseen writers (docs/handwriting.md, "Trajectory network"). Dividing by 1 + weight (a weighted geometric
 * mean, not a product) keeps the fused probabilities as calibrated as the image CNN's, which the word list,
 * case and cut weights were tuned on; a plain product is over-confident and lost 2 points of pen words.
 */
import { CnnModel } from './model';
import { TRAJECTORY_FEATURES } from './strokeFeatures';

/** Folder of the trajectory model that goes with image model `id`. */
export const trajectoryModelId = (id: string): string => `${id}-strokes`;
/** Whether a model folder holds a trajectory companion rather than an image model. */
export const isTrajectoryModelId = (id: string): boolean => id.endsWith('-strokes');

/** Fuses `trajectory` into `image` in place (both n x k probabilities). */
export function fuseProbs(image: Float32Array, trajectory: Float32Array, n: number, k: number, weight: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    const logs = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      logs[j] = (Math.log(Math.max(image[o + j], 1e-12)) + weight * Math.log(Math.max(trajectory[o + j], 1e-12))) / (1 + weight);
      if (logs[j] > max) max = logs[j];
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += logs[j] = Math.exp(logs[j] - max);
    for (let j = 0; j < k; j++) image[o + j] = logs[j] / sum;
  }
}

/** Why `traj` cannot be fused with `image` (wrong encoding, other classes, no weight), or undefined when it can. */
export function fusionMismatch(image: CnnModel, traj: CnnModel): string | undefined {
  const f = traj.manifest.fusion;
  if (traj.manifest.input.features !== TRAJECTORY_FEATURES) return `it reads '${traj.manifest.input.features ?? 'images'}', this Mamba writes '${TRAJECTORY_FEATURES}'`;
  if (traj.classes.join('') !== image.classes.join('')) return `its classes differ from ${image.id}'s`;
  if (!f || !(f.weight > 0)) return 'its manifest has no fusion weight';
  return undefined;
}
