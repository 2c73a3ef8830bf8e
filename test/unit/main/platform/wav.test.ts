import { readWav, writeWav, resample } from '../../../../src/main/platform/wav';
import { MambaError } from '../../../../src/shared/errors';

/** A WAV with arbitrary encoding, built by hand so the parser is tested against the spec, not itself. */
function makeWav(o: { rate: number; channels: number; bits: number; float?: boolean; frames: (f: number, c: number) => number }, n: number): Uint8Array {
  const bytesPer = o.bits / 8;
  const dataBytes = n * o.channels * bytesPer;
  const buf = new Uint8Array(44 + dataBytes);
  const v = new DataView(buf.buffer);
  const put = (at: number, s: string) => [...s].forEach((ch, i) => (buf[at + i] = ch.charCodeAt(0)));
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, o.float ? 3 : 1, true);
  v.setUint16(22, o.channels, true);
  v.setUint32(24, o.rate, true);
  v.setUint32(28, o.rate * o.channels * bytesPer, true);
  v.setUint16(32, o.channels * bytesPer, true);
  v.setUint16(34, o.bits, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let f = 0; f < n; f++)
    for (let c = 0; c < o.channels; c++) {
      const x = o.frames(f, c);
      const at = 44 + (f * o.channels + c) * bytesPer;
      if (o.float) v.setFloat32(at, x, true);
      else if (o.bits === 8) v.setUint8(at, Math.round(x * 127) + 128);
      else v.setInt16(at, Math.round(x * 32767), true);
    }
  return buf;
}

const tone = (hz: number, rate: number) => (f: number) => 0.5 * Math.sin((2 * Math.PI * hz * f) / rate);
const rms = (p: Int16Array, from = 0, to = p.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += p[i] * p[i];
  return Math.sqrt(s / (to - from)) / 32768;
};

describe('speech wav', () => {
  test('writeWav -> readWav round-trips 16 kHz mono PCM exactly', () => {
    const pcm = Int16Array.from({ length: 1000 }, (_, i) => ((i * 97) % 65536) - 32768);
    const back = readWav(writeWav(pcm, 16000));
    expect(back.sampleRate).toBe(16000);
    expect(Array.from(back.pcm)).toEqual(Array.from(pcm));
    expect(back.warnings).toEqual([]);
  });

  test('44.1 kHz stereo float becomes mono 16 kHz with the tone preserved', () => {
    const wav = makeWav({ rate: 44100, channels: 2, bits: 32, float: true, frames: tone(440, 44100) }, 44100);
    const a = readWav(wav);
    expect(a.source).toEqual({ sampleRate: 44100, channels: 2, bitsPerSample: 32, format: 'float' });
    expect(a.pcm.length).toBe(16000);
    expect(rms(a.pcm, 100, 15900)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  test('resampler removes content above the new Nyquist (no aliasing)', () => {
    // 12 kHz at 48 kHz would alias to 4 kHz at 16 kHz without a low-pass.
    const wav = makeWav({ rate: 48000, channels: 1, bits: 16, frames: tone(12000, 48000) }, 48000);
    const a = readWav(wav);
    expect(rms(a.pcm, 200, 15800)).toBeLessThan(0.01);
  });

  test('8-bit unsigned and 8 kHz input are converted', () => {
    const wav = makeWav({ rate: 8000, channels: 1, bits: 8, frames: tone(300, 8000) }, 8000);
    const a = readWav(wav);
    expect(a.pcm.length).toBe(16000);
    expect(rms(a.pcm, 200, 15800)).toBeGreaterThan(0.3);
  });

  test('truncated WAV: uses the samples present and says so', () => {
    const full = makeWav({ rate: 16000, channels: 1, bits: 16, frames: tone(200, 16000) }, 16000);
    const cut = full.subarray(0, 44 + 5001); // half a sample at the end too
    const a = readWav(cut);
    expect(a.pcm.length).toBe(2500);
    expect(a.warnings.join(' ')).toMatch(/truncated/);
  });

  test('non-WAV, header-only and compressed files are BAD_INPUT/EMPTY_INPUT MambaErrors', () => {
    const attempt = (b: Uint8Array) => {
      try {
        readWav(b);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const notWav = attempt(new TextEncoder().encode('ID3\u0003 this is an mp3, honest'));
    expect(notWav).toBeInstanceOf(MambaError);
    expect((notWav as MambaError).code).toBe('BAD_INPUT');
    const headerOnly = makeWav({ rate: 16000, channels: 1, bits: 16, frames: () => 0 }, 0);
    expect((attempt(headerOnly) as MambaError).code).toBe('EMPTY_INPUT');
    const adpcm = makeWav({ rate: 16000, channels: 1, bits: 16, frames: () => 0 }, 10);
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expect((attempt(adpcm) as MambaError).message).toMatch(/not supported/);
    expect((attempt(adpcm.subarray(0, 20)) as MambaError).code).toBe('BAD_INPUT');
  });

  test('resample keeps length proportional', () => {
    expect(resample(new Float32Array(22050), 22050, 16000).length).toBe(16000);
  });
});
