/**
 * Finds installed Apertium modes (/usr/share/apertium/modes/*.mode) and turns a mode file into the
 * argument arrays of its stages, so each stage can be spawned directly: no shell ever runs text or
 * mode contents.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MambaError } from '../../../shared/errors';
import type { LanguageCode } from '../../../shared/types';
import { appLanguageCode } from '../../platform/languages';

export interface ApertiumMode {
  /** Mode name as Apertium knows it, e.g. 'eng-spa'. */
  name: string;
  from: LanguageCode;
  to: LanguageCode;
  file: string;
  /** The folder that holds modes/ (what `apertium -d` takes). */
  dataDir: string;
}

/** Where Debian, source builds, Homebrew put the data; APERTIUM_DATADIR first, as `apertium` itself honours it. */
export function defaultDataDirs(): string[] {
  const dirs = ['/usr/share/apertium', '/usr/local/share/apertium', '/opt/homebrew/share/apertium'];
  const env = process.env.APERTIUM_DATADIR;
  return env ? [env, ...dirs] : dirs;
}

/**
 * The plain translation modes in the data dirs. Variants ('spa-eng_US'), debug/alternative modes
 * ('eco-fr-es', 'eng-spa-tagger') are left out: one mode per direction, the package's default.
 */
export function discoverModes(dataDirs: string[] = defaultDataDirs()): ApertiumMode[] {
  const found = new Map<string, ApertiumMode>();
  for (const dataDir of dataDirs) {
    const modesDir = path.join(dataDir, 'modes');
    let names: string[];
    try {
      names = fs.readdirSync(modesDir);
    } catch {
      continue; // not installed there
    }
    for (const f of names.sort()) {
      const m = /^([a-z]{2,3})-([a-z]{2,3})\.mode$/.exec(f);
      if (!m) continue;
      const from = appLanguageCode(m[1]);
      const to = appLanguageCode(m[2]);
      if (!from || !to || from === to) continue;
      const key = `${from}>${to}`;
      if (!found.has(key)) found.set(key, { name: f.slice(0, -5), from, to, file: path.join(modesDir, f), dataDir });
    }
  }
  return [...found.values()];
}

/** One stage of the pipeline: program and its arguments. */
export interface Stage {
  cmd: string;
  args: string[];
}

/**
 * The null-flush (-z) stages of a mode. `apertium-wblank-mode -z` is Apertium's own rewrite of a
 * mode for null-flush (it adds -z and the word-bound blank stages), so we use it when present and
 * add -z ourselves on older installs.
 * `markUnknown` false is `apertium -u`: the generator gets -n instead of -g.
 */
export function nullFlushStages(mode: ApertiumMode, o: { markUnknown?: boolean } = {}): Stage[] {
  let text: string;
  let hasZ = false;
  try {
    text = execFileSync('apertium-wblank-mode', ['-z', mode.file], { encoding: 'utf8', timeout: 10000 });
    hasZ = true;
  } catch {
    try {
      text = fs.readFileSync(mode.file, 'utf8');
    } catch (e) {
      throw new MambaError('MODEL_MISSING', `cannot read Apertium mode ${mode.file}: ${(e as Error).message}`,
        'reinstall the language pair package');
    }
  }
  const genOption = o.markUnknown ? '-g' : '-n';
  return parseModePipeline(text, mode.file).map((words) => {
    const args = words.slice(1).flatMap((w) => (w === '$1' ? [genOption] : w === '$2' ? [] : [w]));
    if (!hasZ && !args.includes('-z')) args.unshift('-z');
    return { cmd: words[0], args };
  });
}

/**
 * Split a mode file's one-line pipeline into stages of words. Accepts exactly what Apertium writes:
 * words, '...' and "..." quoting, backslash escapes, `|` and the $1/$2 placeholders. Anything else a
 * shell would act on (; & > < ` $( ) is refused rather than guessed at.
 */
export function parseModePipeline(text: string, file = 'mode'): string[][] {
  const stages: string[][] = [[]];
  let word: string | null = null;
  const push = () => {
    if (word !== null) stages[stages.length - 1].push(word);
    word = null;
  };
  const bad = (what: string) =>
    new MambaError('MODEL_CORRUPT', `Apertium mode ${file} has shell syntax Mamba does not run (${what})`,
      'reinstall the language pair package');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw bad('unclosed quote');
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) s += text[++j];
        else if (text[j] === '$' || text[j] === '`') throw bad(text[j]);
        else s += text[j];
      }
      if (j >= text.length) throw bad('unclosed quote');
      word = (word ?? '') + s;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else if (c === '|') {
      push();
      stages.push([]);
    } else if (/\s/.test(c)) {
      push();
    } else if (c === '$') {
      const m = /^\$[12]/.exec(text.slice(i));
      if (!m || word !== null) throw bad('$');
      word = m[0];
      i += 1;
    } else if (';&<>`(){}'.includes(c)) {
      throw bad(c);
    } else {
      word = (word ?? '') + c;
    }
  }
  push();
  if (stages.some((s) => s.length === 0)) throw bad('empty stage');
  return stages;
}
