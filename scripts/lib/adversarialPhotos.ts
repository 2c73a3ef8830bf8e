/**
 * Photos made to be hard for "read this" and the handwriting image path, all text-less: uniform noise,
 * grass (thousands of crossing blades), stripes. Seeded, so a (kind, seed, size) always gives the same
 * bytes. Used by the robustness tests and `npm run bench` (scripts/bench/robustness.ts).
 */
import sharp from 'sharp';
import { seededRng } from './seededRng';

export type AdversarialKind = 'noise' | 'grass' | 'stripes';
export const ADVERSARIAL_KINDS: AdversarialKind[] = ['noise', 'grass', 'stripes'];

export interface AdversarialOptions {
  kind: AdversarialKind;
  width?: number;
  height?: number;
  seed?: number;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** RGB pixels of the chosen kind. */
export function adversarialPixels(o: AdversarialOptions): { data: Buffer; width: number; height: number } {
  const w = o.width ?? 1280, h = o.height ?? 720;
  const r = seededRng((o.seed ?? 1) * 7877 + o.kind.length);
  const px = Buffer.alloc(w * h * 3);
  if (o.kind === 'noise') {
    for (let i = 0; i < w * h; i++) {
      const v = r() * 255;
      px[i * 3] = clamp(v);
      px[i * 3 + 1] = clamp(v * 0.9 + r() * 25);
      px[i * 3 + 2] = clamp(v * 0.8 + r() * 50);
    }
  } else if (o.kind === 'stripes') {
    // Bars a few pixels wide, slightly slanted: every bar is one long component.
    const period = 6 + Math.floor(r() * 6);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const v = Math.floor((x + y * 0.1) / period) % 2 ? 230 : 25;
        const i = (y * w + x) * 3;
        px[i] = px[i + 1] = px[i + 2] = clamp(v + (r() - 0.5) * 20);
      }
  } else {
    // Grass: a mid-green field with many thin dark and light blades of random slant.
    for (let i = 0; i < w * h; i++) {
      const v = 90 + (r() - 0.5) * 40;
      px[i * 3] = clamp(v * 0.5);
      px[i * 3 + 1] = clamp(v * 1.2);
      px[i * 3 + 2] = clamp(v * 0.35);
    }
    const blades = Math.round((w * h) / 120);
    for (let b = 0; b < blades; b++) {
      const x0 = r() * w, y0 = r() * h;
      const len = 15 + r() * 45;
      const ang = -Math.PI / 2 + (r() - 0.5) * 1.2;
      const shade = r() < 0.5 ? 0.35 : 1.7;
      for (let t = 0; t < len; t++) {
        const x = Math.round(x0 + Math.cos(ang) * t), y = Math.round(y0 + Math.sin(ang) * t);
        for (let dx = 0; dx < 2; dx++) {
          const xx = x + dx;
          if (xx < 0 || y < 0 || xx >= w || y >= h) continue;
          const i = (y * w + xx) * 3;
          px[i] = clamp(px[i] * shade);
          px[i + 1] = clamp(px[i + 1] * shade);
          px[i + 2] = clamp(px[i + 2] * shade);
        }
      }
    }
  }
  return { data: px, width: w, height: h };
}

/** JPEG bytes (what a webcam sends); PNG when `png` (lossless noise is the worst case for decoding). */
export async function adversarialPhoto(o: AdversarialOptions & { png?: boolean }): Promise<Buffer> {
  const { data, width, height } = adversarialPixels(o);
  const img = sharp(data, { raw: { width, height, channels: 3 } });
  return o.png ? img.png({ compressionLevel: 1 }).toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}
