import {
  CHANNELS,
  CHANNEL_NAMES,
  DEFAULT_SETTINGS,
  LIMITS,
  validateDrawing,
  validateRequest,
  validateSettings,
  validateWireRequest,
} from '../../../src/shared/contract';
import { MambaError } from '../../../src/shared/errors';
import { base64Bytes, jsonDepth } from '../../../src/shared/validate';
import { seededRng } from '../../../scripts/lib/seededRng';

/** The one property every rejection must have: a MambaError with a known code and a message. */
function rejection(fn: () => unknown): MambaError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MambaError);
    return e as MambaError;
  }
  throw new Error('expected a rejection');
}


function garbage(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 14);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() * 1e6 - 5e5;
    case 3: return [NaN, Infinity, -Infinity, -0, 1e308, Number.MAX_SAFE_INTEGER + 2][Math.floor(r() * 6)];
    case 4: return r() < 0.5;
    case 5: return 'x'.repeat(Math.floor(r() * 40));
    case 6: return ['en', 'auto', 'letters', 'full', 'webcam', '', 'EN', 'es-ES', '__proto__'][Math.floor(r() * 9)];
    case 7: return depth > 4 ? 1 : Array.from({ length: Math.floor(r() * 4) }, () => garbage(r, depth + 1));
    case 8: return depth > 4 ? {} : Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [['text', 'drawing', 'strokes', 'to', 'from', 'imageBase64', 'pcmBase64', 'query', 'limit', 'x'][Math.floor(r() * 10)] + (i > 2 ? i : ''), garbage(r, depth + 1)]));
    case 9: return JSON.parse('{"__proto__": {"polluted": true}, "text": "hi"}');
    case 10: return { constructor: { prototype: { polluted: true } } };
    case 11: return new Date();
    case 12: return { strokes: [[[0, 0]]], extra: { deep: { deeper: [1] } } };
    default: return Symbol('s');
  }
}

describe('contract validators', () => {
  test('accepts well-formed requests and returns clean copies', () => {
    const drawing = { strokes: [[[0, 0], [1, 2, 16], [3, 4, 32, 0.5]]] };
    const v = validateRequest('handwriting.recognize', { drawing, model: 'letters' });
    expect(v).toEqual({ drawing, model: 'letters' });
    expect(v.drawing).not.toBe(drawing);
    expect(validateRequest('translate.text', { text: 'hello', from: 'auto', to: 'es' })).toEqual({ text: 'hello', from: 'auto', to: 'es' });
    expect(validateRequest('settings.get', undefined)).toEqual({});
    expect(validateRequest('log.list', { limit: 10, query: 'x', before: 'abc-1' })).toEqual({ limit: 10, query: 'x', before: 'abc-1' });
    expect(validateRequest('handwriting.correct', { recognitionId: 'r1', wordIndex: 0, charIndex: 2, correctChar: 'ñ' })).toMatchObject({ correctChar: 'ñ' });
    expect(validateRequest('handwriting.correct', { drawing, box: [0, 0, 4, 4], correctChar: 'a' })).toMatchObject({ box: [0, 0, 4, 4] });
    // A data: URL is accepted and its prefix stripped.
    expect(validateRequest('ocr.readThis', { imageBase64: 'data:image/png;base64,iVBORw0KGgo=' }).imageBase64).toBe('iVBORw0KGgo=');
    expect(validateSettings(DEFAULT_SETTINGS, 'settings')).toEqual(DEFAULT_SETTINGS);
  });

  test('wrong types, missing and extra fields name the path', () => {
    expect(rejection(() => validateRequest('translate.text', { text: 5, from: 'en', to: 'es' })).message).toMatch(/payload\.text must be a string/);
    expect(rejection(() => validateRequest('translate.text', { text: 'a', from: 'en' })).message).toMatch(/payload\.to is required/);
    expect(rejection(() => validateRequest('translate.text', { text: 'a', from: 'en', to: 'es', x: 1 })).message).toMatch(/payload\.x is not a known field/);
    expect(rejection(() => validateRequest('translate.text', { text: 'a', from: 'English', to: 'es' })).message).toMatch(/ISO 639-1/);
    expect(rejection(() => validateRequest('translate.text', { text: '', from: 'en', to: 'es' })).message).toMatch(/must not be empty/);
    expect(rejection(() => validateRequest('log.list', { limit: 0 })).code).toBe('BAD_INPUT');
    expect(rejection(() => validateRequest('log.list', { limit: 2.5 })).message).toMatch(/integer/);
    expect(rejection(() => validateRequest('handwriting.recognize', { drawing: { strokes: [[[0, NaN]]] } })).message).toMatch(/strokes\[0\]\[0\]\[1\] must be a finite number/);
    expect(rejection(() => validateRequest('handwriting.recognize', { drawing: { strokes: [[[0, 0, 1, 2]]] } })).message).toMatch(/<= 1/);
    expect(rejection(() => validateRequest('handwriting.correct', { recognitionId: 'r', wordIndex: 0, charIndex: 0, correctChar: 'ab' })).code).toBe('BAD_INPUT');
    expect(rejection(() => validateRequest('settings.set', { theme: 'pink' })).message).toMatch(/'system', 'light', 'dark'/);
    expect(rejection(() => validateRequest('settings.set', { voice: { rate: 9000 } })).message).toMatch(/payload\.voice\.rate must be <= 400/);
    expect(rejection(() => validateRequest('settings.set', { shortcut: 'Ctrl+Shift+<script>' })).code).toBe('BAD_INPUT');
    expect(rejection(() => validateRequest('settings.get', { a: 1 })).code).toBe('BAD_INPUT');
    expect(rejection(() => validateRequest('settings.get', [])).code).toBe('BAD_INPUT');
    expect(rejection(() => validateRequest('no.such', {})).code).toBe('UNKNOWN_CHANNEL');
    expect(rejection(() => validateRequest('__proto__', {})).code).toBe('UNKNOWN_CHANNEL');
    expect(rejection(() => validateRequest('toString', {})).code).toBe('UNKNOWN_CHANNEL');
  });

  test('sizes are bounded: points, image and audio bytes, text lengths', () => {
    const stroke = Array.from({ length: 10_001 }, (_, i) => [i, i]);
    const e1 = rejection(() => validateDrawing({ strokes: [stroke, stroke] }, 'drawing'));
    expect(e1.code).toBe('TOO_LARGE');
    expect(e1.message).toMatch(/20000 points/);
    expect(validateDrawing({ strokes: [stroke.slice(0, 10_000), stroke.slice(0, 10_000)] }, 'd').strokes).toHaveLength(2);
    expect(rejection(() => validateDrawing({ strokes: Array(LIMITS.drawingStrokes + 1).fill([]) }, 'd')).code).toBe('TOO_LARGE');
    expect(rejection(() => validateRequest('ocr.readThis', { imageBase64: 'A'.repeat(LIMITS.imageBase64Chars + 4) })).code).toBe('TOO_LARGE');
    expect(rejection(() => validateRequest('voice.audio', { pcmBase64: 'A'.repeat(LIMITS.audioChunkBase64Chars + 4) })).code).toBe('TOO_LARGE');
    expect(rejection(() => validateRequest('translate.text', { text: 'a'.repeat(LIMITS.translateChars + 1), from: 'en', to: 'es' })).code).toBe('TOO_LARGE');
    expect(rejection(() => validateRequest('ocr.readThis', { imageBase64: 'not base64!' })).message).toMatch(/not valid base64/);
    expect(rejection(() => validateRequest('ocr.readThis', { imageBase64: 'data:text/html;base64,AAAA' })).message).toMatch(/unsupported type/);
    expect(base64Bytes('AAAA')).toBe(3);
    expect(base64Bytes('AA==')).toBe(1);
  });

  test('prototype-polluting keys are rejected and never reach Object.prototype', () => {
    const polluted = JSON.parse('{"text":"a","from":"en","to":"es","__proto__":{"polluted":1}}');
    expect(rejection(() => validateRequest('translate.text', polluted)).message).toMatch(/__proto__ is not allowed/);
    expect(rejection(() => validateRequest('settings.set', JSON.parse('{"voice":{"constructor":{"prototype":{"x":1}}}}'))).message).toMatch(/constructor is not allowed/);
    expect(rejection(() => validateRequest('settings.set', Object.create({ theme: 'dark' }))).message).toMatch(/plain object/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('fuzz: 3,000 random payloads on every channel give a clean error or a valid copy, never a crash', () => {
    const r = seededRng(42); // deterministic, so a failure reproduces
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const channel = CHANNEL_NAMES[i % CHANNEL_NAMES.length];
      const payload = garbage(r);
      let out: unknown;
      try {
        out = validateRequest(channel, payload);
      } catch (e) {
        expect(e).toBeInstanceOf(MambaError);
        expect(['BAD_INPUT', 'TOO_LARGE']).toContain((e as MambaError).code);
        expect((e as MambaError).message.length).toBeGreaterThan(10);
        continue;
      }
      accepted++;
      // What passes is plain JSON data and passes again (idempotent).
      expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      expect(validateRequest(channel, out)).toEqual(out);
    }
    // Empty requests accept null/undefined/{}; everything else garbage should rarely pass.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(1500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('wire envelope and nesting depth', () => {
    expect(validateWireRequest({ id: 1, channel: 'x', payload: null }, 'r')).toEqual({ id: 1, channel: 'x', payload: null });
    expect(rejection(() => validateWireRequest({ id: -1, channel: 'x' }, 'r')).code).toBe('BAD_INPUT');
    expect(rejection(() => validateWireRequest({ id: 1, channel: 'x', extra: 1 }, 'r')).code).toBe('BAD_INPUT');
    expect(rejection(() => validateWireRequest('hi', 'r')).code).toBe('BAD_INPUT');
    expect(jsonDepth('{"a":[[{"b":"[[[["}]]]}')).toBe(4);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    const drawingFrame = JSON.stringify({ id: 1, channel: 'handwriting.recognize', payload: { drawing: { strokes: [[[0, 0]]] } } });
    expect(jsonDepth(drawingFrame)).toBeLessThanOrEqual(LIMITS.frameDepth);
  });

  test('every channel has a documented, callable validator', () => {
    for (const name of CHANNEL_NAMES) {
      expect(typeof CHANNELS[name].request).toBe('function');
      expect(CHANNELS[name].doc.length).toBeGreaterThan(5);
    }
  });
});
