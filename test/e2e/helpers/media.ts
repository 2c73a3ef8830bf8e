/**
 * Media for Chromium's fake devices, made at test time from Debian programs (nothing
 * downloaded): a photo of a printed page (ImageMagick) as a .y4m webcam stream, and a spoken
 * command (Festival, padded with silence by sox) as the microphone WAV.
 */
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';

/** A white printed page lying on a grey desk, 1280x720, as PNG. Returns its path. */
export function makePagePhoto(dir: string, lines: string[]): string {
  const out = path.join(dir, 'page.png');
  const args = ['-size', '1280x720', 'xc:#6b6b66', '-fill', 'white', '-draw', 'rectangle 220,70 1060,650', '-fill', '#111', '-font', 'DejaVu-Sans', '-pointsize', '52'];
  lines.forEach((l, i) => args.push('-annotate', `+280+${200 + i * 110}`, l));
  args.push('-blur', '0x0.6', out);
  execFileSync('convert', args);
  return out;
}

/**
 * PNG -> one-frame YUV4MPEG2 (I420, BT.601 limited range), the format Chromium's
 * --use-file-for-fake-video-capture reads (it loops the frame).
 */
export function pngToY4m(pngPath: string, y4mPath: string): string {
  const png = PNG.sync.read(readFileSync(pngPath));
  const { width: w, height: h, data } = png;
  if (w % 2 || h % 2) throw new Error('y4m needs even dimensions');
  const Y = Buffer.alloc(w * h);
  const U = Buffer.alloc((w / 2) * (h / 2));
  const V = Buffer.alloc((w / 2) * (h / 2));
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      Y[y * w + x] = clamp(16 + 0.257 * data[i] + 0.504 * data[i + 1] + 0.098 * data[i + 2]);
    }
  for (let y = 0; y < h; y += 2)
    for (let x = 0; x < w; x += 2) {
      let r = 0, g = 0, b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const i = ((y + dy) * w + x + dx) * 4;
        r += data[i] / 4;
        g += data[i + 1] / 4;
        b += data[i + 2] / 4;
      }
      const j = (y / 2) * (w / 2) + x / 2;
      U[j] = clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      V[j] = clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(y4mPath, Buffer.concat([header, Buffer.from('FRAME\n'), Y, U, V]));
  return y4mPath;
}

/**
 * "<text>" spoken by Festival (text2wave), resampled to 16 kHz mono with silence around it.
 * Festival rather than espeak-ng: PocketSphinx's acoustic model hears its diphone voice as
 * speech (espeak-ng's formant voice comes out as "ah ah what donnie outta").
 */
export function makeSpokenWav(dir: string, text: string, name = 'command.wav'): string {
  const raw = path.join(dir, `raw-${name}`);
  const out = path.join(dir, name);
  execFileSync('text2wave', ['-o', raw], { input: text });
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, 'pad', '1.0', '3.0']);
  return out;
}

export interface ScreenshotFixture {
  path: string;
  width: number;
  height: number;
  /** Boxes (image px) around each paragraph, in the order given. */
  paragraphs: { x: number; y: number; width: number; height: number }[];
}

/**
 * A desktop screenshot, 1600x900, as PNG: a window with a title bar and the given paragraphs
 * of printed text stacked with wide gaps, so a region can hold exactly one of them.
 */
export function makeScreenshot(dir: string, paragraphs: string[][]): ScreenshotFixture {
  const out = path.join(dir, 'screenshot.png');
  const [W, H, size, lineGap, left, top, paraGap] = [1600, 900, 34, 48, 160, 210, 300];
  const args = ['-size', `${W}x${H}`, 'xc:#d9dee4', '-fill', '#ffffff', '-stroke', '#b9c0c8', '-draw', 'rectangle 80,60 1520,860', '-stroke', 'none'];
  args.push('-fill', '#2d333a', '-draw', 'rectangle 80,60 1520,104', '-fill', '#e9edf1', '-font', 'DejaVu-Sans', '-pointsize', '18', '-annotate', '+104+89', 'Notes');
  args.push('-fill', '#1d2126', '-pointsize', String(size));
  const boxes: ScreenshotFixture['paragraphs'] = [];
  paragraphs.forEach((lines, p) => {
    const y0 = top + p * paraGap;
    lines.forEach((l, i) => args.push('-annotate', `+${left}+${y0 + i * lineGap}`, l));
    // Baseline y0 - cap height above, last baseline + descenders below, plus a margin.
    boxes.push({ x: left - 30, y: y0 - size - 20, width: 760, height: (lines.length - 1) * lineGap + size + 40 });
  });
  args.push(out);
  execFileSync('convert', args);
  return { path: out, width: W, height: H, paragraphs: boxes };
}
