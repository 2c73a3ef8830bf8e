/**
 * Speech noise suppression with RNNoise (xiph's recurrent denoiser, BSD, trained on many real voices and
 * noises; the WebAssembly build of `@echogarden/rnnoise-wasm`). PocketSphinx's own `-remove_noise` is a
 * spectral floor; at 10 dB SNR it leaves enough noise that the LM misreads free text. RNNoise works on
 * 48 kHz frames of 480 samples, so 16 kHz audio is upsampled 3x, denoised and brought back.
 *
 * The module is instantiated directly from its .wasm (two imports: memcpy and heap growth), because the
 * package's loader is an ES module that this CommonJS build cannot require.
 */
import { readFileSync } from 'node:fs';

const FRAME = 480;
const RATE = 48000;

interface RnnoiseExports {
  memory: WebAssembly.Memory;
  ctors: () => void;
  create: (model: number) => number;
  destroy: (state: number) => void;
  process: (state: number, out: number, input: number) => number;
  malloc: (bytes: number) => number;
  free: (ptr: number) => void;
}

export interface Denoiser {
  /**
   * `pcm` (mono, `sampleRate` 16000 or 48000) with the noise suppressed; same length. Yields to the
   * event loop every few ms of work (~2.5% of the audio's duration in all on one core).
   */
  denoise(pcm: Int16Array, sampleRate: number): Promise<Int16Array>;
}

let loaded: RnnoiseExports | null = null;

function instantiate(wasmFile?: string): RnnoiseExports {
  if (loaded && !wasmFile) return loaded;
  let memory: WebAssembly.Memory | null = null;
  const imports = {
    a: {
      // emscripten_resize_heap: grow to at least the requested size, in 64 KiB pages.
      a: (requested: number): number => {
        const mem = memory!;
        const need = Math.ceil(((requested >>> 0) - mem.buffer.byteLength) / 65536);
        try {
          if (need > 0) mem.grow(need);
          return 1;
        } catch {
          return 0;
        }
      },
      // _emscripten_memcpy_js(dest, src, n)
      b: (dest: number, src: number, n: number): void => {
        const heap = new Uint8Array(memory!.buffer);
        heap.copyWithin(dest, src, src + n);
      },
    },
  };
  const mod = new WebAssembly.Module(readFileSync(wasmFile ?? require.resolve('@echogarden/rnnoise-wasm/rnnoise.wasm')));
  const inst = new WebAssembly.Instance(mod, imports);
  const e = inst.exports as Record<string, unknown>;
  // The build's export names are minified; they are those of the pinned package version (0.2.0).
  if (!(e.c instanceof WebAssembly.Memory) || !['d', 'h', 'i', 'j', 'k', 'l'].every((n) => typeof e[n] === 'function')) {
    throw new Error('unexpected exports (not the rnnoise.wasm of @echogarden/rnnoise-wasm 0.2.0)');
  }
  memory = e.c;
  const r: RnnoiseExports = {
    memory,
    ctors: e.d as () => void,
    create: e.h as (m: number) => number,
    destroy: e.i as (s: number) => void,
    process: e.k as (s: number, o: number, i: number) => number,
    malloc: e.l as (b: number) => number,
    free: e.j as (p: number) => void,
  };
  r.ctors();
  if (!wasmFile) loaded = r;
  return r;
}

/** Windowed-sinc low-pass at `cutoff` (fraction of the sample rate), `taps` odd. */
function lowPass(cutoff: number, taps: number): Float32Array {
  const h = new Float32Array(taps);
  const m = (taps - 1) / 2;
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const x = i - m;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    h[i] = sinc * w;
    sum += h[i];
  }
  for (let i = 0; i < taps; i++) h[i] /= sum;
  return h;
}

const FILTER = lowPass(7600 / RATE, 97);

/** Work between yields to the event loop: 0.25 s of 48 kHz audio (a few ms of CPU), so the main process stays responsive. */
const SLICE = 12000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** 16 kHz -> 48 kHz, samples [from, to) of `out`: zero-stuff and low-pass (gain 3 restores the level); polyphase, only the non-zero third of the taps. */
function upsample3(pcm: Int16Array, out: Float32Array, from: number, to: number): void {
  const m = (FILTER.length - 1) / 2;
  for (let i = from; i < to; i++) {
    let s = 0;
    // Taps k with (i - m + k) a multiple of 3 meet an input sample.
    for (let k = (((m - i) % 3) + 3) % 3; k < FILTER.length; k += 3) {
      const j = (i - m + k) / 3;
      if (j >= 0 && j < pcm.length) s += FILTER[k] * pcm[j];
    }
    out[i] = 3 * s;
  }
}

/** 48 kHz -> 16 kHz, samples [from, to) of `out`: low-pass, keep every third sample. */
function downsample3(x: Float32Array, out: Int16Array, from: number, to: number): void {
  const m = (FILTER.length - 1) / 2;
  for (let o = from; o < to; o++) {
    const i = o * 3;
    let s = 0;
    for (let k = 0; k < FILTER.length; k++) {
      const j = i - m + k;
      if (j >= 0 && j < x.length) s += FILTER[k] * x[j];
    }
    out[o] = clamp16(s);
  }
}

const clamp16 = (v: number): number => Math.max(-32768, Math.min(32767, Math.round(v)));

async function run48k(r: RnnoiseExports, x: Float32Array): Promise<Float32Array> {
  const state = r.create(0);
  const inPtr = r.malloc(FRAME * 4);
  const outPtr = r.malloc(FRAME * 4);
  // RNNoise's output lags its input by one frame (overlap-add); one extra frame flushes it, and the
  // first output frame is dropped so the result lines up with the input.
  const frames = Math.ceil(x.length / FRAME) + 1;
  const y = new Float32Array((frames - 1) * FRAME);
  try {
    for (let f = 0; f < frames; f++) {
      if (f > 0 && f % (SLICE / FRAME) === 0) await yieldToEventLoop();
      const frame = new Float32Array(FRAME);
      frame.set(x.subarray(f * FRAME, Math.min(x.length, (f + 1) * FRAME)));
      // Views made afresh each frame: a heap growth (another call's malloc) replaces the buffer.
      new Float32Array(r.memory.buffer).set(frame, inPtr / 4);
      r.process(state, outPtr, inPtr);
      if (f > 0) y.set(new Float32Array(r.memory.buffer, outPtr, FRAME), (f - 1) * FRAME);
    }
  } finally {
    r.free(inPtr);
    r.free(outPtr);
    r.destroy(state);
  }
  return y.subarray(0, x.length);
}

/**
 * RNNoise (the package's .wasm, loaded once; `wasmFile`: another build). Throws an Error naming the
 * package if the module cannot be loaded.
 */
export function createDenoiser(wasmFile?: string): Denoiser {
  let r: RnnoiseExports;
  try {
    r = instantiate(wasmFile);
  } catch (e) {
    throw new Error(`Noise suppression is unavailable: @echogarden/rnnoise-wasm could not be loaded (${(e as Error).message}).`, { cause: e });
  }
  return {
    async denoise(pcm, sampleRate) {
      if (sampleRate === RATE) return Int16Array.from(await run48k(r, Float32Array.from(pcm)), clamp16);
      if (sampleRate !== 16000) throw new Error(`Noise suppression needs 16 or 48 kHz audio, not ${sampleRate} Hz.`);
      const up = new Float32Array(pcm.length * 3);
      for (let at = 0; at < up.length; at += SLICE) {
        upsample3(pcm, up, at, Math.min(up.length, at + SLICE));
        await yieldToEventLoop();
      }
      const y = await run48k(r, up);
      const out = new Int16Array(pcm.length);
      for (let at = 0; at < out.length; at += SLICE / 3) {
        downsample3(y, out, at, Math.min(out.length, at + SLICE / 3));
        await yieldToEventLoop();
      }
      return out;
    },
  };
}

/**
 * Speech that reads below this SNR (`estimateSnrDb`: ~25 dB for speech mixed with noise at 20 dB, ~16 dB
 * at 10 dB, 35 dB in the reverberant room, 50+ dB for clean speech) is denoised before decoding.
 */
export const DENOISE_BELOW_SNR_DB = 30;

export interface HeardSpeech {
  /** What the decoders get: the speech, noise-suppressed where it was noisy. */
  pcm: Int16Array;
  /** The SNR estimate of the speech as it came in (before suppression). */
  snrDb: number;
  denoised: boolean;
}

let shared: Denoiser | null | undefined;

/** The shared RNNoise, or null (said once on stderr) where it cannot be loaded: decoding goes on without it. */
export function sharedDenoiser(): Denoiser | null {
  if (shared === undefined) {
    try {
      shared = createDenoiser();
    } catch (e) {
      shared = null;
      process.stderr.write(`${(e as Error).message} Noisy speech is decoded as it is.\n`);
    }
  }
  return shared;
}

/** `speech` (16 kHz) ready for the decoders: noise-suppressed when it reads below DENOISE_BELOW_SNR_DB. */
export async function withNoiseSuppressed(speech: Int16Array, snrDb: number, denoiser: Denoiser | null = sharedDenoiser()): Promise<HeardSpeech> {
  if (!denoiser || snrDb >= DENOISE_BELOW_SNR_DB || process.env.MAMBA_DENOISE === 'off') return { pcm: speech, snrDb, denoised: false };
  return { pcm: await denoiser.denoise(speech, 16000), snrDb, denoised: true };
}
