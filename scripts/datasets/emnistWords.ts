/**
 * Word images made of real handwritten EMNIST characters (evaluation and tests only; the app never uses it).
 * EMNIST frames are size-normalised (every character fills its 28x28 box), so each one is cropped to its ink
 * and scaled back to a plausible height for its class: capitals, digits and ascenders span the cap height,
 * x-height letters ~0.6 of it, descenders hang below the baseline. Small random size/baseline jitter and
 * gaps (small between characters, larger between words) make a line like a photographed note.
 * Draw from the protocol's test split only (loadProtocolTestSplit) so no training image leaks in.
 */
import { BYCLASS, LabelledImages, PIXELS, SIDE } from './emnist';


/** Image indices per byclass label (0-9, A-Z, a-z). */
export function classPools(split: LabelledImages): number[][] {
  const pools: number[][] = BYCLASS.map(() => []);
  for (let i = 0; i < split.n; i++) pools[split.labels[i]].push(i);
  return pools;
}

/** Top and bottom of a character relative to the baseline, in cap heights (negative = above). */
function verticalSpan(ch: string): [number, number] {
  if (/[A-Z0-9]/.test(ch)) return [-1, 0];
  if ('bdfhkl'.includes(ch)) return [-1, 0];
  if (ch === 't') return [-0.85, 0];
  if (ch === 'i') return [-0.85, 0];
  if (ch === 'j') return [-0.85, 0.35];
  if ('gpqy'.includes(ch)) return [-0.6, 0.35];
  return [-0.6, 0];
}

export interface WordLineOptions {
  /** Cap height in pixels. */
  capHeight?: number;
  /** Gap between characters and between words, in cap heights ([min, max], uniform). */
  charGap?: [number, number];
  wordGap?: [number, number];
  /** Relative size jitter (+-) and baseline jitter (+- cap heights). */
  sizeJitter?: number;
  baseJitter?: number;
}

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

const INK = 64;

/** Ink bounding box of one 28x28 frame (white on black). */
function inkBox(img: Uint8Array): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = SIDE, y0 = SIDE, x1 = -1, y1 = -1;
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++)
      if (img[y * SIDE + x] >= INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return x1 < 0 ? { x0: 0, y0: 0, x1: SIDE, y1: SIDE } : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * One line of text (spaces separate words) as dark ink on light paper. Characters without an EMNIST class
 * are refused. `pools` from classPools(split).
 */
export function composeLine(text: string, split: LabelledImages, pools: number[][], rng: () => number, o: WordLineOptions = {}): GreyImage {
  const H = o.capHeight ?? 40;
  const [cg0, cg1] = o.charGap ?? [0.12, 0.3];
  const [wg0, wg1] = o.wordGap ?? [0.8, 1.1];
  const sj = o.sizeJitter ?? 0.08, bj = o.baseJitter ?? 0.04;
  const margin = Math.round(0.6 * H);
  const baseline = margin + H;
  const glyphs: { img: Uint8Array; box: ReturnType<typeof inkBox>; x: number; top: number; w: number; h: number }[] = [];
  let x = margin;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch === ' ') {
      x += (wg0 + rng() * (wg1 - wg0) - (cg0 + cg1) / 2) * H;
      continue;
    }
    const label = BYCLASS.indexOf(ch);
    if (label < 0 || pools[label].length === 0) throw new Error(`no EMNIST class for '${ch}'`);
    const pool = pools[label];
    const i = pool[Math.floor(rng() * pool.length)];
    const img = split.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    const box = inkBox(img);
    const [t, b] = verticalSpan(ch);
    const scale = (((b - t) * H) / (box.y1 - box.y0)) * (1 + (rng() * 2 - 1) * sj);
    const h = Math.max(2, Math.round((box.y1 - box.y0) * scale));
    const w = Math.max(2, Math.min(Math.round(1.6 * H), Math.round((box.x1 - box.x0) * scale)));
    const top = Math.round(baseline + b * H - h + (rng() * 2 - 1) * bj * H);
    glyphs.push({ img, box, x: Math.round(x), top, w, h });
    x += w + (cg0 + rng() * (cg1 - cg0)) * H;
  }
  const width = Math.round(x + margin), height = baseline + Math.round(0.35 * H) + margin;
  const ink = new Float32Array(width * height);
  for (const g of glyphs) {
    const bw = g.box.x1 - g.box.x0, bh = g.box.y1 - g.box.y0;
    for (let y = 0; y < g.h; y++) {
      // Bilinear sample of the cropped frame at the pixel centre.
      const sy = Math.min(bh - 1, Math.max(0, ((y + 0.5) * bh) / g.h - 0.5));
      const y0 = Math.floor(sy), y1 = Math.min(bh - 1, y0 + 1), fy = sy - y0;
      const py = g.top + y;
      if (py < 0 || py >= height) continue;
      for (let xx = 0; xx < g.w; xx++) {
        const sx = Math.min(bw - 1, Math.max(0, ((xx + 0.5) * bw) / g.w - 0.5));
        const x0 = Math.floor(sx), x1 = Math.min(bw - 1, x0 + 1), fx = sx - x0;
        const at = (xi: number, yi: number): number => g.img[(g.box.y0 + yi) * SIDE + g.box.x0 + xi];
        const v = (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
        const px = g.x + xx;
        if (px < width) ink[py * width + px] = Math.max(ink[py * width + px], v);
      }
    }
  }
  const data = new Uint8Array(width * height);
  // Blue-black ink on off-white paper.
  for (let p = 0; p < data.length; p++) data[p] = Math.round(238 - (ink[p] / 255) * 210);
  return { data, width, height };
}
