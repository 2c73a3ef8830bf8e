/**
 * Model loading: the export is proven by running reference.json's pixels (probabilities computed by torch
 * at export time) through our tfjs network; damaged model files fail with clear MambaErrors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { selectBackend } from '../../../../../src/main/engines/handwriting/backend';
import { CnnModel } from '../../../../../src/main/engines/handwriting/model';
import { defaultModelsDir } from '../../../../../src/main/engines/handwriting';
import { MambaError } from '../../../../../src/shared/errors';
import { packageRoot } from '../../../../../src/main/platform/appPaths';
import { failure } from '../../../../fixtures/failure';

const TINY = path.join(packageRoot(), 'test', 'fixtures', 'handwriting', 'tiny');
const TINY_SEPARABLE = path.join(packageRoot(), 'test', 'fixtures', 'handwriting', 'tiny-separable');
const MODELS = defaultModelsDir();

function maxDiff(model: CnnModel, dir: string): { diff: number; n: number } {
  const ref = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')) as { n: number; pixels?: string; inputs?: string; probs: number[][] };
  // Image models: uint8 pixels; trajectory models: float32 inputs (strokeFeatures.ts), little-endian.
  const raw = Buffer.from(ref.inputs ?? ref.pixels ?? '', 'base64');
  const f = ref.inputs ? new Float32Array(new Uint8Array(raw).buffer) : Float32Array.from(raw, (v) => v / 255);
  expect(f.length).toBe(ref.n * model.inputSize);
  const p = model.classify(f, ref.n);
  const k = model.classes.length;
  let diff = 0;
  for (let i = 0; i < ref.n; i++) for (let j = 0; j < k; j++) diff = Math.max(diff, Math.abs(p[i * k + j] - ref.probs[i][j]));
  return { diff, n: ref.n };
}

const loadError = (dir: string): Promise<MambaError> => failure(CnnModel.load(dir).then((m) => m.dispose()));

/** Copies a fixture model (the tiny one unless told) to a temp dir and lets the test damage it. */
function damaged(edit: (dir: string) => void, from = TINY): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-hw-'));
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  edit(dir);
  return dir;
}
const editManifest = (dir: string, f: (m: Record<string, unknown>) => void): void => {
  const p = path.join(dir, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(p, 'utf8'));
  f(m);
  fs.writeFileSync(p, JSON.stringify(m));
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('mamba-cnn/1 model', () => {
  test('tiny fixture (conv valid+same, pool, dense, batchnorm): tfjs matches torch within 1e-4', async () => {
    const m = await CnnModel.load(TINY);
    expect(maxDiff(m, TINY).diff).toBeLessThan(1e-4);
    m.dispose();
  });

  test('tiny separable fixture (depthwise 3x3 + pointwise 1x1 conv): tfjs matches torch within 1e-4', async () => {
    const m = await CnnModel.load(TINY_SEPARABLE);
    expect(maxDiff(m, TINY_SEPARABLE).diff).toBeLessThan(1e-4);
    m.dispose();
  });
  test('depthwise kernel whose channels do not match its input -> MODEL_CORRUPT naming the tensor', async () => {
    const dir = damaged(
      (d) =>
        editManifest(d, (m) => {
          const t = (m.tensors as { name: string; shape: number[] }[]).find((x) => x.name === 'dw.kernel')!;
          t.shape = [3, 3, 1, 4];
        }),
      TINY_SEPARABLE,
    );
    const e = await loadError(dir);
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/dw\.kernel/);
  });

  const shipped = fs.existsSync(MODELS) ? fs.readdirSync(MODELS).filter((d) => fs.existsSync(path.join(MODELS, d, 'reference.json'))) : [];
  test('the letters and full models are committed', () => {
    expect(shipped).toEqual(expect.arrayContaining(['letters', 'full']));
  });
  test.each(shipped.map((s) => [s]))('shipped model %s: tfjs matches torch on its reference batch within 1e-4', async (id) => {
    const m = await CnnModel.load(path.join(MODELS, id));
    const { diff, n } = maxDiff(m, path.join(MODELS, id));
    expect(n).toBeGreaterThanOrEqual(8);
    expect(diff).toBeLessThan(1e-4);
    m.dispose();
  });

  test.each(shipped.map((s) => [s]))("shipped model %s: the loader's count of multiply-adds equals torch's (manifest macsPerChar, where recorded)", async (id) => {
    const m = await CnnModel.load(path.join(MODELS, id));
    const recorded = (m.manifest as unknown as { macsPerChar?: number }).macsPerChar;
    expect(m.macs).toBeGreaterThan(0);
    if (recorded !== undefined) expect(m.macs).toBe(recorded);
    m.dispose();
  });

  test('missing folder -> MODEL_MISSING with a fix', async () => {
    const e = await loadError(path.join(os.tmpdir(), 'no-such-model-dir'));
    expect(e.code).toBe('MODEL_MISSING');
    expect(e.fix).toBeTruthy();
  });
  test('manifest that is not JSON -> MODEL_CORRUPT', async () => {
    const e = await loadError(damaged((d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{"format": "mamba-cnn/1", ')));
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/not valid JSON/);
  });
  test('weights changed on disk -> MODEL_CORRUPT (checksum)', async () => {
    const e = await loadError(damaged((d) => fs.appendFileSync(path.join(d, 'weights.bin'), Buffer.alloc(4))));
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/checksum/);
  });
  test('weights file truncated (checksum updated) -> MODEL_CORRUPT (beyond the end)', async () => {
    const dir = damaged((d) => {
      const w = fs.readFileSync(path.join(d, 'weights.bin')).subarray(0, 1000);
      fs.writeFileSync(path.join(d, 'weights.bin'), w);
      editManifest(d, (m) => (m.weightsSha256 = createHash('sha256').update(w).digest('hex')));
    });
    const e = await loadError(dir);
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/beyond the end/);
  });
  test('tensor shape that does not fit the layers -> MODEL_CORRUPT naming the tensor', async () => {
    const dir = damaged((d) =>
      editManifest(d, (m) => {
        const t = (m.tensors as { name: string; shape: number[] }[]).find((x) => x.name === 'c2.kernel')!;
        t.shape = [3, 3, 2, 8];
      }),
    );
    const e = await loadError(dir);
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/c2\.kernel/);
  });
  test('trajectory model (1 x 64 x 5): unnamed features, a bad fusion weight, a kernel of the wrong length -> MODEL_CORRUPT', async () => {
    const traj = path.join(MODELS, 'letters-strokes');
    const bad = async (f: (m: Record<string, unknown>) => void): Promise<string> => (await loadError(damaged((d) => editManifest(d, f), traj))).message;
    expect(await bad((m) => delete (m.input as Record<string, unknown>).features)).toMatch(/pen trajectory/);
    expect(await bad((m) => ((m.fusion as Record<string, unknown>).weight = -1))).toMatch(/fusion\.weight/);
    expect(await bad((m) => ((m.layers as { kernel?: unknown }[])[0].kernel = [1, 3]))).toMatch(/t1\.kernel/);
  });
  test('weights file missing -> MODEL_MISSING; unknown layer -> MODEL_CORRUPT', async () => {
    expect((await loadError(damaged((d) => fs.unlinkSync(path.join(d, 'weights.bin'))))).code).toBe('MODEL_MISSING');
    const e = await loadError(damaged((d) => editManifest(d, (m) => (m.layers as unknown[]).splice(2, 0, { type: 'lstm' }))));
    expect(e.code).toBe('MODEL_CORRUPT');
  });
});
