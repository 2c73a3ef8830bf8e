/**
 * Speech noise suppression with RNNoise (xiph's recurrent denoiser, BSD, trained on many real voices and
 * noises; the WebAssembly build of `@echogarden/rnnoise-wasm`). PocketSphinx's own `-remove_noise` is a
 * spectral floor; at 10 dB SNR it leaves enough noise that the LM misreads free text. RNNoise works on
 * 48 kHz frames of 480 samples, so 16 kHz audio is resampled to 48 kHz, denoised and brought back.
 *
 * The module is instantiated directly from its .wasm (two imports: memcpy and heap growth), because the
 * package's loader is an ES module that this CommonJS build cannot require.
 */
import { readFileSync } from 'node:fs';
import { resampleInt16, SPEECH_RATE } from '../../platform/wav';

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
   * `pcm` (mono, `sampleRate` 16000 or 48000) with the noise suppressed; same length. RNNoise yields to
   * the event loop after each 0.25 s of audio (~2.5% of the audio's duration in all on one core).
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

/** Work between yields to the event loop: 0.25 s of 48 kHz audio (a few ms of CPU), so the main process stays responsive. */
const SLICE = 12000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
      if (sampleRate !== SPEECH_RATE && sampleRate !== RATE) throw new Error(`Noise suppression needs 16 or 48 kHz audio, not ${sampleRate} Hz.`);
      // The platform's band-limited resampler, to RNNoise's rate and back.
      const at48 = resampleInt16(pcm, sampleRate, RATE);
      const y = Int16Array.from(await run48k(r, Float32Array.from(at48)), clamp16);
      return resampleInt16(y, RATE, sampleRate);
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
  return { pcm: await denoiser.denoise(speech, SPEECH_RATE), snrDb, denoised: true };
}
