/**
 * Rejects photos Tesseract cannot read: too dark, or too blurred.
 *
 * Sharpness is the 99.5th percentile of |Laplacian| divided by the image's contrast (2nd..98th
 * percentile range), on a 640-px copy. Unlike the plain variance of the Laplacian it does not
 * depend on how much text there is, so a sharp photo of a nearly empty page is not called
 * blurred. Thresholds measured on synthetic webcam photos (docs/ocr.md): readable photos
 * score >= 0.5, a blur of sigma 6 px scores ~0.11.
 */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';
import { toMat, withMats } from './cvImage';
import { MambaError } from '../../../shared/errors';
import { contrastAndSharpness, MIN_MEAN_LUMINANCE } from '../../../shared/imageSharpness';

export { MIN_MEAN_LUMINANCE };
export const MIN_SHARPNESS = 0.25;
/** Below this contrast there is nothing to judge sharpness on (a blank wall): not rejected. */
const MIN_CONTRAST_FOR_BLUR = 40;
const MEASURE_SIDE = 640;

export interface ImageQuality {
  meanLuminance: number;
  contrast: number;
  sharpness: number;
}

export function measureQuality(cv: Cv, img: GreyImage): ImageQuality {
  let sum = 0;
  for (let i = 0; i < img.data.length; i++) sum += img.data[i];
  const meanLuminance = sum / img.data.length;
  return withMats((keep) => {
    const src = keep(toMat(cv, img));
    const s = Math.min(1, MEASURE_SIDE / Math.max(img.width, img.height));
    const small = keep(new cv.Mat());
    cv.resize(src, small, new cv.Size(Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s))), 0, 0, cv.INTER_AREA);
    const lap = keep(new cv.Mat());
    cv.Laplacian(small, lap, cv.CV_16S, 1);
    // Percentiles from histograms: |Laplacian| of 8-bit input is at most 4*255.
    const lapHist = new Uint32Array(1021);
    for (const v of lap.data16S) lapHist[v < 0 ? -v : v]++;
    const greyHist = new Uint32Array(256);
    for (const v of small.data) greyHist[v]++;
    return { meanLuminance, ...contrastAndSharpness(greyHist, lapHist) };
  });
}

/**
 * Throws IMAGE_QUALITY with what to do about it, in plain words: the window shows and speaks
 * them ("sharpness 0.02, needs 0.25" meant nothing to people); the figures are in docs/ocr.md.
 */
export function assertReadable(q: ImageQuality): void {
  if (q.meanLuminance < MIN_MEAN_LUMINANCE) {
    throw new MambaError(
      'IMAGE_QUALITY',
      'The photo is too dark to read.',
      'Turn on a lamp for more light, or move the page towards a window, then try again.',
    );
  }
  if (q.contrast >= MIN_CONTRAST_FOR_BLUR && q.sharpness < MIN_SHARPNESS) {
    throw new MambaError(
      'IMAGE_QUALITY',
      'The photo is blurred, so the words cannot be read.',
      'Hold the page still, a hand or two from the camera, and try again.',
    );
  }
}

