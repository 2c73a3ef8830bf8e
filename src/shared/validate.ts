/**
 * Small strict validators for IPC payloads. Each one takes an untrusted value and either
 * returns a fresh, clean copy of the expected shape or throws MambaError (BAD_INPUT / TOO_LARGE)
 * naming the offending path. Fresh copies mean nothing the sender smuggled in (extra keys,
 * prototypes, getters) ever reaches an engine. Browser-safe: no Node imports.
 */
import { MambaError } from './errors';

export type Validator<T> = (value: unknown, path: string) => T;

/** Keys that could pollute prototypes if copied naively; rejected everywhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function bad(path: string, what: string): MambaError {
  return new MambaError(
    'BAD_INPUT',
    `Invalid request: ${path} ${what}.`,
    'Send the payload described for this channel in docs/app.md.',
  );
}

export function tooLarge(path: string, what: string): MambaError {
  return new MambaError('TOO_LARGE', `Request too large: ${path} ${what}.`, 'Send less data at once.');
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return String(v); // NaN, Infinity
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** "15.0 MB (max 15.0 MB)" hides why it failed: show exact counts when the rounded ones look equal. */
export function overLimit(n: number, max: number, unit: string): string {
  const mb = (x: number): string => (x / 1048576).toFixed(1);
  return mb(n) !== mb(max) ? `is ${mb(n)} MB of ${unit} (max ${mb(max)} MB)` : `is ${n.toLocaleString('en-US')} characters of ${unit}, over the limit of ${max.toLocaleString('en-US')}`;
}

export interface StringRule {
  min?: number;
  max: number;
  pattern?: RegExp;
  /** Sentence fragment describing the pattern, for the error. */
  patternHint?: string;
}

export function str(rule: StringRule): Validator<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw bad(path, `must be a string, got ${typeName(v)}`);
    if (v.length > rule.max) {
      // A long value for a short field (a code, an id) is a wrong value, not a big one.
      if (rule.pattern && rule.patternHint) throw bad(path, rule.patternHint);
      if (rule.max <= 256) throw bad(path, `must have at most ${rule.max} characters`);
      throw tooLarge(path, `has ${v.length} characters (max ${rule.max})`);
    }
    if (rule.min !== undefined && v.length < rule.min)
      throw bad(path, rule.min === 1 ? 'must not be empty' : `must have at least ${rule.min} characters`);
    if (rule.pattern && !rule.pattern.test(v)) throw bad(path, rule.patternHint ?? `does not match ${rule.pattern}`);
    return v;
  };
}

export interface NumberRule {
  min?: number;
  max?: number;
  int?: boolean;
}

export function num(rule: NumberRule = {}): Validator<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(path, `must be a finite number, got ${typeName(v)}`);
    if (rule.int && !Number.isInteger(v)) throw bad(path, 'must be an integer');
    if (rule.min !== undefined && v < rule.min) throw bad(path, `must be >= ${rule.min}`);
    if (rule.max !== undefined && v > rule.max) throw bad(path, `must be <= ${rule.max}`);
    return v;
  };
}

export const bool: Validator<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw bad(path, `must be true or false, got ${typeName(v)}`);
  return v;
};

export function oneOf<T extends string>(values: readonly T[]): Validator<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      throw bad(path, `must be one of ${values.map((x) => `'${x}'`).join(', ')}`);
    return v as T;
  };
}

export function arr<T>(item: Validator<T>, rule: { min?: number; max: number }): Validator<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw bad(path, `must be an array, got ${typeName(v)}`);
    if (v.length > rule.max) throw tooLarge(path, `has ${v.length} items (max ${rule.max})`);
    if (rule.min !== undefined && v.length < rule.min) throw bad(path, `must have at least ${rule.min} item(s)`);
    const out: T[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${path}[${i}]`);
    return out;
  };
}

/** A plain JSON object (not an array, not null, not a class instance). */
export function plainObject(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(path, `must be an object, got ${typeName(v)}`);
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw bad(path, 'must be a plain object');
  return v as Record<string, unknown>;
}

type Shape = Record<string, Validator<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };
type Optionalize<R extends Shape, O extends Shape> = Out<R> & Partial<Out<O>>;

/**
 * A strict object: required and optional keys, nothing else. Unknown or
 * prototype-polluting keys are rejected (not silently dropped) so a mistaken client
 * learns about it. `undefined` optional values are treated as absent.
 */
export function obj<R extends Shape, O extends Shape = Record<never, Validator<unknown>>>(
  required: R,
  optional?: O,
): Validator<Optionalize<R, O>> {
  const opt: Shape = optional ?? {};
  return (v, path) => {
    const src = plainObject(v, path);
    for (const key of Object.keys(src)) {
      if (FORBIDDEN_KEYS.has(key)) throw bad(`${path}.${key}`, 'is not allowed');
      if (!(Object.prototype.hasOwnProperty.call(required, key) || Object.prototype.hasOwnProperty.call(opt, key)))
        throw bad(`${path}.${key}`, 'is not a known field');
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(required)) {
      if (!Object.prototype.hasOwnProperty.call(src, key) || src[key] === undefined)
        throw bad(`${path}.${key}`, 'is required');
      out[key] = required[key](src[key], `${path}.${key}`);
    }
    for (const key of Object.keys(opt)) {
      if (Object.prototype.hasOwnProperty.call(src, key) && src[key] !== undefined)
        out[key] = opt[key](src[key], `${path}.${key}`);
    }
    return out as Optionalize<R, O>;
  };
}

/** An empty request (`{}`); `undefined`/`null` are accepted too so `invoke('x')` works. */
export const empty: Validator<Record<string, never>> = (v, path) => {
  if (v === undefined || v === null) return {};
  obj({})(v, path);
  return {};
};

/** Try validators in order; the first that accepts wins. Errors from the last are reported. */
export function either<A, B>(a: Validator<A>, b: Validator<B>, hint: string): Validator<A | B> {
  return (v, path) => {
    try {
      return a(v, path);
    } catch (ea) {
      try {
        return b(v, path);
      } catch (eb) {
        // Size errors are the most useful to report as-is.
        if (eb instanceof MambaError && eb.code === 'TOO_LARGE') throw eb;
        if (ea instanceof MambaError && ea.code === 'TOO_LARGE') throw ea;
        throw bad(path, `must be ${hint} (${eb instanceof Error ? eb.message : String(eb)})`);
      }
    }
  };
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL_RE = /^data:([a-z]+\/[a-z0-9.+-]+);base64,/;

/**
 * Base64 bytes (standard alphabet, padded or not), optionally as a data: URL whose prefix
 * is stripped. `maxChars` bounds the encoded length before any decoding happens.
 */
export function base64(rule: { maxChars: number; min?: number; mime?: RegExp }): Validator<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw bad(path, `must be a base64 string, got ${typeName(v)}`);
    let s = v;
    const m = DATA_URL_RE.exec(s.slice(0, 100));
    if (m) {
      if (rule.mime && !rule.mime.test(m[1])) throw bad(path, `has unsupported type ${m[1]}`);
      s = s.slice(m[0].length);
    }
    if (s.length > rule.maxChars)
      throw tooLarge(path, overLimit(s.length, rule.maxChars, 'base64'));
    if (s.length < (rule.min ?? 1)) throw bad(path, 'must not be empty');
    if (s.length % 4 === 1 || !BASE64_RE.test(s)) throw bad(path, 'is not valid base64');
    return s;
  };
}

/** Bytes a base64 string decodes to (without decoding it). */
export function base64Bytes(s: string): number {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

/**
 * Depth of JSON nesting in a raw text, counted without parsing (brackets outside strings).
 * Lets a transport refuse absurdly nested frames before JSON.parse spends time on them.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
