/**
 * The engine end to end with the committed models: real pen strokes (pendigits test writers) as drawings
 * and as photos, real EMNIST letters as an image, context decoding, and every bad input from the issue.
 * The blocks that read pendigits or EMNIST skip when the data set is absent (test/fixtures/dataSets.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { createHandwritingEngine, defaultModelsDir, HandwritingEngine } from '../../../../../src/main/engines/handwriting';
import { fuseProbs } from '../../../../../src/main/engines/handwriting/trajectoryFusion';
import { strokeFeatures } from '../../../../../src/main/engines/handwriting/strokeFeatures';
import { simplifyDrawing } from '../../../../../src/main/engines/handwriting/drawing';
import { decodeLine, CharEvidence } from '../../../../../src/main/engines/handwriting/decode';
import { BYCLASS, loadProtocolTestSplit, PIXELS } from '../../../../../scripts/datasets/emnist';
import { MambaError } from '../../../../../src/shared/errors';
import { composeDigits, drawingToPng } from '../../../../fixtures/handwriting/pen';
import { handDigits } from '../../../../fixtures/handwriting/penPaths';
import { dataDir, describeWithData } from '../../../../fixtures/dataSets';
import { pngClaiming } from '../../../../fixtures/pngClaiming';

let engine: HandwritingEngine;
beforeAll(async () => {
  engine = await createHandwritingEngine({ preload: ['full', 'letters'] });
});
afterAll(async () => {
  await engine.close();
});

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof MambaError ? e.code : `not a MambaError: ${String(e)}`;
  }
  return 'no error';
}

const digitsRight = (got: string, want: string): number => [...want].filter((c, i) => got[i] === c).length;

describe('recognizeDrawing', () => {
  describeWithData('pendigits', 'real pen strokes', () => {
    test('"12 34" -> 2 words, 4 characters, most digits right, with confidences and top-3', async () => {
      let right = 0;
      for (const nth of [0, 1, 2]) {
        const { drawing } = composeDigits('12 34', nth);
        const r = await engine.recognizeDrawing(drawing, { model: 'full' });
        expect(r.words.map((w) => w.chars.length)).toEqual([2, 2]);
        right += digitsRight(r.words.map((w) => w.text).join(''), '1234');
        for (const c of r.words.flatMap((w) => w.chars)) {
          expect(c.alternatives.length).toBeGreaterThanOrEqual(2);
          expect(c.alternatives.length).toBeLessThanOrEqual(3);
          expect(c.alternatives[0].char).toBe(c.char);
          expect(c.confidence).toBeGreaterThan(0);
          expect(c.confidence).toBeLessThanOrEqual(1);
          expect(c.strokeIndices!.length).toBeGreaterThan(0);
        }
        expect(r.backend).toBe(engine.backend);
      }
      expect(right).toBeGreaterThanOrEqual(10); // of 12 digits by three different samples per digit
  });
  });

  test('a 10,000-point scribble returns (bounded work), no crash', async () => {
    const pts = Array.from({ length: 10000 }, (_, i) => [Math.sin(i / 3) * 100 + i / 20, Math.cos(i / 7) * 80, i] as [number, number, number]);
    const r = await engine.recognizeDrawing({ strokes: [pts] });
    expect(r.words.length).toBeGreaterThanOrEqual(1);
    expect(r.text.length).toBeLessThan(20);
  });

  test('empty drawing, single dot, malformed payload -> clear errors', async () => {
    expect(await errorCode(engine.recognizeDrawing({ strokes: [] }))).toBe('EMPTY_INPUT');
    expect(await errorCode(engine.recognizeDrawing({ strokes: [[[5, 5]]] }))).toBe('EMPTY_INPUT');
    expect(await errorCode(engine.recognizeDrawing({ strokes: [[[5, 5]], [[5, 5, 10]]] }))).toBe('EMPTY_INPUT');
    expect(await errorCode(engine.recognizeDrawing({ strokes: [[['a', 1]]] } as never))).toBe('BAD_INPUT');
  });
});

describe('recognizeImage', () => {
  describeWithData('pendigits', 'real pen strokes as photos', () => {
    test('photo of pen digits "1234", dark ink on paper and light chalk on a dark board', async () => {
      let right = 0;
      for (const [nth, colours] of [[3, {}], [4, { ink: '#eeeeee', paper: '#203020', width: 9 }]] as const) {
        const { drawing } = composeDigits('1234', nth);
        const r = await engine.recognizeImage(await drawingToPng(drawing, colours), { model: 'full' });
        expect(r.words.flatMap((w) => w.chars)).toHaveLength(4);
        right += digitsRight(r.text, '1234');
      }
      expect(right).toBeGreaterThanOrEqual(6);
  });
  });

  describeWithData('emnist', 'EMNIST letters as a photo', () => {
    test('EMNIST test-split letters pasted as dark-on-white photo -> letters model reads them', async () => {
      const split = loadProtocolTestSplit(dataDir('emnist'), 3000);
      const word = 'WATER';
      const used = new Set<number>();
      const tiles = [...word].map((ch) => {
        const i = [...split.labels].findIndex((l, k) => BYCLASS[l] === ch && !used.has(k));
        used.add(i);
        return split.images.subarray(i * PIXELS, (i + 1) * PIXELS);
      });
      const W = 28 * word.length + 8 * (word.length + 1), H = 44;
      const img = Buffer.alloc(W * H, 255);
      tiles.forEach((t, k) => {
        for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) img[(y + 8) * W + 8 + k * 36 + x] = 255 - t[y * 28 + x];
      });
      const png = await sharp(img, { raw: { width: W, height: H, channels: 1 } }).resize(W * 4, H * 4, { kernel: 'cubic' }).png().toBuffer();
      const r = await engine.recognizeImage(png, { model: 'letters' });
      expect(r.model).toBe('letters');
      expect(r.text).toHaveLength(word.length);
      expect(r.text).toBe(r.text.toUpperCase()); // letters model: capitals (documented choice)
      expect(digitsRight(r.text, word)).toBeGreaterThanOrEqual(4);
  });
  });

  test('non-image bytes, empty bytes, blank page -> clear errors', async () => {
    expect(await errorCode(engine.recognizeImage(Buffer.from('this is not an image, just text')))).toBe('BAD_INPUT');
    expect(await errorCode(engine.recognizeImage(new Uint8Array(0)))).toBe('EMPTY_INPUT');
    const blank = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ffffff' } }).png().toBuffer();
    expect(await errorCode(engine.recognizeImage(blank))).toBe('EMPTY_INPUT');
    // An oversized image is refused from its header as too large (not as unreadable), before decoding.
    expect(await errorCode(engine.recognizeImage(pngClaiming(20000, 20000)))).toBe('TOO_LARGE');
  });
});

describe('models on disk', () => {
  test('a damaged model file -> MODEL_CORRUPT when the engine starts; a missing one -> MODEL_MISSING', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-models-'));
    fs.mkdirSync(path.join(dir, 'full'));
    fs.writeFileSync(path.join(dir, 'full', 'manifest.json'), '\u0000\u0001garbage');
    expect(await errorCode(createHandwritingEngine({ modelsDir: dir }))).toBe('MODEL_CORRUPT');
    const e2 = await createHandwritingEngine({ modelsDir: path.join(dir, 'nothing-here') });
    expect(await errorCode(e2.recognizeDrawing(handDigits('7').drawing))).toBe('MODEL_MISSING');
    await e2.close();
  });
});

describe('trajectory network (<id>-strokes) fused into drawings', () => {
  const A = handDigits('7').drawing.strokes;
  test('classifyDrawings: the fused probabilities are the image ones times the trajectory ones^weight; images are not fused', async () => {
    const image = await engine.classifyDrawings([A], 'full', { trajectory: false });
    const fused = await engine.classifyDrawings([A], 'full');
    const traj = await engine.model('full-strokes');
    const want = image.probs.slice();
    fuseProbs(want, traj.classify(strokeFeatures(simplifyDrawing({ strokes: A }).strokes), 1), 1, want.length, traj.manifest.fusion!.weight);
    fused.probs.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    expect(Math.max(...fused.probs.map((v, i) => Math.abs(v - image.probs[i])))).toBeGreaterThan(1e-4);
  });
  test('recognizeDrawing reads with it by default, and without it when asked (the confidences differ)', async () => {
    const on = await engine.recognizeDrawing({ strokes: A });
    const off = await engine.recognizeDrawing({ strokes: A }, { trajectory: false });
    expect(on.text).toBe('7');
    expect(on.words[0].chars[0].confidence).not.toBeCloseTo(off.words[0].chars[0].confidence, 4);
  });
  test('a correction wins over both networks: the corrected shape reads as corrected with the trajectory network on, and the reset undoes it', async () => {
    const e = await createHandwritingEngine({ workers: 0 });
    try {
      const seven = { strokes: A };
      expect((await e.recognizeDrawing(seven)).text).toBe('7');
      expect(await e.adapt([{ label: 'T', strokes: A }])).toBe(1);
      expect((await e.recognizeDrawing(seven)).text).toBe('T');
      const probs = (await e.classifyDrawings([A], 'full')).probs;
      const classes = (await e.model('full')).classes;
      expect(probs[classes.indexOf('T')]).toBeGreaterThan(probs[classes.indexOf('7')]);
      e.forgetAdaptation();
      expect((await e.recognizeDrawing(seven)).text).toBe('7');
    } finally {
      await e.close();
    }
  });
  test('a damaged trajectory model: the pad still reads, by image alone, and says why once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-models-'));
    fs.cpSync(path.join(defaultModelsDir(), 'full'), path.join(dir, 'full'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'full-strokes'));
    fs.writeFileSync(path.join(dir, 'full-strokes', 'manifest.json'), '{"format": "mamba-cnn/1"');
    const steps: string[] = [];
    const e = await createHandwritingEngine({ modelsDir: dir, workers: 0, onProgress: (p) => steps.push(p.step) });
    try {
      const r = await e.recognizeDrawing({ strokes: A });
      await e.recognizeDrawing({ strokes: A });
      const off = await engine.recognizeDrawing({ strokes: A }, { trajectory: false });
      expect(r.text).toBe(off.text);
      expect(r.words[0].chars[0].confidence).toBeCloseTo(off.words[0].chars[0].confidence, 5);
      expect(steps.filter((s) => /trajectory model full-strokes left out \(.*not valid JSON.*\); reading by image alone/.test(s))).toHaveLength(1);
    } finally {
      await e.close();
    }
  });
});

describe('decodeLine context (synthetic CNN outputs over the 62 classes)', () => {
  const classes = BYCLASS;
  /** Probabilities: the given chars share `mass`, the rest is spread thin. */
  const probs = (spec: Record<string, number>): Float32Array => {
    const p = new Float32Array(62).fill(0.001);
    for (const [c, v] of Object.entries(spec)) p[classes.indexOf(c)] = v;
    const s = p.reduce((a, b) => a + b, 0);
    return p.map((v) => v / s);
  };
  const box = (x: number, top: number, bottom = 100): CharEvidence['box'] => ({ x0: x, x1: x + 40, y0: top, y1: bottom });
  const text = (words: CharEvidence[][]): string => decodeLine({ words }, classes, false).map((w) => w.text).join(' ');

  test('o/O/0 follows its neighbours: digits among digits, a letter among letters', () => {
    const zero = { O: 0.4, '0': 0.3, o: 0.3 };
    expect(text([[{ probs: probs({ '1': 0.9 }), box: box(0, 0) }, { probs: probs(zero), box: box(50, 0) }, { probs: probs({ '5': 0.9 }), box: box(100, 0) }]])).toBe('105');
    expect(text([[{ probs: probs({ d: 0.9 }), box: box(0, 0) }, { probs: probs(zero), box: box(50, 45) }, { probs: probs({ g: 0.9 }), box: box(100, 45, 150) }]])).toBe('dog');
  });

  test('case of same-shape letters from height against the line: "Cat" vs "cat", and a word in capitals', () => {
    const c = { C: 0.5, c: 0.5 };
    const a = { a: 0.9 }, t = { t: 0.9 };
    expect(text([[{ probs: probs(c), box: box(0, 0) }, { probs: probs(a), box: box(50, 45) }, { probs: probs(t), box: box(100, 0) }]])).toBe('Cat');
    expect(text([[{ probs: probs(c), box: box(0, 45) }, { probs: probs(a), box: box(50, 45) }, { probs: probs(t), box: box(100, 0) }]])).toBe('cat');
    expect(text([[{ probs: probs(c), box: box(0, 0) }, { probs: probs({ A: 0.9 }), box: box(50, 0) }, { probs: probs({ T: 0.9 }), box: box(100, 0) }]])).toBe('CAT');
  });

  test('the word list picks a close second reading ("cqt" -> "cat") but not a far one', () => {
    const w = (second: number): CharEvidence[] => [
      { probs: probs({ c: 0.9 }), box: box(0, 45) },
      { probs: probs({ q: 0.6, a: second }), box: box(50, 45) },
      { probs: probs({ t: 0.9 }), box: box(100, 0) },
    ];
    expect(text([w(0.35)])).toBe('cat');
    expect(text([w(0.01)])).toBe('cqt');
  });

  test('a word gap the word list explains is closed ("bue nas" -> "buenas"); a wide gap, or two words, stay apart', () => {
    const at = (x0: number, specs: Record<string, number>[]): CharEvidence[] => specs.map((sp, i) => ({ probs: probs(sp), box: box(x0 + i * 50, 45) }));
    const line = (gap: number, left: Record<string, number>[], right: Record<string, number>[]): string => {
      const a = at(0, left);
      const words = [a, at(a.length * 50 - 10 + gap, right)];
      return decodeLine({ words, height: 100 }, classes, false).map((w) => w.text).join(' ');
    };
    const bue: Record<string, number>[] = [{ b: 0.9 }, { u: 0.9 }, { e: 0.9 }];
    const nas: Record<string, number>[] = [{ h: 0.5, n: 0.4 }, { a: 0.9 }, { s: 0.9 }];
    expect(line(40, bue, nas)).toBe('buenas');
    expect(line(150, bue, nas)).toBe('bue has');
    expect(line(40, [{ i: 0.9 }, { n: 0.9 }], [{ t: 0.9 }, { o: 0.9 }]).toLowerCase()).toBe('in to');
    // Three pieces: no two of them read as a word, all three do ("s eman a" -> "semana").
    const three = [at(0, [{ s: 0.9 }]), at(100, [{ e: 0.9 }, { m: 0.9 }, { a: 0.9 }, { n: 0.9 }]), at(350, [{ a: 0.9 }])];
    expect(decodeLine({ words: three, height: 100 }, classes, false).map((w) => w.text).join(' ')).toBe('semana');
  });

  test("the case-merged letters model: a bar the word list reads as a dotless i is 'I', not '?' (\"lT\" -> \"IT\")", () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    const p = (spec: Record<string, number>): Float32Array => {
      const v = new Float32Array(26).fill(0.001);
      for (const [c, x] of Object.entries(spec)) v[letters.indexOf(c)] = x;
      return v;
    };
    // An H whose bar misses one stem, cut into a bar and a T: "LT" is no word, "it" is.
    const words = [[{ probs: p({ L: 0.6, I: 0.35 }), box: box(0, 0) }, { probs: p({ T: 0.9 }), box: box(50, 0) }]];
    expect(decodeLine({ words }, letters, true).map((w) => w.text).join(' ')).toBe('IT');
  });
});
