/**
 * Which language's dictionary knows the words: the tie-breaker for 'auto' on text too short for
 * n-gram statistics ("hola", "casa"). Runs the pair's morphological analyser (the mode's first
 * stage, `lt-proc <automorf.bin>`) once and counts words it does not mark unknown ('*').
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import type { ApertiumMode } from './modes';
import { parseModePipeline } from './modes';
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
