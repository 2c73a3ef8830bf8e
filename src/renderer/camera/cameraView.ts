/**
 * The "Read this" tab: camera preview (getUserMedia), capture a frame as JPEG, send it to
 * ocr.readThis (optionally translated and spoken), show the text and play the speech.
 * Also reads a region of a picture: a screenshot ("Screen region", tray, shortcut) or an
 * image pasted, dropped or opened here, through the region selector.
 */
import type { ImageRegion, ReadThisRequest, ReadThisResult, ScreenImage } from '../../shared/contract';
import type { EngineStatus } from '../../shared/types';
import type { Client } from '../api';
import { playSpeech } from '../audio';
import { byId } from '../dom';
import { selectRegion } from '../region/regionSelector';
import { Picture, PictureError, canShareScreen, imageFileOf, pictureFromDisplay, pictureFromFile, pictureFromMain, pictureFromScreenImage } from '../region/pictureSources';
import { toast, toastError } from '../toasts';

/** Frames wider than this are scaled down before sending (OCR gains nothing past it). */
const MAX_CAPTURE_WIDTH = 1920;

export class CameraView {
  private stream: MediaStream | null = null;
  private starting: Promise<boolean> | null = null;
  private busy = false;
  private readonly video = byId<HTMLVideoElement>('cam-video');
  private readonly still = byId<HTMLImageElement>('cam-still');
  private readonly placeholder = byId('cam-placeholder');
  private readonly startBtn = byId<HTMLButtonElement>('cam-start');
  private readonly captureBtn = byId<HTMLButtonElement>('cam-capture');
  private readonly to = byId<HTMLSelectElement>('cam-to');
  private readonly speak = byId<HTMLInputElement>('cam-speak');
  private readonly progress = byId('cam-progress');
  private readonly progressLabel = byId('cam-progress-label');
  private readonly progressBar = byId<HTMLProgressElement>('cam-progress-bar');
  private readonly text = byId('cam-text');
  private readonly meta = byId('cam-meta');
  private readonly translation = byId('cam-translation');
  private readonly translationText = byId('cam-translation-text');
  private readonly regionBtn = byId<HTMLButtonElement>('cam-region');
  private readonly openBtn = byId<HTMLButtonElement>('cam-open');
  private readonly fileInput = byId<HTMLInputElement>('cam-file');
  private readonly wrap = byId('cam-wrap');
  private readonly panel = byId('panel-read');

  constructor(private readonly api: Client) {
    this.startBtn.addEventListener('click', () => (this.stream ? this.stop() : void this.start()));
    this.captureBtn.addEventListener('click', () => void this.readThis());
    this.regionBtn.addEventListener('click', () => void this.readScreenRegion());
    this.openBtn.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      const f = this.fileInput.files?.[0];
      this.fileInput.value = ''; // the same file can be opened again
      if (f) void this.readFile(f, 'file');
    });
    // In the browser the button needs getDisplayMedia; the desktop app asks main for the screenshot.
    if (api.transport !== 'electron' && !canShareScreen()) {
      this.regionBtn.disabled = true;
      this.regionBtn.title = 'This browser cannot share the screen: paste (Ctrl+V) or drop a screenshot instead.';
    }
    this.wireDropAndPaste();
    api.on('engine.status', (s) => this.onEngine(s));
  }

  private wireDropAndPaste(): void {
    const hasImage = (e: DragEvent): boolean => [...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file' && i.type.startsWith('image/'));
    this.wrap.addEventListener('dragover', (e) => {
      if (!hasImage(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      this.wrap.classList.add('drop-target');
    });
    this.wrap.addEventListener('dragleave', () => this.wrap.classList.remove('drop-target'));
    this.wrap.addEventListener('drop', (e) => {
      this.wrap.classList.remove('drop-target');
      const f = imageFileOf(e.dataTransfer);
      if (!f) return;
      e.preventDefault();
      void this.readFile(f, 'file');
    });
    // A dropped picture that misses the drop zone must not replace the app with the image.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    document.addEventListener('paste', (e) => {
      if (this.panel.hidden || document.querySelector('.region-overlay')) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const f = imageFileOf(e.clipboardData);
      if (!f) return;
      e.preventDefault();
      void this.readFile(f, 'clipboard');
    });
  }

  get running(): boolean {
    return this.stream !== null;
  }

  async start(): Promise<boolean> {
    if (this.stream) return true;
    if (this.starting) return this.starting;
    this.starting = (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        toast('error', 'This window has no camera access.', 'Open Mamba from the app, or from http://127.0.0.1 in a browser.');
        return false;
      }
      try {
        this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false });
      } catch (e) {
        const name = e instanceof DOMException ? e.name : '';
        toast(
          'error',
          name === 'NotAllowedError' ? 'Mamba may not use the camera.' : name === 'NotFoundError' ? 'No camera was found.' : 'Could not start the camera.',
          name === 'NotAllowedError' ? 'Allow camera access for Mamba in your system or browser settings.' : 'Connect a webcam, close other apps using it, then try again.',
        );
        return false;
      }
      this.video.srcObject = this.stream;
      await this.video.play().catch(() => undefined);
      this.still.hidden = true;
      this.video.hidden = false;
      this.placeholder.hidden = true;
      this.captureBtn.disabled = false;
      this.startBtn.textContent = 'Stop camera';
      return true;
    })();
    try {
      return await this.starting;
    } finally {
      this.starting = null;
    }
  }

  stop(): void {
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.captureBtn.disabled = true;
    this.startBtn.textContent = 'Start camera';
    if (this.still.hidden) this.placeholder.hidden = false;
  }

  /** Grab the current frame as base64 JPEG (no data: prefix). */
  private grab(): { base64: string; dataUrl: string } | null {
    const v = this.video;
    if (!v.videoWidth || !v.videoHeight) return null;
    const scale = Math.min(1, MAX_CAPTURE_WIDTH / v.videoWidth);
    const c = document.createElement('canvas');
    c.width = Math.round(v.videoWidth * scale);
    c.height = Math.round(v.videoHeight * scale);
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(v, 0, 0, c.width, c.height);
    const dataUrl = c.toDataURL('image/jpeg', 0.92);
    return { dataUrl, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
  }

  /** Capture and read. Starts the camera first when needed (voice "read this", tray). */
  async readThis(): Promise<void> {
    if (this.busy) return;
    if (!(await this.start())) return;
    // A freshly started camera needs a frame before there is anything to capture.
    for (let i = 0; i < 50 && !this.video.videoWidth; i++) await new Promise((r) => setTimeout(r, 100));
    const frame = this.grab();
    if (!frame) {
      toast('error', 'The camera has not delivered a picture yet.', 'Wait a moment and press “Read this” again.');
      return;
    }
    await this.read({ imageBase64: frame.base64, source: 'webcam' }, frame.dataUrl, 'Reading the page…');
  }

  /** "Screen region": a screenshot (from main, or one shared frame in a browser), then the selector. */
  async readScreenRegion(): Promise<void> {
    if (this.busy) return;
    let pic: Picture;
    try {
      pic = this.api.transport === 'electron' ? await pictureFromMain(this.api) : await pictureFromDisplay();
    } catch (e) {
      this.pictureFailed(e);
      return;
    }
    await this.readPicture(pic, 'screen');
  }

  /** A screenshot sent by main (tray item or global shortcut "Read a screen region"). */
  readScreenshot(image: ScreenImage): Promise<void> {
    return this.readPicture(pictureFromScreenImage(image), 'screen');
  }

  async readFile(file: Blob, source: 'file' | 'clipboard'): Promise<void> {
    if (this.busy) return;
    try {
      await this.readPicture(await pictureFromFile(file), source);
    } catch (e) {
      this.pictureFailed(e);
    }
  }

  private pictureFailed(e: unknown): void {
    if (e instanceof PictureError) toast('error', e.message, e.fix);
    else toastError(e, 'Could not get the picture');
  }

  /** Let the user pick the text on the picture, then read just that. */
  private async readPicture(pic: Picture, source: 'screen' | 'file' | 'clipboard'): Promise<void> {
    if (this.busy) return;
    const choice = await selectRegion(pic, { title: source === 'screen' ? 'Select the part of the screen to read' : 'Select the text to read' });
    if (!choice) return;
    // Looking at a picture now, not through the camera: the camera light goes off.
    this.stop();
    const region = choice === 'all' ? undefined : choice;
    await this.read({ imageBase64: pic.base64, source, ...(region ? { region } : {}) }, region ? await cropPreview(pic, region) : pic.src, 'Reading the selection…');
  }

  /** One read: show the picture, call ocr.readThis (main crops any region), show and speak the result. */
  private async read(req: Pick<ReadThisRequest, 'imageBase64' | 'source' | 'region'>, stillUrl: string, label: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.captureBtn.disabled = true;
    this.still.src = stillUrl;
    this.still.hidden = false;
    this.video.hidden = true;
    this.placeholder.hidden = true;
    this.showProgress(label);
    try {
      const res = await this.api.invoke('ocr.readThis', {
        ...req,
        ...(this.to.value ? { to: this.to.value } : {}),
        speak: this.speak.checked,
      });
      this.show(res);
      if (res.speech) void playSpeech(res.speech);
    } catch (e) {
      this.text.textContent = 'Nothing read.';
      this.text.classList.add('empty');
      toastError(e, 'Could not read this');
    } finally {
      this.busy = false;
      this.progress.hidden = true;
      this.captureBtn.disabled = !this.stream;
      // Back to the live preview after a short look at the capture.
      window.setTimeout(() => {
        if (this.stream && !this.busy) {
          this.still.hidden = true;
          this.video.hidden = false;
        }
      }, 1500);
    }
  }

  private show(res: ReadThisResult): void {
    this.panel.dataset.read = String(Date.now()); // a new result (tests and screen readers follow the live region)
    const text = res.ocr.text.trim();
    this.text.textContent = text || 'No text found in the picture.';
    this.text.classList.toggle('empty', !text);
    const steps = res.ocr.steps.map((s) => `${s.name} ${Math.round(s.ms)} ms`).join(' · ');
    this.meta.textContent = this.meta.title = `${res.ocr.lines.length} lines · ${Math.round(res.ocr.ms)} ms${steps ? ` (${steps})` : ''}`;
    if (res.translation) {
      this.translationText.textContent = res.translation.text;
      this.translationText.lang = res.translation.to;
      this.translation.hidden = false;
    } else this.translation.hidden = true;
  }

  private showProgress(label: string, fraction?: number): void {
    this.progress.hidden = false;
    this.progressLabel.textContent = label;
    if (fraction === undefined) this.progressBar.removeAttribute('value');
    else this.progressBar.value = fraction;
  }

  /** While reading, show main's OCR progress: loading (first use), then each step of the page. */
  private onEngine(s: EngineStatus): void {
    if (!this.busy) return;
    if (s.engine === 'ocr' && s.state === 'loading') this.showProgress(s.detail ? `Loading OCR: ${s.detail.replace(/^ocr-load: /, '')}` : 'Loading OCR…', s.progress);
    else if (s.engine === 'ocr' && s.state === 'ready' && s.detail && typeof s.progress === 'number' && s.progress < 1) this.showProgress(`Reading: ${s.detail}`, s.progress);
    else if (s.engine === 'tts' && s.state === 'loading') this.showProgress('Preparing the voice…');
  }
}

/** The selected part of the picture, for the still shown while main reads it. */
async function cropPreview(pic: Picture, r: ImageRegion): Promise<string> {
  const img = new Image();
  img.src = pic.src;
  const ok = await img.decode().then(() => true, () => false);
  const c = document.createElement('canvas');
  c.width = r.width;
  c.height = r.height;
  const ctx = c.getContext('2d');
  if (!ctx || !ok) return pic.src;
  ctx.drawImage(img, r.x, r.y, r.width, r.height, 0, 0, r.width, r.height);
  return c.toDataURL('image/png');
}
