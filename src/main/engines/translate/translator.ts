/**
 * The translator: installed Apertium pairs, direct or through Spanish, one warm pipeline per mode,
 * and 'auto' source detection among the languages that can reach the target.
 */
import { MambaError } from '../../../shared/errors';
import type { LanguageCode, ProgressFn, Translation } from '../../../shared/types';
import { translateCold } from './coldApertium';
import { identifyLanguage } from './dictionaryCheck';
import { debianPackageFor, languageName, normaliseLanguage } from '../../platform/languages';
import { ApertiumMode, discoverModes } from './modes';
import { WarmApertium } from './warmApertium';

/** Apertium is rule-based: grammatical but literal. The UI and CLI show this next to results. */
export const QUALITY_NOTE =
  'Offline rule-based translation (Apertium): expect literal wording; pairs through Spanish are rougher.';

/** Pairs without a direct Debian package go through this language (most Apertium pairs touch Spanish). */
const PIVOT: LanguageCode = 'es';
/** Longest text one request takes (about 30 pages); longer text should be split by the caller. */
export const MAX_TEXT_CHARS = 100_000;

export interface TranslationPair {
  from: LanguageCode;
  to: LanguageCode;
  quality: 'literal' | 'pivot';
  via?: LanguageCode;
}

export interface TranslationResult extends Translation {
  /** How 'auto' decided (absent when the caller named the language). */
  detected?: { lang: LanguageCode; confidence: number };
  /** 'warm': the long-running pipeline; 'cold': a one-shot `apertium` call (fallback or on request). */
  engine: 'warm' | 'cold' | 'none';
}

export interface Translator {
  listPairs(): TranslationPair[];
  translate(text: string, from: LanguageCode | 'auto', to: LanguageCode, o?: { cold?: boolean }): Promise<TranslationResult>;
  close(): Promise<void>;
}

export interface TranslatorOptions {
  onProgress?: ProgressFn;
  /** Folders holding Apertium's modes/ (default: Debian's, /usr/local, Homebrew, $APERTIUM_DATADIR). */
  dataDirs?: string[];
  /** Per-request limit for a warm pipeline (ms, plus a little per character). */
  timeoutMs?: number;
}

interface Route {
  steps: ApertiumMode[];
  quality: 'literal' | 'pivot';
  via?: LanguageCode;
}

/** Control characters other than tab/newline mean nothing in text, and '\0' is the pipeline's delimiter. */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

export async function createTranslator(opts: TranslatorOptions = {}): Promise<Translator> {
  const modes = discoverModes(opts.dataDirs);
  const pipelines = new Map<string, WarmApertium>();
  const progress = (detail: string) => opts.onProgress?.({ step: 'translate', detail });
  if (modes.length === 0) progress('no Apertium language pairs found; translation is unavailable');
  let closed = false;

  const modeFor = (from: LanguageCode, to: LanguageCode) => modes.find((m) => m.from === from && m.to === to);

  function routeFor(from: LanguageCode, to: LanguageCode): Route | undefined {
    const direct = modeFor(from, to);
    if (direct) return { steps: [direct], quality: 'literal' };
    const a = modeFor(from, PIVOT);
    const b = modeFor(PIVOT, to);
    return a && b ? { steps: [a, b], quality: 'pivot', via: PIVOT } : undefined;
  }

  const languages = () => [...new Set(modes.flatMap((m) => [m.from, m.to]))];

  function listPairs(): TranslationPair[] {
    const pairs: TranslationPair[] = [];
    for (const from of languages()) {
      for (const to of languages()) {
        if (from === to) continue;
        const r = routeFor(from, to);
        if (r) pairs.push({ from, to, quality: r.quality, ...(r.via ? { via: r.via } : {}) });
      }
    }
    return pairs;
  }

  function missingPair(from: LanguageCode, to: LanguageCode): MambaError {
    const what = `No ${languageName(from)} -> ${languageName(to)} translation is installed`;
    if (modes.length === 0) {
      return new MambaError('LANGUAGE_PAIR_MISSING', 'No offline translation (Apertium) is installed',
        `sudo apt install apertium ${debianPackageFor(from, to) ?? 'apertium-eng-spa'}`);
    }
    const direct = debianPackageFor(from, to);
    if (direct) return new MambaError('LANGUAGE_PAIR_MISSING', what, `sudo apt install ${direct}`);
    // No direct package in Debian: name what would complete the route through Spanish.
    const legs: [LanguageCode, LanguageCode][] = [[from, PIVOT], [PIVOT, to]];
    const needed = legs.filter(([a, b]) => a !== b && !modeFor(a, b)).map(([a, b]) => debianPackageFor(a, b));
    if (needed.every((p): p is string => !!p) && from !== PIVOT && to !== PIVOT) {
      return new MambaError('LANGUAGE_PAIR_MISSING',
        `${what}; Debian has no direct pair, Mamba can go through Spanish (lower quality)`,
        `sudo apt install ${needed.join(' ')}`);
    }
    return new MambaError('LANGUAGE_PAIR_MISSING',
      `Debian has no offline translation between ${languageName(from)} and ${languageName(to)}`,
      `translate between installed languages: ${languages().join(', ')}`);
  }

  function pipeline(mode: ApertiumMode): WarmApertium {
    let p = pipelines.get(mode.name);
    if (!p) {
      p = new WarmApertium(mode, { timeoutMs: opts.timeoutMs, onEvent: progress });
      pipelines.set(mode.name, p);
    }
    return p;
  }

  async function step(mode: ApertiumMode, text: string, cold: boolean): Promise<{ text: string; engine: 'warm' | 'cold' }> {
    if (cold) return { text: await translateCold(mode, text), engine: 'cold' };
    try {
      return { text: await pipeline(mode).translate(text), engine: 'warm' };
    } catch (e) {
      const code = e instanceof MambaError ? e.code : 'INTERNAL';
      if (code === 'CANCELLED' || code === 'TIMEOUT') throw e;
      progress(`warm ${mode.name} pipeline failed (${(e as Error).message}); using one-shot apertium`);
      try {
        return { text: await translateCold(mode, text), engine: 'cold' };
      } catch {
        throw e; // the warm pipeline's reason is the more telling one
      }
    }
  }

  async function translate(text: string, from: LanguageCode | 'auto', to: LanguageCode, o: { cold?: boolean } = {}): Promise<TranslationResult> {
    const t0 = performance.now();
    if (closed) throw new MambaError('CANCELLED', 'translator closed');
    if (typeof text !== 'string') throw new MambaError('BAD_INPUT', 'text to translate must be a string');
    const clean = cleanText(text);
    if (!clean.trim()) throw new MambaError('EMPTY_INPUT', 'there is no text to translate', 'give some text');
    if (clean.length > MAX_TEXT_CHARS) {
      throw new MambaError('TOO_LARGE', `text is ${clean.length} characters; the limit is ${MAX_TEXT_CHARS}`,
        'translate it in parts');
    }
    const target = normaliseLanguage(to);
    let source: LanguageCode;
    let detected: TranslationResult['detected'];
    if (from === 'auto') {
      const candidates = [target, ...languages().filter((l) => l !== target && routeFor(l, target))];
      if (candidates.length === 1) throw missingPair(debianPackageFor('en', target) ? 'en' : 'es', target);
      detected = await identifyLanguage(clean, { candidates, modes });
      source = detected.lang;
    } else {
      source = normaliseLanguage(from);
    }
    const done = (out: string, engine: TranslationResult['engine'], route?: Route): TranslationResult => ({
      text: out,
      from: source,
      to: target,
      quality: route?.quality ?? 'literal',
      ...(route?.via ? { via: route.via } : {}),
      ms: Math.round((performance.now() - t0) * 10) / 10,
      ...(detected ? { detected } : {}),
      engine,
    });
    if (source === target) return done(clean, 'none');
    const route = routeFor(source, target);
    if (!route) throw missingPair(source, target);
    let current = clean;
    let engine: 'warm' | 'cold' = 'warm';
    for (const mode of route.steps) {
      const r = await step(mode, current, !!o.cold);
      current = r.text;
      if (r.engine === 'cold') engine = 'cold';
    }
    return done(current, engine, route);
  }

  return {
    listPairs,
    translate,
    async close() {
      closed = true;
      await Promise.all([...pipelines.values()].map((p) => p.close()));
      pipelines.clear();
    },
  };
}
