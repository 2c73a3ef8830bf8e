/**
 * EMNIST readers: the official gzip idx files and the Kaggle CSV copy (label, 784 pixels per row).
 * Both store every image transposed (column-major), so the loader transposes each 28x28 image back to
 * upright — the orientation fix the seed's fix_data.py applied. Also the project's evaluation protocol
 * (docs/handwriting.md, ../shared/data/emnist/SOURCE.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { MambaError } from '../../src/shared/errors';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
/** EMNIST ByClass label order: 0-9, A-Z, a-z. */
export const BYCLASS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('');

export interface LabelledImages {
  /** n * 784 uint8, upright, white ink on black. */
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
}

function readMaybeGz(file: string): Buffer {
  if (!fs.existsSync(file)) throw new MambaError('BAD_INPUT', `EMNIST file not found: ${file}`, 'point --data at the folder with the EMNIST files');
  const raw = fs.readFileSync(file);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

/** Transposes every 28x28 image in place: EMNIST's storage order -> upright. */
export function transposeImages(images: Uint8Array): Uint8Array {
  const tmp = new Uint8Array(PIXELS);
  for (let o = 0; o + PIXELS <= images.length; o += PIXELS) {
    for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) tmp[r * SIDE + c] = images[o + c * SIDE + r];
    images.set(tmp, o);
  }
  return images;
}

/** idx3 images (magic 2051), upright. */
export function parseIdxImages(buf: Buffer): Uint8Array {
  if (buf.length < 16 || buf.readUInt32BE(0) !== 2051) throw new MambaError('BAD_INPUT', 'not an idx3 image file (magic 2051)');
  const n = buf.readUInt32BE(4), rows = buf.readUInt32BE(8), cols = buf.readUInt32BE(12);
  if (rows !== SIDE || cols !== SIDE || buf.length < 16 + n * PIXELS) throw new MambaError('BAD_INPUT', 'idx3 file is truncated or not 28x28');
  return transposeImages(new Uint8Array(buf.subarray(16, 16 + n * PIXELS)));
}

/** idx1 labels (magic 2049). */
export function parseIdxLabels(buf: Buffer): Uint8Array {
  if (buf.length < 8 || buf.readUInt32BE(0) !== 2049) throw new MambaError('BAD_INPUT', 'not an idx1 label file (magic 2049)');
  const n = buf.readUInt32BE(4);
  return new Uint8Array(buf.subarray(8, 8 + n));
}

/** Reads `<prefix>-images-idx3-ubyte.gz` + `<prefix>-labels-idx1-ubyte.gz`. */
export function loadIdx(dir: string, prefix: string): LabelledImages {
  const images = parseIdxImages(readMaybeGz(path.join(dir, `${prefix}-images-idx3-ubyte.gz`)));
  const labels = parseIdxLabels(readMaybeGz(path.join(dir, `${prefix}-labels-idx1-ubyte.gz`)));
  const n = Math.min(labels.length, images.length / PIXELS);
  return { images: images.subarray(0, n * PIXELS), labels: labels.subarray(0, n), n };
}

/** Kaggle CSV layout: one image per line, `label,p0,...,p783`, no header (a header line is skipped). */
export function parseEmnistCsv(text: string): LabelledImages {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const images = new Uint8Array(lines.length * PIXELS);
  const labels = new Uint8Array(lines.length);
  let n = 0;
  for (const line of lines) {
    const cells = line.split(',');
    if (cells.length !== PIXELS + 1) throw new MambaError('BAD_INPUT', `EMNIST CSV row ${n + 1} has ${cells.length} cells, expected 785`);
    const label = Number(cells[0]);
    if (!Number.isInteger(label)) {
      if (n === 0) continue; // header
      throw new MambaError('BAD_INPUT', `EMNIST CSV row ${n + 1} has a non-numeric label`);
    }
    labels[n] = label;
    for (let i = 0; i < PIXELS; i++) images[n * PIXELS + i] = Number(cells[i + 1]);
    n++;
  }
  return { images: transposeImages(images.subarray(0, n * PIXELS)), labels: labels.subarray(0, n), n };
}

export function loadEmnistCsv(file: string): LabelledImages {
  return parseEmnistCsv(readMaybeGz(file).toString('utf8'));
}

/**
 * The protocol's test split: byclass-test images whose 0-based index is a multiple of 5.
 * Labels are byclass indices (see BYCLASS). `limit` keeps the first N of the split (quick runs).
 */
export function loadProtocolTestSplit(dataDir: string, limit?: number): LabelledImages {
  const all = loadIdx(dataDir, 'emnist-byclass-test');
  const idx: number[] = [];
  for (let i = 0; i < all.n; i += 5) idx.push(i);
  const take = limit && limit > 0 ? idx.slice(0, limit) : idx;
  const images = new Uint8Array(take.length * PIXELS);
  const labels = new Uint8Array(take.length);
  take.forEach((i, k) => {
    images.set(all.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    labels[k] = all.labels[i];
  });
  return { images, labels, n: take.length };
}

/** pixel/255 floats for the CNN. */
export function toFloat(images: Uint8Array): Float32Array {
  const f = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) f[i] = images[i] / 255;
  return f;
}
