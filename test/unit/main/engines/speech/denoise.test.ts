import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDenoiser, DENOISE_BELOW_SNR_DB, withNoiseSuppressed } from '../../../../../src/main/engines/speech/denoise';
import { estimateSnrDb } from '../../../../../src/main/engines/speech/vad';
import { speechPart } from '../../../../../src/main/engines/speech/transcribeBuffer';
import { padded, speak, withNoise } from '../../../../fixtures/speech/voices';

const VOICE = { engine: 'espeak-ng', voice: 'en-us', wpm: 150 } as const;

/** Energy of `a - b` over the energy of `b`, in dB (lower: `a` is closer to `b`). */
function errorDb(a: Int16Array, b: Int16Array): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    e += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return 10 * Math.log10(e / s);
}

describe('createDenoiser (RNNoise, the real WebAssembly module)', () => {
  const clean = padded(speak('mamba translate good morning to spanish', VOICE));
  const noisy = withNoise(clean, 10);

  it('takes most of the pink noise out of speech mixed at 10 dB, and keeps the speech', async () => {
    const out = await createDenoiser().denoise(noisy, 16000);
    expect(out).toHaveLength(noisy.length);
    const before = estimateSnrDb(speechPart(noisy, 16000)!, 16000);
    const after = estimateSnrDb(speechPart(out, 16000)!, 16000);
    expect(after - before).toBeGreaterThan(15);
    // Closer to the clean speech than the noisy input was (not merely quieter: silence would be 0 dB off).
    expect(errorDb(out, clean)).toBeLessThan(errorDb(noisy, clean) - 3);
    expect(errorDb(out, clean)).toBeLessThan(-3);
  });

  it('denoises 48 kHz audio as it is, and refuses other rates with a clear error', async () => {
    const d = createDenoiser();
    const at48 = new Int16Array(48000).map((_, i) => Math.round(3000 * Math.sin(i / 20)));
    expect(await d.denoise(at48, 48000)).toHaveLength(48000);
    await expect(d.denoise(noisy, 22050)).rejects.toThrow(/16 or 48 kHz.*22050/);
  });

  it('lets the event loop run while it works (the main process stays responsive)', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const pending = createDenoiser().denoise(noisy, 16000);
      await pending;
    } finally {
      clearInterval(timer);
    }
    // ~4 s of audio is worked through in slices of 0.25 s, each followed by a turn of the event loop.
    expect(ticks).toBeGreaterThan(10);
  });

  it('says what is missing when the module is corrupt or another build', () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-rnnoise-')), 'rnnoise.wasm');
    fs.writeFileSync(bad, 'not a wasm module');
    expect(() => createDenoiser(bad)).toThrow(/Noise suppression is unavailable: @echogarden\/rnnoise-wasm could not be loaded/);
    // A valid module that is not RNNoise (an empty one): named, not called.
    fs.writeFileSync(bad, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    expect(() => createDenoiser(bad)).toThrow(/could not be loaded \(unexpected exports/);
  });
});

describe('withNoiseSuppressed', () => {
  const clean = speechPart(padded(speak('mamba read this', VOICE)), 16000)!;

  it('passes clean speech through untouched and denoises noisy speech', async () => {
    const snrClean = estimateSnrDb(clean, 16000);
    expect(snrClean).toBeGreaterThanOrEqual(DENOISE_BELOW_SNR_DB);
    const kept = await withNoiseSuppressed(clean, snrClean);
    expect(kept).toEqual({ pcm: clean, snrDb: snrClean, denoised: false });

    const noisy = speechPart(withNoise(padded(speak('mamba read this', VOICE)), 10), 16000)!;
    const snrNoisy = estimateSnrDb(noisy, 16000);
    const cleaned = await withNoiseSuppressed(noisy, snrNoisy);
    expect(cleaned.denoised).toBe(true);
    expect(cleaned.snrDb).toBe(snrNoisy);
    expect(estimateSnrDb(cleaned.pcm, 16000)).toBeGreaterThan(snrNoisy + 10);
  });

  it('decodes as it is where no denoiser could be loaded', async () => {
    const noisy = speechPart(withNoise(padded(speak('mamba read this', VOICE)), 10), 16000)!;
    const r = await withNoiseSuppressed(noisy, estimateSnrDb(noisy, 16000), null);
    expect(r.denoised).toBe(false);
    expect(r.pcm).toBe(noisy);
  });
});
