/**
 * Language identification for 'auto' (translation source, TTS voice) with the `eld` n-gram detector.
 * eld is ESM-only and exports no `require` entry, so its static 'extrasmall' entry is required by file
 * path: Node >= 20.19 and Electron load ES modules through require(), synchronously, and the smallest
 * table loads fastest (~0.3 s once per process) with the same accuracy on our sentence set (see
 * scripts/bench/translate.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MambaError } from '../../shared/errors';
import type { LanguageCode } from '../../shared/types';

export interface DetectedLanguage {
  /** ISO 639-1, or 'und' when nothing could be told (no letters). */
  lang: LanguageCode;
  /** 0..1: >= 0.6 a reliable call; under 0.5 unreliable (very short text, near tie); 0 a plain guess. */
  confidence: number;
}

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}
interface Eld {
  detect(text: string): EldResult;
}

const ELD_ENTRY = path.join('eld', 'src', 'entries', 'static.extrasmall.js');
let eld: Eld | undefined; // immutable n-gram tables: loaded once per process, shared by every caller

function isEld(x: unknown): x is Eld {
  return typeof x === 'object' && x !== null && typeof (x as { detect?: unknown }).detect === 'function';
}

function loadEld(): Eld {
  if (eld) return eld;
  const dirs = require.resolve.paths('eld') ?? [];
  const entry = dirs.map((d) => path.join(d, ELD_ENTRY)).find((f) => fs.existsSync(f));
  if (!entry) {
    throw new MambaError('ENGINE_UNAVAILABLE', 'the language detector (npm package eld) is not installed',
      'run `npm install` in the Mamba folder');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: unknown = require(entry);
  const candidate = (mod as { eld?: unknown; default?: unknown }).eld ?? (mod as { default?: unknown }).default;
  if (!isEld(candidate)) {
    throw new MambaError('ENGINE_UNAVAILABLE', `the language detector at ${entry} has an unexpected API`,
      'reinstall npm dependencies (`npm ci`)');
  }
  eld = candidate;
  return eld;
}

/** Letters that settle Spanish on their own when the text is too short for n-grams. */
const SPANISH_MARKS = /[ñ¿¡]/i;

/**
 * Which language `text` is in. With `candidates`, only those are considered (e.g. the source
 * languages of installed translation pairs), which keeps short phrases from landing on a language
 * Mamba cannot use anyway.
 */
export function detectLanguage(text: string, o: { candidates?: LanguageCode[] } = {}): DetectedLanguage {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const allowed = o.candidates?.length ? new Set(o.candidates) : undefined;
  const fallback = (): DetectedLanguage => {
    const pool = o.candidates?.length ? o.candidates : ['en', 'es'];
    if (SPANISH_MARKS.test(text) && pool.includes('es')) return { lang: 'es', confidence: 0.3 };
    return { lang: letters === 0 && !o.candidates?.length ? 'und' : pool.includes('en') ? 'en' : pool[0], confidence: 0 };
  };
  if (letters === 0) return fallback();
  const result = loadEld().detect(text);
  const scores = Object.entries(result.getScores())
    .filter(([lang, s]) => s > 0 && (!allowed || allowed.has(lang)))
    .sort((a, b) => b[1] - a[1]);
  if (!scores.length) return fallback();
  const [top, second] = [scores[0][1], scores[1]?.[1] ?? 0];
  // eld's scores sit close together (0.6-0.85), so the confidence is built from the relative gap to
  // the runner-up: >= 0.6 for what eld calls reliable, < 0.5 for what it does not (single words,
  // near ties).
  const gap = (top - second) / top;
  const reliable = result.isReliable() && (!allowed || result.language === scores[0][0]);
  const lang = scores[0][0];
  if (!reliable && SPANISH_MARKS.test(text) && (!allowed || allowed.has('es'))) return { lang: 'es', confidence: 0.3 };
  const confidence = reliable ? Math.min(1, 0.6 + 2 * gap) : Math.min(0.49, 0.25 + gap);
  return { lang, confidence: Math.round(confidence * 1000) / 1000 };
}
