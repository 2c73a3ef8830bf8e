/** Moving grey images in and out of opencv Mats without per-pixel JS arrays. */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';

type Mat = InstanceType<Cv['Mat']>;

export function toMat(cv: Cv, img: GreyImage): Mat {
  const m = new cv.Mat(img.height, img.width, cv.CV_8UC1);
  m.data.set(img.data);
  return m;
}

export function fromMat(m: Mat): GreyImage {
  return { data: new Uint8Array(m.data), width: m.cols, height: m.rows };
}

/** Runs `fn` and deletes every Mat it registered, even when it throws (wasm heap is not GC'd). */
export function withMats<T>(fn: (keep: <M extends { delete(): void }>(m: M) => M) => T): T {
  const mats: { delete(): void }[] = [];
  try {
    return fn((m) => {
      mats.push(m);
      return m;
    });
  } finally {
    for (const m of mats) m.delete();
  }
}
