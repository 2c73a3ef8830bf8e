/** EMNIST readers on the real files (the emnist data set; skipped without it): orientation fix, CSV/idx parity, test split. */
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import {
  BYCLASS, loadIdx, loadProtocolTestSplit, parseEmnistCsv, parseIdxImages, PIXELS,
} from '../../../../scripts/datasets/emnist';

import { dataDir, describeWithData } from '../../../fixtures/dataSets';

const images = (): string => path.join(dataDir('emnist'), 'emnist-byclass-test-images-idx3-ubyte.gz');
const labelsFile = (): string => path.join(dataDir('emnist'), 'emnist-byclass-test-labels-idx1-ubyte.gz');

/** Mean image of the first `count` samples of a class, from the loader (upright). */
function meanOf(images: Uint8Array, labels: Uint8Array, label: number, count: number): Float64Array {
  const m = new Float64Array(PIXELS);
  let n = 0;
  for (let i = 0; i < labels.length && n < count; i++) {
    if (labels[i] !== label) continue;
    for (let p = 0; p < PIXELS; p++) m[p] += images[i * PIXELS + p];
    n++;
  }
  return m;
}
const rows = (m: Float64Array, r0: number, r1: number): number => {
  let s = 0;
  for (let r = r0; r < r1; r++) for (let c = 0; c < 28; c++) s += m[r * 28 + c];
  return s;
};
const cols = (m: Float64Array, c0: number, c1: number): number => {
  let s = 0;
  for (let r = 0; r < 28; r++) for (let c = c0; c < c1; c++) s += m[r * 28 + c];
  return s;
};

describeWithData('emnist', 'EMNIST loader', () => {
  let d: ReturnType<typeof loadIdx>;
  beforeAll(() => {
    d = loadIdx(dataDir('emnist'), 'emnist-byclass-test');
  });

  test('reads all 116,323 byclass test images with labels in 0..61', () => {
    expect(d.n).toBe(116323);
    expect(Math.max(...d.labels.subarray(0, 5000))).toBeLessThanOrEqual(61);
  });

  test('orientation fix gives upright glyphs: 7 has its bar on top, L its foot at the bottom-left', () => {
    const seven = meanOf(d.images, d.labels, BYCLASS.indexOf('7'), 300);
    expect(rows(seven, 3, 9)).toBeGreaterThan(1.3 * rows(seven, 19, 25));
    const L = meanOf(d.images, d.labels, BYCLASS.indexOf('L'), 300);
    expect(rows(L, 19, 25)).toBeGreaterThan(1.3 * rows(L, 3, 9));
    expect(cols(L, 3, 11)).toBeGreaterThan(1.3 * cols(L, 17, 25));
  });

  test('raw idx storage is transposed (the fix is needed): the 7 bar is in the left columns there', () => {
    const raw = gunzipSync(fs.readFileSync(images()));
    const n = 20000;
    const rawImages = new Uint8Array(raw.subarray(16, 16 + n * PIXELS));
    const seven = meanOf(rawImages, d.labels.subarray(0, n), BYCLASS.indexOf('7'), 300);
    expect(cols(seven, 3, 9)).toBeGreaterThan(1.3 * cols(seven, 19, 25));
  });

  test('Kaggle CSV layout (label + 784 stored pixels per row) loads identically to idx', () => {
    const raw = gunzipSync(fs.readFileSync(images()));
    const labels = gunzipSync(fs.readFileSync(labelsFile()));
    const n = 25;
    const lines = ['label,' + Array.from({ length: PIXELS }, (_, i) => `p${i}`).join(',')]; // header row
    for (let i = 0; i < n; i++) lines.push([labels[8 + i], ...raw.subarray(16 + i * PIXELS, 16 + (i + 1) * PIXELS)].join(','));
    const csv = parseEmnistCsv(lines.join('\n'));
    expect(csv.n).toBe(n);
    expect(Buffer.from(csv.images).equals(Buffer.from(d.images.subarray(0, n * PIXELS)))).toBe(true);
    expect(Array.from(csv.labels)).toEqual(Array.from(d.labels.subarray(0, n)));
  });

  test('rejects files that are not idx / rows that are not 785 cells', () => {
    expect(() => parseIdxImages(Buffer.from('not an idx file at all'))).toThrow(/idx3/);
    expect(() => parseEmnistCsv('1,2,3')).toThrow(/785/);
  });

  test('protocol test split = every 5th byclass-test image', () => {
    const s = loadProtocolTestSplit(dataDir('emnist'), 50);
    expect(s.n).toBe(50);
    for (let k = 0; k < 50; k++) expect(s.labels[k]).toBe(d.labels[k * 5]);
    expect(Buffer.from(s.images.subarray(PIXELS * 7, PIXELS * 8)).equals(Buffer.from(d.images.subarray(PIXELS * 35, PIXELS * 36)))).toBe(true);
  });
});
