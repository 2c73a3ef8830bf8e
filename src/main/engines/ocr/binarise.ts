/**
 * Evens out the light and makes the page black ink on white: the background (estimated by a
 * morphological closing, which erases thin dark strokes) is divided out, then Otsu thresholds.
 */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';
import { fromMat, toMat, withMats } from './cvImage';

export interface BinariseResult {
  /** Light-normalised grey page. */
  normalised: GreyImage;
  /** Black (0) ink on white (255). */
  binary: GreyImage;
}

export function binarise(cv: Cv, img: GreyImage): BinariseResult {
  return withMats((keep) => {
    const src = keep(toMat(cv, img));
    // Background at quarter size: cheap, and the closing kernel then spans ~60 px of page.
    const q = keep(new cv.Mat());
    const qs = new cv.Size(Math.max(1, Math.round(img.width / 4)), Math.max(1, Math.round(img.height / 4)));
    cv.resize(src, q, qs, 0, 0, cv.INTER_AREA);
    const kernel = keep(cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(15, 15)));
    cv.morphologyEx(q, q, cv.MORPH_CLOSE, kernel);
    cv.medianBlur(q, q, 5);
    const bg = keep(new cv.Mat());
    cv.resize(q, bg, new cv.Size(img.width, img.height), 0, 0, cv.INTER_LINEAR);
    const norm = keep(new cv.Mat());
    cv.divide(src, bg, norm, 255, cv.CV_8U);
    const bin = keep(new cv.Mat());
    cv.threshold(norm, bin, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    return { normalised: fromMat(norm), binary: fromMat(bin) };
  });
}
