/**
 * Synthetic webcam photos of a printed page, with known text and known page corners.
 *
 * A page is rendered from SVG text (DejaVu fonts, through sharp/librsvg), then placed on a
 * desk texture with a rotation and a perspective warp, lit unevenly, blurred, given sensor
 * noise and saved as JPEG. Everything is driven by a seed, so a (seed, level) pair always
 * gives the same bytes. Used by the OCR tests and the OCR benchmark.
 *
 * Standalone: `npx tsx scripts/makeTestPhotos.ts [outDir]` writes a few photos and truth.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { loadOpenCv } from '../src/main/engines/ocr/opencv';
import { seededRng } from './lib/seededRng';

/** How hard the photo is. 'dark' and 'blurred' are meant to be rejected. */
export type DistortionLevel = 'clean' | 'tilted' | 'perspective' | 'rough' | 'dark' | 'blurred';
export const READABLE_LEVELS: DistortionLevel[] = ['clean', 'tilted', 'perspective', 'rough'];

interface LevelSpec {
  /** Max rotation of the page in degrees. */
  rotate: number;
  /** Max corner displacement as a fraction of the page size (perspective). */
  jitter: number;
  /** Gaussian blur sigma in frame pixels (0 = none). */
  blur: number;
  /** Gaussian noise standard deviation in grey levels. */
  noise: number;
  /** Overall light multiplier. */
  light: number;
  /** Page width as a fraction of the frame width. */
  pageFrac: number;
}

const LEVELS: Record<DistortionLevel, LevelSpec> = {
  clean: { rotate: 0, jitter: 0, blur: 0, noise: 0, light: 1, pageFrac: 0.8 },
  tilted: { rotate: 9, jitter: 0.02, blur: 0.6, noise: 4, light: 0.95, pageFrac: 0.72 },
  perspective: { rotate: 6, jitter: 0.08, blur: 0.8, noise: 6, light: 0.9, pageFrac: 0.7 },
  rough: { rotate: 12, jitter: 0.1, blur: 1.3, noise: 10, light: 0.75, pageFrac: 0.68 },
  dark: { rotate: 5, jitter: 0.03, blur: 0.6, noise: 3, light: 0.1, pageFrac: 0.72 },
  blurred: { rotate: 5, jitter: 0.03, blur: 6, noise: 3, light: 0.95, pageFrac: 0.72 },
};

const SENTENCES = [
  'The library opens at nine in the morning',
  'Please take one ticket and wait your turn',
  'Keep this door closed at all times',
  'Fresh bread and coffee sold here daily',
  'The next train leaves from platform four',
  'La biblioteca abre a las nueve de la mañana',
  'Por favor, espere su turno en la fila',
  'Mantenga esta puerta cerrada',
  'Pan fresco y café todos los días',
  'El próximo tren sale del andén cuatro',
  'Turn left after the bridge to reach the museum',
  'Wash your hands before eating',
  'Cierre la ventana cuando llueva',
  'Medicine: take two tablets with water',
];


/** Standard normal samples drawn from a table filled once per photo (per-pixel Box-Muller is slow). */
function gaussianTable(r: () => number): (r: () => number) => number {
  const table = new Float32Array(1 << 16);
  for (let i = 0; i < table.length; i++) {
    const u = Math.max(r(), 1e-12);
    table[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  }
  return (rr) => table[(rr() * table.length) | 0];
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface PageSpec {
  lines: string[];
  width?: number;
  fontSize?: number;
  font?: 'DejaVu Sans' | 'DejaVu Serif';
}

/** Renders black text on a white page; returns RGB pixels. */
export async function renderPage(spec: PageSpec): Promise<{ data: Buffer; width: number; height: number }> {
  const width = spec.width ?? 1200;
  const fontSize = spec.fontSize ?? 44;
  const lineH = Math.round(fontSize * 1.6);
  const margin = Math.round(fontSize * 1.4);
  const height = Math.max(margin * 2 + lineH * spec.lines.length, Math.round(width * 0.55));
  const texts = spec.lines
    .map(
      (l, i) =>
        `<text x="${margin}" y="${margin + fontSize + i * lineH}" font-family="${spec.font ?? 'DejaVu Sans'}" font-size="${fontSize}" fill="#111">${escapeXml(l)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f2ee"/>${texts}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A wood-like desk texture: stripes plus grain noise, brownish. */
function deskTexture(w: number, h: number, r: () => number): Buffer {
  const out = Buffer.alloc(w * h * 3);
  const f1 = 0.01 + r() * 0.02;
  const f2 = 0.05 + r() * 0.05;
  const phase = r() * 10;
  const base = 70 + r() * 50;
  const bend = Float32Array.from({ length: w }, (_, x) => 6 * Math.sin(x * 0.004 + phase));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const wave = Math.sin((y + bend[x]) * f1 * 2 * Math.PI) * 14 + Math.sin(y * f2 + x * 0.002) * 6;
      const v = base + wave + (r() - 0.5) * 18;
      const i = (y * w + x) * 3;
      out[i] = clamp(v * 1.25);
      out[i + 1] = clamp(v * 0.9);
      out[i + 2] = clamp(v * 0.6);
    }
  }
  return out;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

export interface TestPhoto {
  /** JPEG bytes of the whole webcam frame. */
  jpeg: Buffer;
  /** The text printed on the page, lines joined by '\n'. */
  text: string;
  /** True page corners in the frame, clockwise from top-left. */
  corners: [number, number][];
  level: DistortionLevel;
  seed: number;
  width: number;
  height: number;
}

export interface PhotoOptions {
  seed: number;
  level: DistortionLevel;
  frameWidth?: number;
  frameHeight?: number;
  /** Override the printed lines (default: 4 sentences picked by the seed). */
  lines?: string[];
  /** Skip the page entirely (a desk with no text on it). */
  noPage?: boolean;
}

export function pickLines(seed: number, n = 4): string[] {
  const r = seededRng(seed * 7919 + 1);
  const pool = [...SENTENCES];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  return lines;
}

/** Makes one synthetic webcam frame (default 1280x720). */
export async function makePhoto(o: PhotoOptions): Promise<TestPhoto> {
  const spec = LEVELS[o.level];
  const W = o.frameWidth ?? 1280;
  const H = o.frameHeight ?? 720;
  const r = seededRng(o.seed * 104729 + o.level.length);
  const lines = o.lines ?? pickLines(o.seed);
  const page = await renderPage({ lines, font: o.seed % 2 ? 'DejaVu Serif' : 'DejaVu Sans' });
  const { cv } = await loadOpenCv();

  // Where the page lands: centred-ish, scaled, rotated, corners jittered.
  const pw = W * spec.pageFrac;
  const ph = (pw * page.height) / page.width;
  const cx = W / 2 + (r() - 0.5) * (W - pw) * 0.5;
  const cy = H / 2 + (r() - 0.5) * Math.max(0, H - ph) * 0.5;
  const ang = ((r() * 2 - 1) * spec.rotate * Math.PI) / 180;
  const base: [number, number][] = [
    [-pw / 2, -ph / 2],
    [pw / 2, -ph / 2],
    [pw / 2, ph / 2],
    [-pw / 2, ph / 2],
  ];
  const corners = base.map(([x, y]) => {
    const jx = (r() * 2 - 1) * spec.jitter * pw;
    const jy = (r() * 2 - 1) * spec.jitter * ph;
    const rx = x * Math.cos(ang) - y * Math.sin(ang);
    const ry = x * Math.sin(ang) + y * Math.cos(ang);
    return [cx + rx + jx, cy + ry + jy] as [number, number];
  });

  const desk = deskTexture(W, H, r);
  const frame = new cv.Mat(H, W, cv.CV_8UC3);
  frame.data.set(desk);
  if (!o.noPage) {
    const src = new cv.Mat(page.height, page.width, cv.CV_8UC3);
    src.data.set(page.data);
    const from = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, page.width, 0, page.width, page.height, 0, page.height]);
    const to = cv.matFromArray(4, 1, cv.CV_32FC2, corners.flat());
    const M = cv.getPerspectiveTransform(from, to);
    const warped = new cv.Mat();
    cv.warpPerspective(src, warped, M, new cv.Size(W, H), cv.INTER_AREA, cv.BORDER_CONSTANT, new cv.Scalar(0, 0, 0, 0));
    const mask = cv.Mat.zeros(H, W, cv.CV_8UC1);
    const poly = cv.matFromArray(4, 1, cv.CV_32SC2, corners.flat().map(Math.round));
    const polys = new cv.MatVector();
    polys.push_back(poly);
    cv.fillPoly(mask, polys, new cv.Scalar(255));
    warped.copyTo(frame, mask);
    [src, from, to, M, warped, mask, poly, polys].forEach((m) => m.delete());
  }
  if (spec.blur > 0) cv.GaussianBlur(frame, frame, new cv.Size(0, 0), spec.blur, spec.blur);

  // Uneven light (brighter towards one corner), overall light level, sensor noise.
  const px = frame.data;
  const gaussian = gaussianTable(r);
  const gx = (r() - 0.5) * 0.5;
  const gy = (r() - 0.5) * 0.5;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const light = spec.light * (1 + gx * (x / W - 0.5) + gy * (y / H - 0.5));
      const i = (y * W + x) * 3;
      const n = spec.noise ? gaussian(r) * spec.noise : 0;
      px[i] = clamp(px[i] * light + n);
      px[i + 1] = clamp(px[i + 1] * light + n);
      px[i + 2] = clamp(px[i + 2] * light + n);
    }
  }
  const rgb = Buffer.from(px);
  frame.delete();
  const jpeg = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
  return { jpeg, text: o.noPage ? '' : lines.join('\n'), corners, level: o.level, seed: o.seed, width: W, height: H };
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? path.join('reports', 'ocr-photos');
  fs.mkdirSync(outDir, { recursive: true });
  const truth: Record<string, { text: string; corners: [number, number][]; level: string }> = {};
  const levels: DistortionLevel[] = [...READABLE_LEVELS, 'dark', 'blurred'];
  for (const level of levels) {
    for (const seed of [1, 2]) {
      const p = await makePhoto({ seed, level });
      const name = `${level}-${seed}.jpg`;
      fs.writeFileSync(path.join(outDir, name), p.jpeg);
      truth[name] = { text: p.text, corners: p.corners, level };
    }
  }
  const desk = await makePhoto({ seed: 1, level: 'clean', noPage: true });
  fs.writeFileSync(path.join(outDir, 'desk-no-text.jpg'), desk.jpeg);
  fs.writeFileSync(path.join(outDir, 'truth.json'), JSON.stringify(truth, null, 2));
  process.stdout.write(`wrote ${Object.keys(truth).length + 1} photos to ${outDir}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
