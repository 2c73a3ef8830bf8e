/**
 * Webcam frame -> flat, straight, black-on-white page ready for Tesseract:
 * quality check -> find page -> perspective warp -> binarise -> deskew.
 * When no page outline is found, the whole frame is used (deskew still applies).
 */
import type { Cv } from './opencv';
import type { GreyImage } from '../../platform/greyImage';
import { findPage, Corners } from './findPage';
import { flattenPage } from './flattenPage';
import { binarise } from './binarise';
import { estimateSkew, rotateImage } from './deskew';
import { assertReadable, measureQuality, ImageQuality } from './imageQuality';
import type { StepTimer } from './stepTimer';

export interface PreparedPage {
  /** Light-normalised grey page. */
  grey: GreyImage;
  /** Black ink on white. */
  binary: GreyImage;
  /** Page corners in the input image's coordinates, when a page outline was found. */
  corners?: Corners;
  /** Skew corrected, in degrees. */
  skew: number;
  quality: ImageQuality;
}

export async function preparePage(cv: Cv, img: GreyImage, t: StepTimer): Promise<PreparedPage> {
  const quality = await t.run('quality', () => measureQuality(cv, img));
  assertReadable(quality);
  const corners = await t.run('page', () => findPage(cv, img));
  const flat = corners ? await t.run('flatten', () => flattenPage(cv, img, corners)) : img;
  const b = await t.run('binarise', () => binarise(cv, flat));
  const skew = await t.run('deskew', () => estimateSkew(b.binary));
  return {
    grey: rotateImage(cv, b.normalised, skew),
    binary: rotateImage(cv, b.binary, skew),
    corners,
    skew,
    quality,
  };
}
