/**
 * OCR benchmark on generated 1280x720 webcam photos (scripts/makeTestPhotos.ts):
 *  - photo -> text time per photo, warm engine (goal < 1.5 s on 2 cores), for BOTH backends
 *    (tesseract.js with npm traineddata, the Debian tesseract program), read alternately so
 *    that machine load hits both alike; engine start-up time;
 *  - character error rate per distortion level (goal < 3% on clean printed text), per backend;
 *  - the same photos without page preparation (whole frame straight to Tesseract) as a baseline;
 *  - page corners found and their error; dark/blurred photos rejected.
 * Standalone: npx tsx scripts/bench/ocr.ts [photosPerLevel]   (writes reports/bench-ocr.json)
 */
import * as os from 'os';
import { makePhoto, READABLE_LEVELS, DistortionLevel, TestPhoto } from '../makeTestPhotos';
import { createOcrEngine, OcrEngine, DEFAULT_BACKEND } from '../../src/main/engines/ocr';
import { characterErrorRate } from '../../src/main/engines/ocr/characterErrorRate';
import { decodeGreyImage, encodePng } from '../../src/main/platform/greyImage';
import { createTesseractCli } from '../../src/main/engines/ocr/tesseractCli';
import { parseTesseractTsv } from '../../src/main/engines/ocr/tesseractTsv';
import { MambaError } from '../../src/shared/errors';
import type { TesseractBackendName } from '../../src/main/engines/ocr/backend';
import { runStandalone } from '../benchStandalone';

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};
const pct = (v: number[], p: number): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const r2 = (x: number): number => Math.round(x * 100) / 100;

export async function runBench(log: (line: string) => void, perLevel = 6): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {
    cpus: os.cpus().length,
    load_avg_1min_at_start: r2(os.loadavg()[0]),
    photos_per_level: perLevel,
    frame: '1280x720',
    default_backend: DEFAULT_BACKEND,
  };
  log(`ocr bench: ${perLevel} photos per level, 1280x720, ${os.cpus().length} cpus, load ${out.load_avg_1min_at_start}`);

  const photos: TestPhoto[] = [];
  for (const level of READABLE_LEVELS) for (let i = 0; i < perLevel; i++) photos.push(await makePhoto({ seed: 100 + i, level }));

  const backends: TesseractBackendName[] = ['tesseract.js', 'tesseract-cli'];
  const engines = new Map<TesseractBackendName, OcrEngine>();
  for (const b of backends) {
    const t = performance.now();
    engines.set(b, await createOcrEngine({ backend: b }));
    out[`${b}.startup_ms`] = Math.round(performance.now() - t);
  }
  // First read on a fresh engine (lazy initialisation inside Tesseract), then warm reads.
  for (const b of backends) {
    const t = performance.now();
    await engines.get(b)!.read(photos[0].jpeg);
    out[`${b}.first_read_ms`] = Math.round(performance.now() - t);
  }

  const ms: Record<string, number[]> = {};
  const ocrMs: Record<string, number[]> = {};
  const cer: Record<string, number[]> = {};
  const cornerErr: Record<string, number[]> = {};
  const push = (m: Record<string, number[]>, k: string, v: number): void => {
    (m[k] ??= []).push(v);
  };
  for (const [i, p] of photos.entries()) {
    // Alternate which backend goes first so a burst of load does not favour one.
    const order = i % 2 ? [...backends].reverse() : backends;
    for (const b of order) {
      const t = performance.now();
      const r = await engines.get(b)!.read(p.jpeg);
      push(ms, b, performance.now() - t);
      push(ocrMs, b, r.steps.filter((s) => s.name === 'ocr').reduce((a, s) => a + s.ms, 0));
      push(cer, `${b}.${p.level}`, characterErrorRate(p.text, r.text));
      if (b === DEFAULT_BACKEND) {
        push(cornerErr, p.level, r.page ? Math.max(...r.page.map(([x, y], k) => Math.hypot(x - p.corners[k][0], y - p.corners[k][1]))) : Infinity);
      }
    }
  }
  for (const b of backends) {
    out[`${b}.photo_ms_median`] = Math.round(median(ms[b]));
    out[`${b}.photo_ms_p90`] = Math.round(pct(ms[b], 0.9));
    out[`${b}.tesseract_ms_median`] = Math.round(median(ocrMs[b]));
    log(`${b.padEnd(14)} start-up ${out[`${b}.startup_ms`]} ms, first read ${out[`${b}.first_read_ms`]} ms, photo->text median ${out[`${b}.photo_ms_median`]} ms (p90 ${out[`${b}.photo_ms_p90`]}), of which Tesseract ${out[`${b}.tesseract_ms_median`]} ms`);
    for (const level of READABLE_LEVELS) {
      const c = cer[`${b}.${level}`];
      out[`${b}.cer_pct.${level}`] = r2(100 * mean(c));
      out[`${b}.cer_pct_max.${level}`] = r2(100 * Math.max(...c));
    }
    log(`${b.padEnd(14)} CER % by level: ${READABLE_LEVELS.map((l) => `${l} ${out[`${b}.cer_pct.${l}`]} (max ${out[`${b}.cer_pct_max.${l}`]})`).join(', ')}`);
  }
  for (const level of READABLE_LEVELS) {
    const e = cornerErr[level];
    out[`page.found.${level}`] = `${e.filter(Number.isFinite).length}/${e.length}`;
    out[`page.corner_err_px_max.${level}`] = r2(Math.max(...e));
  }
  log(`page corners found: ${READABLE_LEVELS.map((l) => `${l} ${out[`page.found.${l}`]} (max error ${out[`page.corner_err_px_max.${l}`]} px)`).join(', ')}`);

  // Baseline: the whole frame straight to Tesseract, no page finding/flattening/deskew.
  const cli = createTesseractCli({ languages: ['eng', 'spa'] });
  const base: Record<string, number[]> = {};
  for (const p of photos) {
    const d = await decodeGreyImage(p.jpeg, 1600);
    const text = parseTesseractTsv(await cli.recognizeTsv(await encodePng(d.grey)))
      .map((l) => l.text)
      .join('\n');
    push(base, p.level, characterErrorRate(p.text, text));
  }
  for (const level of READABLE_LEVELS) out[`no_page_prep.cer_pct.${level}`] = r2(100 * mean(base[level]));
  log(`without page preparation (tesseract-cli, whole frame) CER %: ${READABLE_LEVELS.map((l) => `${l} ${out[`no_page_prep.cer_pct.${l}`]}`).join(', ')}`);

  // Photos that must be refused.
  const eng = engines.get(DEFAULT_BACKEND)!;
  for (const level of ['dark', 'blurred'] as DistortionLevel[]) {
    let rejected = 0;
    for (let i = 0; i < perLevel; i++) {
      try {
        await eng.read((await makePhoto({ seed: 100 + i, level })).jpeg);
      } catch (e) {
        if (e instanceof MambaError && e.code === 'IMAGE_QUALITY') rejected++;
      }
    }
    out[`rejected.${level}`] = `${rejected}/${perLevel}`;
  }
  let emptyOk = 0;
  for (let i = 0; i < perLevel; i++) {
    const r = await eng.read((await makePhoto({ seed: 100 + i, level: 'clean', noPage: true })).jpeg);
    if (r.text === '') emptyOk++;
  }
  out['no_text_photos_empty'] = `${emptyOk}/${perLevel}`;
  log(`rejected as IMAGE_QUALITY: dark ${out['rejected.dark']}, blurred ${out['rejected.blurred']}; desk photos without text read as empty: ${emptyOk}/${perLevel}`);
  out.load_avg_1min_at_end = r2(os.loadavg()[0]);
  for (const e of engines.values()) await e.close();
  return out;
}

if (require.main === module) {
  const perLevel = Number(process.argv[2] ?? 6);
  runStandalone('ocr', (log) => runBench(log, perLevel));
}
