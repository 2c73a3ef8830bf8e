/**
 * Pictures to select a region of: a screenshot (desktop app: capture.screen from main;
 * browser: one frame of getDisplayMedia), or an image the user pastes, drops or opens.
 * Each becomes a data: URL small enough for one ocr.readThis request.
 */
import { LIMITS, type ScreenImage } from '../../shared/contract';
import type { Client } from '../api';

export interface Picture {
  /** data: URL (what the selector shows). */
  src: string;
  /** The same bytes without the data: prefix (what ocr.readThis gets). */
  base64: string;
  width: number;
  height: number;
}

/** A problem the user can fix, shown as a toast (message + fix). */
export class PictureError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

function fromDataUrl(src: string, width: number, height: number): Picture {
  return { src, base64: src.slice(src.indexOf(',') + 1), width, height };
}

async function decode(src: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = src;
  try {
    await img.decode();
  } catch {
    throw new PictureError('That file is not a picture Mamba can open.', 'Use a PNG, JPEG or WebP image.');
  }
  return img;
}

/** Re-encode pictures too big for one request (huge photos): JPEG, scaled down until it fits. */
function fitToLimit(img: CanvasImageSource, width: number, height: number, src: string): Picture {
  if (src.length <= LIMITS.imageBase64Chars) return fromDataUrl(src, width, height);
  for (let scale = 1; scale > 0.1; scale *= 0.7) {
    const c = document.createElement('canvas');
    c.width = Math.round(width * scale);
    c.height = Math.round(height * scale);
    c.getContext('2d')?.drawImage(img, 0, 0, c.width, c.height);
    const url = c.toDataURL('image/jpeg', 0.92);
    if (url.length <= LIMITS.imageBase64Chars) return fromDataUrl(url, c.width, c.height);
  }
  throw new PictureError('That picture is too large to read.', 'Crop or shrink it, then try again.');
}

/** A pasted, dropped or opened file. */
export async function pictureFromFile(file: Blob): Promise<Picture> {
  if (!file.type.startsWith('image/')) throw new PictureError(`That is not a picture (${file.type || 'unknown type'}).`, 'Paste, drop or open a PNG, JPEG or WebP image.');
  const src = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new PictureError('Could not read that file.', 'Try saving it again, then open it.'));
    r.readAsDataURL(file);
  });
  const img = await decode(src);
  return fitToLimit(img, img.naturalWidth, img.naturalHeight, src);
}

/** The first image among clipboard/drag items, if any. */
export function imageFileOf(data: DataTransfer | null): File | null {
  if (!data) return null;
  for (const f of data.files) if (f.type.startsWith('image/')) return f;
  for (const item of data.items) if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  return null;
}

/** Desktop app: main hides the window, grabs the primary screen and hands it over. */
export async function pictureFromMain(api: Client): Promise<Picture> {
  return pictureFromScreenImage(await api.invoke('capture.screen'));
}

export function pictureFromScreenImage(s: ScreenImage): Picture {
  const mime = s.imageBase64.startsWith('/9j/') ? 'image/jpeg' : 'image/png';
  return { src: `data:${mime};base64,${s.imageBase64}`, base64: s.imageBase64, width: s.width, height: s.height };
}

export function canShareScreen(): boolean {
  return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/** Browser: one frame of a screen the user picks in the browser's share dialog. */
export async function pictureFromDisplay(): Promise<Picture> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    if (name === 'NotAllowedError' || name === 'AbortError') throw new PictureError('Screen sharing was cancelled.', 'Pick a screen or window to share, or paste a screenshot (Ctrl+V) instead.');
    throw new PictureError('This browser cannot share the screen.', 'Paste a screenshot (Ctrl+V), drop an image here, or use the desktop app.');
  }
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    for (let i = 0; i < 50 && !video.videoWidth; i++) await new Promise((r) => setTimeout(r, 100));
    if (!video.videoWidth) throw new PictureError('The shared screen sent no picture.', 'Try again, or paste a screenshot (Ctrl+V).');
    const c = document.createElement('canvas');
    c.width = video.videoWidth;
    c.height = video.videoHeight;
    c.getContext('2d')?.drawImage(video, 0, 0);
    return fitToLimit(c, c.width, c.height, c.toDataURL('image/png'));
  } finally {
    for (const t of stream.getTracks()) t.stop(); // one frame only: the "sharing" indicator goes away at once
  }
}
