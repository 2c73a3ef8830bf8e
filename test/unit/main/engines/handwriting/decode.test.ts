/**
 * Words of real handwriting through the app's image path: lines composed of EMNIST protocol-test characters
 * (datasets/emnistWords.ts: cropped, scaled to cap/x-height/descender positions), recognised with the `full`
 * model with context decoding and without it (raw argmax). Real CNN, real decoding; no stubs.
 */
import sharp from 'sharp';
import { createHandwritingEngine, HandwritingEngine } from '../../../../../src/main/engines/handwriting';
import { loadProtocolTestSplit } from '../../../../../scripts/datasets/emnist';
import { classPools, composeLine } from '../../../../../scripts/datasets/emnistWords';
import { seededRng } from '../../../../../scripts/lib/seededRng';
import { dataDir, describeWithData } from '../../../../fixtures/dataSets';

/** Lowercase, Capitalised, CAPS words and numbers; many made only of letters whose case is their size (c o s u w x z, the bar). */
const LINES = ['cup of tea', 'Casa sol 2026', 'SOS WOW 42', 'will you', 'zoo box', 'Hello COW', 'so 105'];
/** Words the CNN cannot read alone: every letter has a same-shape capital or digit twin. */
const AMBIGUOUS = new Set(['cup', 'sol', 'SOS', 'WOW', 'will', 'zoo', 'COW', 'so', 'box']);

describeWithData('emnist', 'words of real handwriting (EMNIST characters)', () => {
  let engine: HandwritingEngine;
  beforeAll(async () => {
    engine = await createHandwritingEngine({ preload: ['full'], workers: 0 });
});
afterAll(async () => {
  await engine.close();
});

test('words of EMNIST test-split characters: context decoding reads most words exactly and beats raw argmax on case-ambiguous ones', async () => {
  const split = loadProtocolTestSplit(dataDir('emnist'));
  const pools = classPools(split);
  const rng = seededRng(11);
  let words = 0, exact = 0, ambiguous = 0, ambCtx = 0, ambRaw = 0;
  const misses: string[] = [];
  for (const line of LINES) {
    const img = composeLine(line, split, pools, rng);
    const png = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 1 } }).png().toBuffer();
    const ctx = (await engine.recognizeImage(png, { model: 'full' })).words.map((w) => w.text);
    const raw = (await engine.recognizeImage(png, { model: 'full', context: false })).words.map((w) => w.text);
    line.split(' ').forEach((t, i) => {
      words++;
      const ok = ctx.length === line.split(' ').length && ctx[i] === t;
      if (ok) exact++;
      else misses.push(`${t} -> ${ctx.join(' ')}`);
      if (AMBIGUOUS.has(t)) {
        ambiguous++;
        if (ok) ambCtx++;
        if (raw[i] === t && raw.length === ctx.length) ambRaw++;
      }
    });
  }
  // Measured: 13/17 exact (misses: WOW, you -> You, "zoo box" -> ZOO BOX: no small-letter anchor in that
  // line); 6 of the 9 ambiguous words right with context, 0 with raw argmax. Eval: ~88% of ~400 random words.
  if (exact / words < 0.7) throw new Error(`word accuracy ${exact}/${words}; misses: ${misses.join('; ')}`);
  expect(exact / words).toBeGreaterThanOrEqual(0.7);
  expect(ambCtx).toBeGreaterThan(ambRaw + 2);
  expect(ambiguous).toBe(9);
}, 60_000);
});
