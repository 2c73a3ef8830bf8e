/**
 * The one measure of how readable a photo is, shared by main's quality check
 * (src/main/engines/ocr/imageQuality.ts) and the window's frame picker (src/renderer/camera/frameQuality.ts),
 * so the frame the window picks as sharpest is judged by the very rule main applies.
 *
 * Sharpness is the 99.5th percentile of |Laplacian| over the contrast (2nd..98th percentile of grey): unlike
 * the plain variance of the Laplacian it does not depend on how much text there is.
 */

/** Mean grey (0..255) under which a photo is too dark to read. */
export const MIN_MEAN_LUMINANCE = 40;

/** The smallest value v with at least q of the histogram's total at or below it. */
export function histogramPercentile(hist: ArrayLike<number>, q: number): number {
  let total = 0;
  for (let v = 0; v < hist.length; v++) total += hist[v];
  const want = q * total;
  let acc = 0;
  for (let v = 0; v < hist.length; v++) {
    acc += hist[v];
    if (acc >= want) return v;
  }
  return hist.length - 1;
}

/** Contrast and sharpness from a 256-bin grey histogram and a histogram of |Laplacian| (0..1020). */
export function contrastAndSharpness(greyHist: ArrayLike<number>, lapHist: ArrayLike<number>): { contrast: number; sharpness: number } {
  const contrast = histogramPercentile(greyHist, 0.98) - histogramPercentile(greyHist, 0.02);
  return { contrast, sharpness: histogramPercentile(lapHist, 0.995) / Math.max(contrast, 1) };
}
