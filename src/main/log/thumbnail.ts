/** Small JPEG thumbnails of captures for the log (so the log file stays small). */
import sharp from 'sharp';
import { MambaError } from '../../shared/errors';
import { assertPhotoSize, MAX_IMAGE_PIXELS } from '../platform/greyImage';

export const THUMBNAIL_EDGE = 160;

/** Downscale an image to fit 160x160 and return it as a JPEG data: URL (typically 3-10 kB). */
export async function makeThumbnail(image: Uint8Array, edge = THUMBNAIL_EDGE): Promise<string> {
  // The header first: an oversized photo gets TOO_LARGE here as from the CLI, not "could not read".
  const meta = await sharp(image, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (meta?.width && meta.height) assertPhotoSize(meta.width, meta.height);
  try {
    const jpeg = await sharp(image, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate() // honour EXIF orientation from phones/webcams
      .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 60, mozjpeg: true })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch (e) {
    throw new MambaError('BAD_INPUT', `Could not read the captured image (${e instanceof Error ? e.message : String(e)}).`, 'Capture a PNG, JPEG or WebP image.');
  }
}
