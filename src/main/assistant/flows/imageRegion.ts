/**
 * "Read this" on part of an image: the rectangle the user selected (screen region, pasted or
 * dropped image) is checked against the real image size and cut out here, in main, so the
 * renderer never decides what bytes OCR sees and a bad rectangle gets a clear error.
 */
import sharp from 'sharp';
import { ImageRegion, LIMITS } from '../../../shared/contract';
import { MambaError } from '../../../shared/errors';
import { MAX_IMAGE_PIXELS } from '../../platform/greyImage';

function unreadable(e: unknown): MambaError {
  return new MambaError('BAD_INPUT', `Could not read the captured image (${e instanceof Error ? e.message : String(e)}).`, 'Capture a PNG, JPEG or WebP image.');
}

/** The region's pixels as PNG (lossless: OCR gets exactly what was on screen). */
export async function cropToRegion(image: Uint8Array, r: ImageRegion): Promise<Uint8Array> {
  let src: Uint8Array = image;
  let meta: { width?: number; height?: number; orientation?: number };
  try {
    meta = await sharp(src, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    // The user selected on the upright picture (browsers honour EXIF orientation): crop that one.
    if (meta.orientation && meta.orientation > 1) {
      src = new Uint8Array(await sharp(src, { limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient().png().toBuffer());
      meta = await sharp(src).metadata();
    }
  } catch (e) {
    throw unreadable(e);
  }
  const { width, height } = meta;
  if (!width || !height) throw unreadable(new Error('no size'));
  if (r.x + r.width > width || r.y + r.height > height)
    throw new MambaError(
      'BAD_INPUT',
      `The selected region (${r.width}×${r.height} at ${r.x},${r.y}) lies outside the ${width}×${height} image.`,
      'Select the region again on this image.',
    );
  if (r.width < LIMITS.regionMinEdge || r.height < LIMITS.regionMinEdge)
    throw new MambaError('EMPTY_INPUT', `The selected region (${r.width}×${r.height} px) is too small to read.`, 'Drag a rectangle around the whole text you want read.');
  try {
    const png = await sharp(src, { limitInputPixels: MAX_IMAGE_PIXELS }).extract({ left: r.x, top: r.y, width: r.width, height: r.height }).png().toBuffer();
    return new Uint8Array(png);
  } catch (e) {
    throw unreadable(e);
  }
}
