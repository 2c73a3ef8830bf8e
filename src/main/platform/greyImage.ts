/**
 * Image bytes -> 8-bit grey pixels at a working size, with hard bounds on what we decode: the one decoder
 * of the photo-reading (OCR) and handwriting engines, and the one pixel limit every sharp call in Mamba uses.
 * The header is read first, so a 20000x20000 image is refused before a pixel is decoded.
 */
import sharp from 'sharp';
import { MambaError } from '../../shared/errors';

/** Largest image we decode anywhere: 50 megapixels (an 8K frame or a 48 MP phone photo fits). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** The one size check of a photo's header, wherever a photo arrives (OCR, the log's thumbnail). */
export function assertPhotoSize(width: number, height: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new MambaError(
      'TOO_LARGE',
      `The photo is ${width}x${height} pixels; the most Mamba reads is ${MAX_IMAGE_PIXELS / 1e6} megapixels.`,
      'resize it to at most 8000 pixels on its longer side',
    );
  }
}
/** Largest file we accept at all. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface DecodedImage {
  /** Grey image whose longer side is at most `workSide`. */
  grey: GreyImage;
  /** Original size after EXIF orientation. */
  width: number;
  height: number;
  /** Multiply working-image coordinates by this to get original-photo coordinates. */
  scale: number;
}

/** Decodes `bytes` (EXIF orientation applied, transparency on white) to grey, longer side at most `workSide`. */
export async function decodeGreyImage(bytes: Uint8Array, workSide: number): Promise<DecodedImage> {
  if (!bytes || bytes.length === 0) {
    throw new MambaError('BAD_INPUT', 'The photo is empty (0 bytes).', 'pick an image file (PNG, JPEG, WebP)');
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new MambaError(
      'TOO_LARGE',
      `The photo file is ${Math.round(bytes.length / 1048576)} MB; the most Mamba reads is ${MAX_IMAGE_BYTES / 1048576} MB.`,
      'save it as a JPEG or a smaller image',
    );
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Header only: no pixels are decoded here, whatever size the image claims.
  const meta = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw new MambaError('BAD_INPUT', 'That is not an image Mamba can read.', 'use a PNG, JPEG or WebP photo');
    });
  const w0 = meta.width ?? 0;
  const h0 = meta.height ?? 0;
  if (w0 <= 0 || h0 <= 0) {
    throw new MambaError('BAD_INPUT', `The image has no pixels (${w0}x${h0}).`, 'use a photo with the page in it');
  }
  assertPhotoSize(w0, h0);
  // EXIF orientation 5..8 swaps the axes.
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? h0 : w0;
  const height = swap ? w0 : h0;
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' }) // transparent PNGs: ink on white
      .resize({ width: workSide, height: workSide, fit: 'inside', withoutEnlargement: true })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`);
    return {
      grey: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
      width,
      height,
      scale: width / info.width,
    };
  } catch (e) {
    // Header was fine but the pixel data is truncated or corrupt.
    throw new MambaError(
      'BAD_INPUT',
      `The image is damaged and cannot be decoded (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`,
      'take the photo again or export it once more',
    );
  }
}

/** Grey pixels -> PNG bytes (what both Tesseract backends and the handwriting engine read). */
export async function encodePng(img: GreyImage, dpi = 300): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 1 },
  })
    .withMetadata({ density: dpi })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
