/**
 * The "Read this" tab: camera preview (getUserMedia), capture a frame as JPEG, send it to
 * ocr.readThis (optionally translated and spoken), show the text and play the speech.
 * Also reads a region of a picture: a screenshot ("Screen region", tray, shortcut) or an
 * image pasted, dropped or opened here, through the region selector.
 */
import { DEFAULT_UI_SETTINGS, type ImageRegion, type ReadThisRequest, type ReadThisResult, type ScreenImage, type Settings, type SettingsPatch } from '../../shared/contract';
import type { EngineStatus } from '../../shared/types';
import { toApiError, type Client } from '../api';
import { isSpeaking, playSpeech } from '../audio';
import { byId } from '../dom';
import { qualityNote } from '../pad/inkToSpeech';
import { selectRegion } from '../region/regionSelector';
import { Picture, PictureError, canShareScreen, imageFileOf, pictureFromDisplay, pictureFromFile, pictureFromMain, pictureFromScreenImage } from '../region/pictureSources';
import { toast, toastError } from '../toasts';
import { pickSharpest, scoreGrey, toGrey, type FrameScore } from './frameQuality';

/** Frames wider than this are scaled down before sending (OCR gains nothing past it). */
const MAX_CAPTURE_WIDTH = 1920;
/** Frames are judged on a copy this wide (enough to tell blur, cheap to compute). */
const SCORE_WIDTH = 320;
/** Frames judged per capture: a button press (the page is already in view) / a hands-free one. */
const BURST_BUTTON = 3;
const BURST_HANDS_FREE = 6;
const BURST_GAP_MS = 120;
const COUNTDOWN_FROM = 3;

export interface ReadThisOptions {
  /** Hands-free ("Mamba, read this", tray): a 3-2-1 countdown, shown and spoken, before the capture. */
  countdown?: boolean;
}

interface Frame {
  canvas: HTMLCanvasElement;
  score: FrameScore;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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
  private readonly translationNote = byId('cam-translation-note');
  private readonly regionBtn = byId<HTMLButtonElement>('cam-region');
  private readonly openBtn = byId<HTMLButtonElement>('cam-open');
  private readonly fileInput = byId<HTMLInputElement>('cam-file');
  private readonly wrap = byId('cam-wrap');
  private readonly panel = byId('panel-read');
  private readonly placeholderMain = byId('cam-placeholder-main');
  private readonly placeholderAlt = byId('cam-placeholder-alt');
  private readonly countdownEl = byId('cam-countdown');
  private readonly countdownNumber = byId('cam-countdown-number');
  private readonly countdownLabel = byId('cam-countdown-label');
  /** A capture in progress (countdown, burst, reading): one at a time. */
  private capturing = false;
  private cancelled = false;
  private lang: 'en' | 'es' = 'en';
  private readonly settingsListeners: ((p: SettingsPatch) => void)[] = [];

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
    // "Then translate to" is a setting: Settings' target language, on or off for Read this.
    this.to.addEventListener('change', () => {
      const p: SettingsPatch = this.to.value ? { languages: { translateTo: this.to.value }, ui: { readThisTranslate: true } } : { ui: { readThisTranslate: false } };
      for (const cb of this.settingsListeners) cb(p);
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.countdownEl.hidden) this.cancelled = true;
    });
  }

  onSettings(cb: (p: SettingsPatch) => void): void {
    this.settingsListeners.push(cb);
  }

  /** Follow the settings: the Read this target (Settings' "Translate to" when on) and the spoken language. */
  applySettings(s: Settings): void {
    this.lang = s.languages.input;
    const ui = s.ui ?? DEFAULT_UI_SETTINGS;
    const want = ui.readThisTranslate ? s.languages.translateTo : '';
    if ([...this.to.options].some((o) => o.value === want)) this.to.value = want;
  }

  /** What the empty camera area says: how to start, or why the camera is not available and how to allow it. */
  private setPlaceholder(kind: 'off' | 'denied' | 'missing' | 'unsupported'): void {
    const electron = this.api.transport === 'electron';
    const alt = 'Or paste (Ctrl+V) or drop a picture here to select the text to read.';
    const text: Record<typeof kind, [string, string]> = {
      off: ['The camera is off. Press “Start camera”, then hold a page up to it and press “Read this” (Space).', alt],
      denied: [
        'Mamba may not use the camera.',
        electron
          ? `Allow the camera for Mamba in your system settings (Privacy → Camera), then press “Start camera”. ${alt}`
          : `Allow the camera for this page: click the camera icon in the address bar (or the site settings) and choose Allow, then press “Start camera”. ${alt}`,
      ],
      missing: ['No camera was found.', `Connect a webcam (or close the app using it), then press “Start camera”. ${alt}`],
      unsupported: ['This window has no camera access.', `Open Mamba from the app, or from the http://127.0.0.1 address it printed. ${alt}`],
    };
    this.placeholder.dataset.kind = kind;
    [this.placeholderMain.textContent, this.placeholderAlt.textContent] = text[kind];
  }

  /** Say a short hint aloud (a cue: not logged); silent if speech is not available. */
  private async sayHint(text: string): Promise<void> {
    try {
      await playSpeech(await this.api.invoke('tts.speak', { text, lang: 'en', cue: true }));
    } catch {
      /* the hint is on screen too */
    }
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
        this.setPlaceholder('unsupported');
        this.showPlaceholder();
        return false;
      }
      try {
        this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false });
      } catch (e) {
        // Said where the camera would be, for as long as it is true (not in a toast that goes away).
        const name = e instanceof DOMException ? e.name : '';
        this.setPlaceholder(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'missing');
        this.showPlaceholder();
        return false;
      }
      this.setPlaceholder('off');
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

  private showPlaceholder(): void {
    this.still.hidden = true;
    this.placeholder.hidden = false;
  }

  /** The placeholder's words, for the spoken form of "the camera is not available". */
  get unavailableReason(): string {
    return `${this.placeholderMain.textContent ?? ''}`;
  }

  /** The current frame, full size (<= 1920 px wide) and judged on a small copy. */
  private grabFrame(small: HTMLCanvasElement): Frame | null {
    const v = this.video;
    if (!v.videoWidth || !v.videoHeight) return null;
    const sctx = small.getContext('2d', { willReadFrequently: true });
    if (!sctx) return null;
    small.width = Math.min(SCORE_WIDTH, v.videoWidth);
    small.height = Math.max(1, Math.round((v.videoHeight * small.width) / v.videoWidth));
    sctx.drawImage(v, 0, 0, small.width, small.height);
    const px = sctx.getImageData(0, 0, small.width, small.height);
    const score = scoreGrey(toGrey(px.data, px.width, px.height), px.width, px.height);
    const scale = Math.min(1, MAX_CAPTURE_WIDTH / v.videoWidth);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(v.videoWidth * scale);
    canvas.height = Math.round(v.videoHeight * scale);
    canvas.getContext('2d')?.drawImage(v, 0, 0, canvas.width, canvas.height);
    return { canvas, score };
  }

  /** A few frames in a row; the sharpest bright one wins (null: all too dark, or no picture at all). */
  private async grabSharpest(count: number): Promise<{ best: Frame | null; frames: number }> {
    const small = document.createElement('canvas');
    let best: Frame | null = null;
    let frames = 0;
    for (let i = 0; i < count; i++) {
      if (i) await sleep(BURST_GAP_MS);
      const f = this.grabFrame(small);
      if (!f) continue;
      frames++;
      best = pickSharpest(best ? [best, f] : [f]);
    }
    this.panel.dataset.frames = String(frames); // how many were judged (tests, debugging)
    return { best, frames };
  }

  /** 3-2-1, shown over the preview and spoken, so there is time to hold the page up. Escape cancels. */
  private async countdown(): Promise<boolean> {
    // Let Mamba finish its reply ("Show me the page") first.
    for (let i = 0; i < 50 && isSpeaking(); i++) await sleep(100);
    const cues = Array.from({ length: COUNTDOWN_FROM }, (_, i) =>
      this.api.invoke('tts.speak', { text: String(COUNTDOWN_FROM - i), lang: this.lang, cue: true }).catch(() => null),
    );
    this.cancelled = false;
    this.countdownEl.hidden = false;
    this.countdownLabel.textContent = 'Hold the page up to the camera';
    try {
      for (let i = 0; i < COUNTDOWN_FROM; i++) {
        if (this.cancelled) return false;
        this.countdownNumber.textContent = String(COUNTDOWN_FROM - i);
        this.panel.dataset.countdown = String(COUNTDOWN_FROM - i);
        void cues[i].then((audio) => (audio && !this.cancelled ? playSpeech(audio) : undefined));
        await sleep(1000);
      }
      return !this.cancelled;
    } finally {
      this.countdownEl.hidden = true;
      delete this.panel.dataset.countdown;
    }
  }

  /**
   * Capture and read. Starts the camera first when needed (voice "read this", tray). Judges a
   * few frames and sends the sharpest; a dark picture is refused here, with a spoken hint.
   */
  async readThis(opts: ReadThisOptions = {}): Promise<void> {
    if (this.busy || this.capturing) return;
    this.capturing = true;
    this.captureBtn.disabled = true;
    const spoken = opts.countdown === true || this.speak.checked;
    try {
      if (!(await this.start())) {
        if (opts.countdown) void this.sayHint(`${this.unavailableReason} See the Read this tab for how to allow it.`);
        return;
      }
      // A freshly started camera needs a frame before there is anything to capture.
      for (let i = 0; i < 50 && !this.video.videoWidth; i++) await sleep(100);
      if (opts.countdown && !(await this.countdown())) return;
      const { best, frames } = await this.grabSharpest(opts.countdown ? BURST_HANDS_FREE : BURST_BUTTON);
      if (!frames) {
        toast('error', 'The camera has not delivered a picture yet.', 'Wait a moment and press “Read this” again.');
        return;
      }
      if (!best) {
        const message = 'It is too dark to read the page.';
        const fix = 'Turn on a light or move the page towards a window, then try again.';
        this.showFailure(message, fix);
        if (spoken) void this.sayHint(`${message} ${fix}`);
        return;
      }
      const dataUrl = best.canvas.toDataURL('image/jpeg', 0.92);
      this.capturing = false;
      await this.read({ imageBase64: dataUrl.slice(dataUrl.indexOf(',') + 1), source: 'webcam' }, dataUrl, 'Reading the page…', spoken);
    } finally {
      this.capturing = false;
      if (!this.busy) this.captureBtn.disabled = !this.stream;
    }
  }

  /** A read that could not happen, said where the text would be and in a toast. */
  private showFailure(message: string, fix?: string): void {
    this.text.textContent = fix ? `${message} ${fix}` : message;
    this.text.classList.add('empty');
    this.translation.hidden = true;
    this.translationNote.hidden = true;
    this.meta.textContent = '';
    toast('error', message, fix);
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
  private async read(req: Pick<ReadThisRequest, 'imageBase64' | 'source' | 'region'>, stillUrl: string, label: string, spokenHints = this.speak.checked): Promise<void> {
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
      const err = toApiError(e);
      if (err.code === 'IMAGE_QUALITY') {
        // Blurred or dark: plain words on screen, and aloud when Mamba was asked to read aloud.
        this.showFailure(err.message, err.fix);
        if (spokenHints) void this.sayHint(`${err.message} ${err.fix ?? ''}`);
      } else {
        this.text.textContent = 'Nothing read.';
        this.text.classList.add('empty');
        toastError(e, 'Could not read this');
      }
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
      // Apertium is rule-based, word by word in places: the same note as under the pad's translation.
      this.translationNote.textContent = qualityNote(res.translation);
      this.translationNote.hidden = false;
    } else {
      this.translation.hidden = true;
      this.translationNote.hidden = true;
    }
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
