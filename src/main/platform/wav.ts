/**
 * WAV in and out for the speech engines, the TTS engine and the CLI.
 * readWav accepts what people actually have (PCM 8/16/24/32-bit, float 32/64, WAVE_FORMAT_EXTENSIBLE,
 * any rate, any channel count) and returns what the recognisers want: mono 16 kHz Int16.
 */
import { MambaError } from '../../shared/errors';

export const SPEECH_RATE = 16000;

export interface WavAudio {
  /** Mono PCM at `sampleRate`. */
  pcm: Int16Array;
  sampleRate: number;
  /** What the file held before conversion. */
  source: { sampleRate: number; channels: number; bitsPerSample: number; format: 'pcm' | 'float' };
  /** Non-fatal problems (e.g. a truncated data chunk: what was there is used). */
  warnings: string[];
}

const FIX = 'give a RIFF/WAVE file (PCM or float), e.g. `sox in.mp3 -r 16000 -c 1 out.wav`';

/** Parse a WAV file and convert it to mono at `o.sampleRate` (default 16 kHz, `null` keeps the file's rate). */
export function readWav(bytes: Uint8Array, o: { sampleRate?: number | null } = {}): WavAudio {
  if (bytes.length < 12) throw new MambaError('BAD_INPUT', `not a WAV file (${bytes.length} bytes)`, FIX);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new MambaError('BAD_INPUT', 'not a WAV file (no RIFF/WAVE header)', FIX);
  }
  const warnings: string[] = [];
  let fmt: { format: number; channels: number; rate: number; bits: number; align: number } | undefined;
  let data: Uint8Array | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    let size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > bytes.length) {
      // Streams written without a final size (0xFFFFFFFF / 0) or files cut short: use what is there.
      if (id === 'data' && size !== 0xffffffff && size !== 0) {
        warnings.push(`WAV is truncated: data chunk says ${size} bytes, ${bytes.length - body} present; using those`);
      }
      size = bytes.length - body;
    } else if (id === 'data' && size === 0 && bytes.length > body) {
      size = bytes.length - body;
    }
    if (id === 'fmt ') {
      if (size < 16) throw new MambaError('BAD_INPUT', 'WAV fmt chunk is too short', FIX);
      let format = view.getUint16(body, true);
      if (format === 0xfffe && size >= 26) format = view.getUint16(body + 24, true); // extensible: sub-format GUID
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      data = bytes.subarray(body, body + size);
      break;
    }
    at = body + size + (size & 1);
  }
  if (!fmt) throw new MambaError('BAD_INPUT', 'WAV has no fmt chunk (file truncated or not audio)', FIX);
  if (!data) throw new MambaError('BAD_INPUT', 'WAV has no data chunk (file truncated before the audio)', FIX);
  const { format, channels, rate, bits } = fmt;
  const isFloat = format === 3;
  if (!(format === 1 || isFloat)) {
    throw new MambaError('BAD_INPUT', `WAV encoding ${format} is not supported (compressed audio)`, FIX);
  }
  const bytesPer = bits / 8;
  const okBits = isFloat ? bits === 32 || bits === 64 : [8, 16, 24, 32].includes(bits);
  if (!okBits || channels < 1 || channels > 64 || rate < 1000 || rate > 768000) {
    throw new MambaError('BAD_INPUT', `WAV format not understood: ${channels} ch, ${rate} Hz, ${bits}-bit`, FIX);
  }
  const frameBytes = bytesPer * channels;
  const frames = Math.floor(data.length / frameBytes);
  if (data.length % frameBytes) warnings.push('WAV ends in a partial sample frame; dropped it');
  if (frames === 0) throw new MambaError('EMPTY_INPUT', 'WAV has no audio samples', 'record some audio first');

  // Down-mix to mono float in [-1, 1].
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += sampleAt(dv, (f * channels + c) * bytesPer, bits, isFloat);
    mono[f] = sum / channels;
  }
  const target = o.sampleRate === null ? rate : (o.sampleRate ?? SPEECH_RATE);
  const out = rate === target ? mono : resample(mono, rate, target);
  return {
    pcm: floatToInt16(out),
    sampleRate: target,
    source: { sampleRate: rate, channels, bitsPerSample: bits, format: isFloat ? 'float' : 'pcm' },
    warnings,
  };
}

function sampleAt(dv: DataView, off: number, bits: number, isFloat: boolean): number {
  if (isFloat) return bits === 32 ? dv.getFloat32(off, true) : dv.getFloat64(off, true);
  switch (bits) {
    case 8:
      return (dv.getUint8(off) - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return dv.getInt16(off, true) / 32768;
    case 24: {
      const v = dv.getUint8(off) | (dv.getUint8(off + 1) << 8) | (dv.getInt8(off + 2) << 16);
      return v / 8388608;
    }
    default:
      return dv.getInt32(off, true) / 2147483648;
  }
}

export function floatToInt16(x: Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i] * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v; // float files may exceed 1.0: clip, don't wrap
  }
  return out;
}

/**
 * Band-limited resampling with a Blackman-windowed sinc (cut-off at the lower Nyquist), so
 * 44.1/48 kHz recordings do not alias into the speech band when brought down to 16 kHz.
 */
export function resample(x: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return x.slice();
  const ratio = fromRate / toRate;
  const cutoff = Math.min(1, 1 / ratio) * 0.95; // relative to the input Nyquist, a little margin
  const half = Math.ceil(16 / cutoff); // taps each side
  const taps = 2 * half;
  // Polyphase: the fractional position of output i repeats with period toRate/gcd, so the
  // windowed-sinc weights are computed once per phase (capped; odd rates share the nearest phase).
  const g = gcd(fromRate, toRate);
  const period = toRate / g;
  const phases = Math.min(period, 2048);
  const table = new Float32Array(phases * taps);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let norm = 0;
    for (let j = 0; j < taps; j++) {
      const d = frac + half - 1 - j; // t - k for k = centre - half + 1 + j
      const s = d === 0 ? 1 : Math.sin(Math.PI * cutoff * d) / (Math.PI * cutoff * d);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half);
      table[p * taps + j] = s * w;
      norm += s * w;
    }
    for (let j = 0; j < taps; j++) table[p * taps + j] /= norm;
  }
  const n = Math.max(1, Math.floor(x.length / ratio));
  const out = new Float32Array(n);
  const step = fromRate / g;
  for (let i = 0; i < n; i++) {
    const pos = i * step; // exact integer position in units of 1/period input samples
    const centre = Math.floor(pos / period);
    const p = phases === period ? pos - centre * period : Math.floor(((pos - centre * period) / period) * phases);
    const base = p * taps;
    const k0 = centre - half + 1;
    let acc = 0;
    if (k0 >= 0 && k0 + taps <= x.length) {
      for (let j = 0; j < taps; j++) acc += x[k0 + j] * table[base + j];
    } else {
      for (let j = 0; j < taps; j++) {
        const k = k0 + j;
        if (k >= 0 && k < x.length) acc += x[k] * table[base + j];
      }
    }
    out[i] = acc;
  }
  return out;
}

function gcd(a: number, b: number): number {
  a = Math.round(a);
  b = Math.round(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Resample Int16 PCM (e.g. a 48 kHz microphone stream) to another rate. */
export function resampleInt16(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return pcm;
  const f = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) f[i] = pcm[i] / 32768;
  return floatToInt16(resample(f, fromRate, toRate));
}

/** 16-bit PCM WAV bytes. `pcm` is interleaved when channels > 1. */
export function writeWav(pcm: Int16Array, sampleRate: number, channels = 1): Uint8Array {
  const dataBytes = pcm.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.length; i++) v.setInt16(44 + i * 2, pcm[i], true);
  return out;
}
