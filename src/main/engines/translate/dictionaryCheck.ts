/**
 * Which language's dictionary knows the words: the tie-breaker for 'auto' on text too short for
 * n-gram statistics ("hola", "casa"). Runs the pair's morphological analyser (the mode's first
 * stage, `lt-proc <automorf.bin>`) once and counts words it does not mark unknown ('*').
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import type { LanguageCode } from '../../../shared/types';
import { DetectedLanguage, detectLanguage } from '../../platform/languageId';
import type { ApertiumMode } from './modes';
import { discoverModes, parseModePipeline } from './modes';
import { deformatText } from './streamFormat';
import { utf8Env } from './warmApertium';

export interface WordCoverage {
  known: number;
  total: number;
}

export async function dictionaryCoverage(mode: ApertiumMode, text: string): Promise<WordCoverage> {
  const [analyser] = parseModePipeline(await fs.promises.readFile(mode.file, 'utf8'), mode.file);
  const stream = await new Promise<string>((resolve, reject) => {
    const child = execFile(analyser[0], analyser.slice(1), { encoding: 'utf8', timeout: 10000, env: utf8Env() },
      (err, stdout) => (err ? reject(err) : resolve(stdout)));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(deformatText(text));
  });
  let known = 0;
  let total = 0;
  // Lexical units look like ^surface/analysis1/analysis2$; an unknown one is ^surface/*surface$.
  for (const m of stream.matchAll(/\^((?:\\.|[^$\\])*)\$/g)) {
    const [surface, first = ''] = m[1].split('/');
    if (!/\p{L}/u.test(surface)) continue;
    total++;
    if (!first.startsWith('*')) known++;
  }
  return { known, total };
}

/** Detections below this confidence on texts of up to SHORT_TEXT_WORDS words ask the dictionaries. */
const RELIABLE = 0.6;
const SHORT_TEXT_WORDS = 4;

/**
 * eld on the text; for a few words it cannot call reliably, the Apertium analysers of the candidate
 * languages vote: the language whose dictionary knows more of the words wins ("hola" -> es).
 */
export async function identifyLanguage(text: string,
  o: { candidates: LanguageCode[]; modes?: ApertiumMode[] }): Promise<DetectedLanguage> {
  const byEld = detectLanguage(text, { candidates: o.candidates });
  if (byEld.confidence >= RELIABLE || text.trim().split(/\s+/).length > SHORT_TEXT_WORDS) return byEld;
  const modes = o.modes ?? discoverModes();
  const votes = await Promise.all(o.candidates.map(async (lang) => {
    const analyser = modes.find((m) => m.from === lang);
    const cover = analyser ? await dictionaryCoverage(analyser, text).catch(() => undefined) : undefined;
    return { lang, known: cover?.known ?? -1, total: cover?.total ?? 0 };
  }));
  const best = votes.reduce((a, b) => (b.known > a.known ? b : a));
  const eldVote = votes.find((v) => v.lang === byEld.lang);
  if (best.total > 0 && best.known > (eldVote?.known ?? -1)) {
    return { lang: best.lang, confidence: Math.round((0.3 + (0.3 * best.known) / best.total) * 1000) / 1000 };
  }
  return byEld;
}
