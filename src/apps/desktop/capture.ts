/** Images from the OS for "read this": the clipboard and the primary screen. */
import type { Clipboard, DesktopCapturer, Screen } from 'electron';
import { LIMITS, type ScreenImage } from '../../shared/contract';
import { MambaError } from '../../shared/errors';

export function readClipboardImage(clipboard: Pick<Clipboard, 'readImage'>): Uint8Array | null {
  const img = clipboard.readImage();
  return img.isEmpty() ? null : new Uint8Array(img.toPNG());
}

export async function captureScreen(dc: Pick<DesktopCapturer, 'getSources'>, screen: Pick<Screen, 'getPrimaryDisplay'>): Promise<ScreenImage> {
  const d = screen.getPrimaryDisplay();
  const width = Math.round(d.size.width * d.scaleFactor);
  const height = Math.round(d.size.height * d.scaleFactor);
  const sources = await dc.getSources({ types: ['screen'], thumbnailSize: { width, height } }).catch((e: unknown) => {
    throw new MambaError('ENGINE_UNAVAILABLE', `The desktop did not allow a screenshot (${e instanceof Error ? e.message : String(e)}).`, 'Allow screen sharing for Mamba when the desktop asks, or use the clipboard instead.');
  });
  // With several monitors the order of sources is not the order of displays: take the primary's
  // (display_id is '' where the platform cannot tell; then the first screen).
  const primary = sources.find((s) => s.display_id !== '' && s.display_id === String(d.id)) ?? sources[0];
  const img = primary?.thumbnail;
  if (!img || img.isEmpty())
    throw new MambaError('ENGINE_UNAVAILABLE', 'The desktop returned no screen image.', 'Allow screen sharing for Mamba when the desktop asks, or copy a screenshot and use the clipboard.');
  const size = img.getSize();
  // PNG keeps text crisp for OCR; a huge display full of photos can outgrow one IPC image, then JPEG.
  let imageBase64 = img.toPNG().toString('base64');
  if (imageBase64.length > LIMITS.imageBase64Chars) imageBase64 = img.toJPEG(92).toString('base64');
  return { imageBase64, width: size.width, height: size.height };
}
