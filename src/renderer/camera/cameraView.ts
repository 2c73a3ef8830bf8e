/**
 * The "Read this" tab: camera preview (getUserMedia), capture a frame as JPEG, send it to
 * ocr.readThis (optionally translated and spoken), show the text and play the speech.
 */
import type { ReadThisResult } from '../../shared/contract';
import type { EngineStatus } from '../../shared/types';
import type { Client } from '../api';
import { playSpeech } from '../audio';
import { byId } from '../dom';
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

  constructor(private readonly api: Client) {
    this.startBtn.addEventListener('click', () => (this.stream ? this.stop() : void this.start()));
    this.captureBtn.addEventListener('click', () => void this.readThis());
    api.on('engine.status', (s) => this.onEngine(s));
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
    this.busy = true;
    this.captureBtn.disabled = true;
    this.still.src = frame.dataUrl;
    this.still.hidden = false;
    this.video.hidden = true;
    this.showProgress('Reading the page…');
    try {
      const res = await this.api.invoke('ocr.readThis', {
        imageBase64: frame.base64,
        ...(this.to.value ? { to: this.to.value } : {}),
        speak: this.speak.checked,
        source: 'webcam',
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
