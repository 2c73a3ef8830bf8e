/**
 * Handwriting evaluation (npm run eval): every committed model, loaded through the app's engine, on
 *  1. the EMNIST protocol test split (byclass-test, index % 5 == 0): accuracy, per-class accuracy,
 *     confusion-matrix PNG;
 *  2. pendigits' 14 test writers (real pen strokes drawn through the stroke renderer): digit accuracy;
 *  3. synthetic glyphs rendered from system fonts (through the image path) — reported separately;
 *  4. words of real handwriting: lines of EMNIST test-split characters (datasets/emnistWords.ts) through
 *     recognizeImage, with and without context decoding (what the context adds).
 * Writes reports/eval.json and reports/eval-<model>-confusion.png.
 * Options: --limit N (first N of each set), --models a,b, --data DIR, --out DIR,
 *          --tune (grid-search the stroke renderer on pendigits' 30 training writers; prints the best),
 *          --words N (lines for the word evaluation, default 200), --words-seed S, --words-only (only that part; merged
 *          into an existing reports/eval.json),
 *          --pen-only (only part 5, merged into an existing reports/eval.json),
 *          --split validation|test (writers of part 5, default test; validation while working on the engine:
 *          written as penCharsValidation, so the test figures stay).
 *  5. pen characters of the pen sets' test writers (scripts/datasets/pen.ts split; DigiLeTs, UNIPEN, pendigits)
 *     through recognizeDrawing: letters per writer (mean, worst 10%), per class, exact and look-alikes folded,
 *     read-as-one-character rate, confusion PNG (reports/eval-<model>-pen-confusion.png); end to end on a spread-out
 *     ~4,000 of them (--limit N changes it), the CNN alone on the whole character on all of them.
 */
import { isTrajectoryModelId } from '../src/main/engines/handwriting/trajectoryFusion';
import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { createHandwritingEngine, defaultModelsDir, HandwritingEngine } from '../src/main/engines/handwriting';
import { BYCLASS, loadProtocolTestSplit, PIXELS, toFloat } from './datasets/emnist';
import { loadPendigits, PenSample } from './datasets/pendigits';
import { strokeBox, unionBox } from '../src/main/engines/handwriting/drawing';
import { FRAME, FrameParams, renderStrokes } from '../src/main/engines/handwriting/normalize';
import { fold } from '../src/main/engines/handwriting/decode';
import { classPools, composeLine } from './datasets/emnistWords';
import { dataSetDir, requireDataSet } from './datasets/dataSets';
import { seededRng } from './lib/seededRng';
import { CORE_WORDS } from '../src/main/engines/handwriting/wordlist';
import { HandwritingModelId } from '../src/shared/types';
import { PenCharsResult, evalPenChars, foldLookAlike } from './eval/penChars';
import { loadSplit } from './train/renderPenData';
import { PenSplit } from './datasets/pen';
import { penReports } from './eval/penReports';

interface Args {
  limit?: number;
  models?: string[];
  data: string;
  out: string;
  tune: boolean;
  wordLines: number;
  wordsOnly: boolean;
  wordsSeed: number;
  penOnly: boolean;
  /** Writers of part 5: 'test' for the figures, 'validation' while working on the engine (never tune on test). */
  split: PenSplit;
}

function repoRoot(): string {
  return path.dirname(path.dirname(defaultModelsDir()));
}

function parseArgs(argv: string[]): Args {
  const a: Args = { data: '', out: path.join(repoRoot(), 'reports'), tune: false, wordLines: 200, wordsOnly: false, wordsSeed: 2026, penOnly: false, split: 'test' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') a.limit = Number(argv[++i]);
    else if (argv[i] === '--models') a.models = argv[++i].split(',');
    else if (argv[i] === '--data') a.data = path.resolve(argv[++i]);
    else if (argv[i] === '--out') a.out = path.resolve(argv[++i]);
    else if (argv[i] === '--tune') a.tune = true;
    else if (argv[i] === '--words') a.wordLines = Number(argv[++i]);
    else if (argv[i] === '--words-only') a.wordsOnly = true;
    else if (argv[i] === '--words-seed') a.wordsSeed = Number(argv[++i]);
    else if (argv[i] === '--pen-only') a.penOnly = true;
    else if (argv[i] === '--split') {
      const v = argv[++i];
      if (v !== 'validation' && v !== 'test') throw new Error(`--split must be validation or test, not ${v}`);
      a.split = v;
    }
    else throw new Error(`unknown option ${argv[i]}`);
  }
  // The folder holding emnist/ and pendigits/: --data, else where scripts/datasets/dataSets.ts finds them.
  a.data ||= path.dirname(requireDataSet('emnist'));
  return a;
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

function argmax(p: Float32Array, off: number, k: number, keep?: (j: number) => boolean): number {
  let b = -1;
  for (let j = 0; j < k; j++) if ((!keep || keep(j)) && (b < 0 || p[off + j] > p[off + b])) b = j;
  return b;
}

/** Row-normalised confusion heatmap with class labels, as a PNG (SVG rendered by sharp). */
async function confusionPng(file: string, title: string, classes: string[], conf: number[][]): Promise<void> {
  const k = classes.length;
  const cell = k > 30 ? 14 : 22;
  const m = 40;
  const W = m + k * cell + 20, H = m + 30 + k * cell + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    // Two title lines so the caption fits the 26-class plot's width too.
    `<text x="${m}" y="16" font-size="13">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    `<text x="${m}" y="32" font-size="11" fill="#555">rows: true class, columns: predicted; row-normalised</text>`,
  ];
  const top = 30 + m;
  for (let i = 0; i < k; i++) {
    const total = conf[i].reduce((a, b) => a + b, 0) || 1;
    parts.push(`<text x="${m - 6}" y="${top + i * cell + cell * 0.75}" font-size="${cell * 0.7}" text-anchor="end">${classes[i]}</text>`);
    parts.push(`<text x="${m + i * cell + cell / 2}" y="${top - 6}" font-size="${cell * 0.7}" text-anchor="middle">${classes[i]}</text>`);
    for (let j = 0; j < k; j++) {
      const v = conf[i][j] / total;
      if (v === 0) continue;
      // Diagonal in blue, confusions in red; sqrt so small confusions stay visible.
      const s = Math.sqrt(v);
      const c = i === j ? `rgb(${Math.round(255 - 215 * s)},${Math.round(255 - 175 * s)},255)` : `rgb(255,${Math.round(255 - 235 * s)},${Math.round(255 - 235 * s)})`;
      parts.push(`<rect x="${m + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${c}"/>`);
    }
  }
  parts.push(`<rect x="${m}" y="${top}" width="${k * cell}" height="${k * cell}" fill="none" stroke="#888"/>`, '</svg>');
  await sharp(Buffer.from(parts.join(''))).png().toFile(file);
}

interface EmnistResult {
  n: number;
  accuracy: number;
  /** Counting shape-identical readings as right (o/O/0, l/I/1, c/C, s/S, ...): what context must resolve. */
  shapeMergedAccuracy: number;
  perClass: Record<string, { n: number; accuracy: number }>;
  topConfusions: { true: string; predicted: string; count: number }[];
  confusionPng: string;
}

async function evalEmnist(engine: HandwritingEngine, id: string, args: Args, log: (l: string) => void): Promise<EmnistResult> {
  const model = await engine.model(id);
  const classes = model.classes;
  const caseMerged = classes.length === 26;
  const split = loadProtocolTestSplit(path.join(args.data, 'emnist'));
  // Letters models: the split's letters with case merged (as EMNIST Letters); full: all 62 classes.
  const idx: number[] = [];
  const truth: number[] = [];
  for (let i = 0; i < split.n && (!args.limit || idx.length < args.limit); i++) {
    const ch = BYCLASS[split.labels[i]];
    const t = classes.indexOf(caseMerged ? ch.toUpperCase() : ch);
    if (t < 0) continue;
    idx.push(i);
    truth.push(t);
  }
  const frames = new Float32Array(idx.length * PIXELS);
  idx.forEach((i, k) => frames.set(toFloat(split.images.subarray(i * PIXELS, (i + 1) * PIXELS)), k * PIXELS));
  const k = classes.length;
  const conf = classes.map(() => new Array<number>(k).fill(0));
  const chunk = 2048;
  let correct = 0, merged = 0;
  const shape = (c: string): string => ({ '0': 'o', '1': 'l' } as Record<string, string>)[fold(c)] ?? fold(c);
  for (let s = 0; s < idx.length; s += chunk) {
    const n = Math.min(chunk, idx.length - s);
    const { probs } = await engine.classifyFrames(frames.subarray(s * PIXELS, (s + n) * PIXELS), n, id);
    for (let i = 0; i < n; i++) {
      const p = argmax(probs, i * k, k);
      conf[truth[s + i]][p]++;
      if (p === truth[s + i]) correct++;
      if (shape(classes[p]) === shape(classes[truth[s + i]])) merged++;
    }
    log(`  ${id}: EMNIST ${s + n}/${idx.length}`);
  }
  const perClass: EmnistResult['perClass'] = {};
  classes.forEach((c, i) => {
    const n = conf[i].reduce((a, b) => a + b, 0);
    perClass[c] = { n, accuracy: n ? conf[i][i] / n : 0 };
  });
  const confusions: EmnistResult['topConfusions'] = [];
  conf.forEach((row, i) => row.forEach((v, j) => i !== j && v > 0 && confusions.push({ true: classes[i], predicted: classes[j], count: v })));
  confusions.sort((a, b) => b.count - a.count);
  fs.mkdirSync(args.out, { recursive: true });
  const png = path.join(args.out, `eval-${id}-confusion.png`);
  const accuracy = correct / idx.length;
  await confusionPng(png, `${id}: EMNIST protocol test split, n=${idx.length}, accuracy ${pct(accuracy)}`, classes, conf);
  return { n: idx.length, accuracy, shapeMergedAccuracy: merged / idx.length, perClass, topConfusions: confusions.slice(0, 15), confusionPng: path.relative(repoRoot(), png) };
}

/** Digit accuracy on pen strokes: each sample's strokes rendered as one character. */
async function evalPendigits(
  engine: HandwritingEngine, id: string, samples: PenSample[], frame: FrameParams,
): Promise<{ n: number; digitAccuracy: number; anyClassAccuracy: number }> {
  const model = await engine.model(id);
  const classes = model.classes;
  const k = classes.length;
  const frames = new Float32Array(samples.length * PIXELS);
  samples.forEach((s, i) => frames.set(renderStrokes(s.strokes, s.strokes.map(strokeBox).reduce(unionBox), frame), i * PIXELS));
  const { probs } = await engine.classifyFrames(frames, samples.length, id);
  let digit = 0, any = 0;
  samples.forEach((s, i) => {
    if (classes[argmax(probs, i * k, k, (j) => classes[j] >= '0' && classes[j] <= '9')] === s.digit) digit++;
    if (classes[argmax(probs, i * k, k)] === s.digit) any++;
  });
  return { n: samples.length, digitAccuracy: digit / samples.length, anyClassAccuracy: any / samples.length };
}

/** End to end on drawings: a line of 5 pen digits through recognizeDrawing (segmentation + decoding). */
async function evalPenLines(engine: HandwritingEngine, samples: PenSample[], limit: number): Promise<{ lines: number; charAccuracy: number; segmentationOk: number }> {
  let ok = 0, total = 0, segOk = 0, lines = 0;
  for (let s = 0; s + 5 <= samples.length && lines < limit; s += 5, lines++) {
    const group = samples.slice(s, s + 5);
    const strokes: [number, number][][] = [];
    let x = 0;
    for (const g of group) {
      const b = g.strokes.map(strokeBox).reduce(unionBox);
      for (const st of g.strokes) strokes.push(st.map((p) => [p[0] - b.x0 + x, p[1] - b.y0] as [number, number]));
      x += b.x1 - b.x0 + 0.3 * (b.y1 - b.y0);
    }
    const r = await engine.recognizeDrawing({ strokes }, { model: 'full' });
    const text = r.text.replace(/\s/g, '');
    if (text.length === 5) segOk++;
    group.forEach((g, i) => {
      total++;
      if (text.length === 5 && text[i] === g.digit) ok++;
    });
  }
  return { lines, charAccuracy: total ? ok / total : 0, segmentationOk: lines ? segOk / lines : 0 };
}

const FONTS = ['DejaVu Sans', 'DejaVu Serif', 'Liberation Sans', 'URW Gothic', 'Z003', 'P052', 'Nimbus Mono PS', 'C059'];

/** Glyphs from system fonts as dark-on-light PNGs, one character per image, through recognizeImage. */
async function evalFonts(engine: HandwritingEngine, id: HandwritingModelId, classes: string[], limit?: number): Promise<{ n: number; accuracy: number; caseInsensitiveAccuracy: number; fonts: string[] }> {
  const chars = classes.length === 26 ? [...classes, ...classes.map((c) => c.toLowerCase())] : classes;
  let n = 0, ok = 0, okCi = 0;
  outer: for (const font of FONTS)
    for (const ch of chars) {
      if (limit && n >= limit) break outer;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="140"><rect width="100%" height="100%" fill="#f4f1ea"/><text x="60" y="100" font-family="${font}" font-size="90" text-anchor="middle" fill="#1a1a40">${ch}</text></svg>`;
      const png = await sharp(Buffer.from(svg)).png().toBuffer();
      const r = await engine.recognizeImage(png, { model: id });
      const got = r.text.trim();
      const want = classes.length === 26 ? ch.toUpperCase() : ch;
      n++;
      if (got === want) ok++;
      if (got.toLowerCase() === want.toLowerCase() || (classes.length === 62 && foldLookAlike(got) === foldLookAlike(want))) okCi++;
    }
  return { n, accuracy: n ? ok / n : 0, caseInsensitiveAccuracy: n ? okCi / n : 0, fonts: FONTS };
}

/**
 * Figure: EMNIST digits (top row) next to pen digits drawn by our stroke renderer (bottom row), so the
 * framing (size, centring, pen width, blur) can be compared by eye.
 */
async function framesPng(file: string, data: string, pen: PenSample[]): Promise<void> {
  const split = loadProtocolTestSplit(path.join(data, 'emnist'), 200);
  const W = 10 * 30 + 2, H = 2 * 30 + 2;
  const img = Buffer.alloc(W * H, 90);
  const put = (frame: Float32Array | Uint8Array, col: number, row: number, scale: number): void => {
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) img[(row * 30 + 2 + y) * W + col * 30 + 2 + x] = Math.round(frame[y * 28 + x] * scale);
  };
  for (let d = 0; d < 10; d++) {
    const i = [...split.labels].indexOf(d);
    put(split.images.subarray(i * PIXELS, (i + 1) * PIXELS), d, 0, 1);
    const s = pen.find((p) => p.digit === String(d))!;
    put(renderStrokes(s.strokes, s.strokes.map(strokeBox).reduce(unionBox)), d, 1, 255);
  }
  await sharp(img, { raw: { width: W, height: H, channels: 1 } }).resize(W * 4, H * 4, { kernel: 'nearest' }).png().toFile(file);
}

type WordKind = 'lower' | 'capitalised' | 'caps' | 'number';
const WORD_KINDS: WordKind[] = ['lower', 'capitalised', 'caps', 'number'];

/** A token of the given kind: a word of the engine's list (2+ letters) in that case, or a 1-4 digit number. */
function sampleToken(kind: WordKind, rng: () => number, words: string[]): string {
  if (kind === 'number') {
    const digits = 1 + Math.floor(rng() * 4);
    let s = String(1 + Math.floor(rng() * 9));
    while (s.length < digits) s += String(Math.floor(rng() * 10));
    return s;
  }
  const w = words[Math.floor(rng() * words.length)];
  return kind === 'lower' ? w : kind === 'caps' ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

interface WordScores {
  words: number;
  exact: number;
  ignoringCase: number;
  /** 1 - edit distance / length over each line's characters (spaces dropped). */
  chars: number;
  perKind: Record<WordKind, { n: number; exact: number; ignoringCase: number }>;
}

/**
 * Word level on real handwriting: lines of 1-3 tokens (lowercase, Capitalised, ALL-CAPS words of the
 * engine's word list, numbers) composed of EMNIST protocol-test characters, through recognizeImage with the
 * `full` model, scored with context decoding and with raw argmax. Seeded: the same lines every run.
 */
async function evalWords(
  engine: HandwritingEngine, dataDir: string, lines: number, log: (l: string) => void, samplePng?: string, seed = 2026,
): Promise<{ lines: number; seed: number; context: WordScores; rawArgmax: WordScores; examples: { truth: string; context: string; raw: string }[] }> {
  const split = loadProtocolTestSplit(path.join(dataDir, 'emnist'));
  const pools = classPools(split);
  const rng = seededRng(seed);
  // The core list: the same pool since before the word list took frequent words, so figures stay comparable.
  const words = [...CORE_WORDS].filter((w) => w.length >= 2).sort();
  const blank = (): WordScores => ({ words: 0, exact: 0, ignoringCase: 0, chars: 0, perKind: Object.fromEntries(WORD_KINDS.map((k) => [k, { n: 0, exact: 0, ignoringCase: 0 }])) as WordScores['perKind'] });
  const ctx = blank(), raw = blank();
  let charTotal = 0;
  const examples: { truth: string; context: string; raw: string }[] = [];
  const samples: { png: Buffer; width: number; height: number }[] = [];
  const score = (s: WordScores, kinds: WordKind[], truth: string[], got: string[]): void => {
    truth.forEach((t, i) => {
      const g = got.length === truth.length ? got[i] : undefined; // a segmentation error loses every word of the line
      const k = s.perKind[kinds[i]];
      s.words++;
      k.n++;
      if (g === t) {
        s.exact++;
        k.exact++;
      }
      if (g !== undefined && g.toLowerCase() === t.toLowerCase()) {
        s.ignoringCase++;
        k.ignoringCase++;
      }
    });
    const tj = truth.join(''), gj = got.join('');
    s.chars += Math.max(0, tj.length - editDistance(tj, gj));
  };
  for (let l = 0; l < lines; l++) {
    const n = 1 + Math.floor(rng() * 3);
    const kinds = Array.from({ length: n }, () => { const r = rng(); return r < 0.4 ? 'lower' : r < 0.65 ? 'capitalised' : r < 0.8 ? 'caps' : 'number'; }) as WordKind[];
    const truth = kinds.map((k) => sampleToken(k, rng, words));
    const img = composeLine(truth.join(' '), split, pools, rng);
    const png = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 1 } }).png().toBuffer();
    if (l < 8) samples.push({ png, height: img.height, width: img.width });
    const a = await engine.recognizeImage(png, { model: 'full' });
    const b = await engine.recognizeImage(png, { model: 'full', context: false });
    const ga = a.words.map((w) => w.text), gb = b.words.map((w) => w.text);
    score(ctx, kinds, truth, ga);
    score(raw, kinds, truth, gb);
    charTotal += truth.join('').length;
    if (examples.length < 40 && ga.join(' ') !== truth.join(' ')) examples.push({ truth: truth.join(' '), context: ga.join(' '), raw: gb.join(' ') });
  }
  const finish = (s: WordScores): WordScores => ({
    words: s.words, exact: s.exact / s.words, ignoringCase: s.ignoringCase / s.words, chars: s.chars / charTotal,
    perKind: Object.fromEntries(WORD_KINDS.map((k) => [k, { n: s.perKind[k].n, exact: s.perKind[k].exact / (s.perKind[k].n || 1), ignoringCase: s.perKind[k].ignoringCase / (s.perKind[k].n || 1) }])) as WordScores['perKind'],
  });
  const c = finish(ctx), r = finish(raw);
  if (samplePng && samples.length) {
    // The first lines stacked: what the recogniser was given.
    let y = 0;
    const layers = samples.map((s) => ({ input: s.png, left: 0, top: (y += s.height) - s.height }));
    await sharp({ create: { width: Math.max(...samples.map((s) => s.width)), height: y, channels: 3, background: '#eeeeee' } }).composite(layers).png().toFile(samplePng);
  }
  for (const [name, s] of [['context decoding', c], ['raw argmax', r]] as const) {
    log(`words (EMNIST test characters, recognizeImage, full) ${name}: word exact ${pct(s.exact)}, ignoring case ${pct(s.ignoringCase)}, characters ${pct(s.chars)} (${s.words} words, ${lines} lines)`);
    log(`  per kind exact/ignoring case: ${WORD_KINDS.map((k) => `${k} ${pct(s.perKind[k].exact)}/${pct(s.perKind[k].ignoringCase)} (${s.perKind[k].n})`).join(', ')}`);
  }
  return { lines, seed, context: c, rawArgmax: r, examples };
}

/** Part 5: every model on the pen test writers' letters (and digits for 62-class models), with a confusion PNG. */
async function evalPen(
  engine: HandwritingEngine, ids: string[], out: string, limit: number | undefined, log: (l: string) => void, split: PenSplit = 'test',
): Promise<Record<string, unknown>> {
  if (!dataSetDir('pen')) {
    log('pen characters: data set not found, skipped');
    return {};
  }
  const chars = loadSplit(split);
  // End to end (recognizeDrawing per character) on a spread-out subset: every writer still counts.
  const stride = Math.max(1, Math.floor(chars.length / (limit ?? 4000)));
  const res: Record<string, unknown> = { split: `pen ${split} writers (scripts/datasets/pen.ts penSplitOf + pendigits writers)`, n: chars.length, endToEndEvery: stride };
  for (const id of ids) {
    const model = await engine.model(id);
    const kinds: ('letters' | 'digits')[] = model.classes.includes('0') ? ['letters', 'digits'] : ['letters'];
    const entry: Record<string, PenCharsResult> = {};
    for (const kind of kinds) {
      const r = await evalPenChars(engine, id as HandwritingModelId, chars, kind, (d, t) => log(`  ${id} pen ${kind}: ${d}/${t}`), stride);
      entry[kind] = r;
      log(`model ${id}: pen ${kind} of ${r.writers} ${split} writers (recognizeDrawing): ${pct(r.accuracy)} ${model.classes.length === 26 ? 'case merged' : 'exact'}, ` +
        `${pct(r.foldedAccuracy)} look-alikes folded; per writer mean ${pct(r.perWriter.mean)} / worst 10% ${pct(r.perWriter.worst10)} ` +
        `(folded ${pct(r.perWriter.foldedMean)} / ${pct(r.perWriter.foldedWorst10)}); read as one character ${pct(r.readAsOne)} (n=${r.n}, ${r.msPerChar} ms/char)`);
      log(`  networks alone on the whole character (image CNN + trajectory network, no segmentation, no context): ${pct(r.cnnOnly.accuracy)}, folded ${pct(r.cnnOnly.foldedAccuracy)}; per writer mean ${pct(r.cnnOnly.writerMean)} / worst 10% ${pct(r.cnnOnly.writerWorst10)}`);
      log(`  image CNN alone (no trajectory network): ${pct(r.imageOnly.accuracy)}, folded ${pct(r.imageOnly.foldedAccuracy)}; per writer mean ${pct(r.imageOnly.writerMean)} / worst 10% ${pct(r.imageOnly.writerWorst10)}`);
      log(`  end-to-end misses by kind (n=${r.n}): ${JSON.stringify(r.failures)}; CNN alone wrong but end to end right: ${r.rescued}`);
      for (const [f, ex] of Object.entries(r.failureExamples)) if (ex.length && f !== 'cnnWrong') log(`    ${f}: ${ex.slice(0, 6).join('; ')}`);
      for (const [src, v] of Object.entries(r.perSource))
        log(`  ${src} (${v.writers} writers, n=${v.n}): end to end ${pct(v.accuracy)}, folded ${pct(v.foldedAccuracy)}; per writer mean ${pct(v.writerMean)} / worst 10% ${pct(v.writerWorst10)}; ` +
          `CNN alone ${pct(v.cnnOnly.accuracy)} (n=${v.cnnOnly.n}), folded ${pct(v.cnnOnly.foldedAccuracy)}`);
      const weak = Object.entries(r.perClass).sort((a, b) => a[1].accuracy - b[1].accuracy).slice(0, 8);
      log(`  weakest: ${weak.map(([c, v]) => `${c} ${pct(v.accuracy)}`).join(', ')}; confusions: ${r.topConfusions.slice(0, 8).map((c) => `${c.true}->${c.predicted} x${c.count}`).join(', ')}`);
      if (kind === 'letters') {
        const png = path.join(out, `eval-${id}-pen${split === 'test' ? '' : `-${split}`}-confusion.png`);
        const keep = r.classes.map((c, i) => (/[A-Za-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
        await confusionPng(png, `${id}: pen letters of ${r.writers} unseen ${split} writers, recognizeDrawing (${pct(r.accuracy)})`, keep.map((i) => r.classes[i]), keep.map((i) => keep.map((j) => r.confusion[i][j])));
        log(`  -> ${path.relative(process.cwd(), png)}`);
      }
    }
    res[id] = entry;
  }
  return res;
}

async function tune(engine: HandwritingEngine, args: Args, log: (l: string) => void): Promise<FrameParams> {
  const train = loadPendigits(path.join(args.data, 'pendigits', 'pendigits-orig-tra.txt'));
  const sub = train.filter((_, i) => i % 3 === 0).slice(0, args.limit ?? 2500);
  let best = FRAME, bestAcc = -1;
  for (const box of [20, 22, 24, 26])
    for (const thickness of [2.0, 2.6, 3.2, 3.8, 4.4])
      for (const blur of [0.4, 0.7, 1.0]) {
        const p = { box, thickness, blur };
        const r = await evalPendigits(engine, 'full', sub, p);
        log(`  tune box=${box} thickness=${thickness} blur=${blur}: ${pct(r.digitAccuracy)} (62-way ${pct(r.anyClassAccuracy)})`);
        if (r.digitAccuracy > bestAcc) {
          bestAcc = r.digitAccuracy;
          best = p;
        }
      }
  log(`best on pendigits training writers (n=${sub.length}): ${JSON.stringify(best)} ${pct(bestAcc)}`);
  return best;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (l: string): void => void process.stdout.write(l + '\n');
  const modelsDir = defaultModelsDir();
  // Image models; a trajectory companion (<id>-strokes) is scored inside its image model's figures.
  const ids = args.models ?? fs.readdirSync(modelsDir).filter((d) => fs.existsSync(path.join(modelsDir, d, 'manifest.json')) && !isTrajectoryModelId(d)).sort();
  if (ids.length === 0) throw new Error(`no models in ${modelsDir}`);
  const engine = await createHandwritingEngine({ modelsDir, preload: [], onProgress: (p) => p.step.startsWith('handwriting: using') && log(p.step) });
  try {
    if (args.tune) {
      await tune(engine, args, log);
      return;
    }
    if (args.penOnly) {
      fs.mkdirSync(args.out, { recursive: true });
      const file = path.join(args.out, 'eval.json');
      const old = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      const key = args.split === 'test' ? 'penChars' : 'penCharsValidation';
      old[key] = { date: new Date().toISOString(), backend: engine.backend, ...(await evalPen(engine, ids, args.out, args.limit, log, args.split)) };
      fs.writeFileSync(file, JSON.stringify(old, null, 2));
      log(`wrote ${path.relative(process.cwd(), file)} (${key})`);
      return;
    }
    if (args.wordsOnly) {
      fs.mkdirSync(args.out, { recursive: true });
      const file = path.join(args.out, 'eval.json');
      const old = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      old.handwritingWords = { date: new Date().toISOString(), ...(await evalWords(engine, args.data, args.wordLines, log, path.join(args.out, 'eval-words-sample.png'), args.wordsSeed)) };
      fs.mkdirSync(args.out, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(old, null, 2));
      log(`wrote ${path.relative(process.cwd(), file)} (handwritingWords)`);
      return;
    }
    const report: Record<string, unknown> = {
      date: new Date().toISOString(),
      backend: engine.backend,
      protocol: 'EMNIST byclass-test, index % 5 == 0 (../shared/data/emnist/SOURCE.md); letters models: letters of the split, case merged',
      frame: FRAME,
      limit: args.limit ?? null,
      models: {},
    };
    const pendTest = loadPendigits(path.join(args.data, 'pendigits', 'pendigits-orig-tes.txt'));
    const pend = args.limit ? pendTest.slice(0, args.limit) : pendTest;
    fs.mkdirSync(args.out, { recursive: true });
    await framesPng(path.join(args.out, 'eval-frames.png'), args.data, pendTest);
    for (const id of ids) {
      log(`model ${id}: loading`);
      const model = await engine.model(id);
      const entry: Record<string, unknown> = { classes: model.classes.length, manifestMetrics: model.manifest.metrics ?? null };
      const em = await evalEmnist(engine, id, args, log);
      log(`model ${id}: EMNIST protocol test accuracy ${pct(em.accuracy)} (n=${em.n}); counting shape-identical o/O/0, l/I/1, c/C... as right: ${pct(em.shapeMergedAccuracy)} -> ${em.confusionPng}`);
      const worst = Object.entries(em.perClass).sort((a, b) => a[1].accuracy - b[1].accuracy).slice(0, 6);
      log(`  weakest classes: ${worst.map(([c, v]) => `${c} ${pct(v.accuracy)}`).join(', ')}`);
      log(`  top confusions: ${em.topConfusions.slice(0, 6).map((c) => `${c.true}->${c.predicted} x${c.count}`).join(', ')}`);
      entry.emnist = em;
      if (model.classes.includes('0')) {
        const pd = await evalPendigits(engine, id, pend, FRAME);
        log(`model ${id}: pendigits test writers (pen strokes), digit accuracy ${pct(pd.digitAccuracy)}, 62-way ${pct(pd.anyClassAccuracy)} (n=${pd.n})`);
        entry.pendigits = pd;
      }
      if (id === 'letters' || id === 'full') {
        const fonts = await evalFonts(engine, id, model.classes, args.limit);
        log(`model ${id}: synthetic font glyphs (image path) ${pct(fonts.accuracy)} exact, ${pct(fonts.caseInsensitiveAccuracy)} ignoring case/o-0/l-1 (n=${fonts.n})`);
        entry.syntheticFonts = fonts;
      }
      (report.models as Record<string, unknown>)[id] = entry;
    }
    if (ids.includes('full')) {
      const lines = await evalPenLines(engine, pend, args.limit ? Math.ceil(args.limit / 5) : 300);
      log(`end to end: lines of 5 pen digits (recognizeDrawing): segmentation right ${pct(lines.segmentationOk)}, characters right ${pct(lines.charAccuracy)} (${lines.lines} lines)`);
      report.penDigitLines = lines;
      report.handwritingWords = await evalWords(engine, args.data, args.limit ? Math.min(args.wordLines, Math.ceil(args.limit / 10)) : args.wordLines, log, path.join(args.out, 'eval-words-sample.png'), args.wordsSeed);
      Object.assign(report, await penReports(engine, log, args.limit)); // pen segmentation + adaptation (scripts/eval/)
    }
    report.penChars = await evalPen(engine, ids, args.out, args.limit, log);
    fs.mkdirSync(args.out, { recursive: true });
    const file = path.join(args.out, 'eval.json');
    fs.writeFileSync(file, JSON.stringify(report, null, 2));
    log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await engine.close();
  }
}

main().catch((e) => {
  process.stderr.write(`eval: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
