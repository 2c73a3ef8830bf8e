/**
 * The translator's parts: the stream formatter, mode-file parsing (on the real installed modes),
 * and language identification with the real eld tables.
 */
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { MambaError } from '../../../../../src/shared/errors';
import { deformatText, reformatText } from '../../../../../src/main/engines/translate/streamFormat';
import { discoverModes, parseModePipeline } from '../../../../../src/main/engines/translate/modes';
import { nullFlushStages } from '../../../../../src/main/engines/translate/modes';
import { detectLanguage } from '../../../../../src/main/engines/translate';

describe('stream format', () => {
  const samples = [
    'plain words',
    'Hello [world] ^x$ {a} \\ back / slash @ at <tag> ~tilde',
    'line one\nline two\r\n\r\npara\tafter tab',
    '  leading and trailing  \n',
    'ünï 日本語 😀 ñ ¿qué? ¡sí!',
    'a.[]b', // looks like the added sentence end, but is the user's
    '',
  ];

  test.each(samples)('round trip keeps %j exactly', (s) => {
    expect(reformatText(deformatText(s))).toBe(s);
  });

  test('reserved characters are escaped so they cannot open stream markup', () => {
    const d = deformatText('^a$ [b] {c} <d> @e /f \\g');
    // Every reserved character is preceded by a backslash.
    expect(d.replace(/\\./g, '')).not.toMatch(/[\^$<>{}@/\\]/);
    expect(d.replace(/\\./g, '').replace(/\.\[\]$/, '')).not.toMatch(/[[\]]/);
  });

  test('paragraph breaks and the end get a sentence end, like apertium-destxt', () => {
    const real = execFileSync('apertium-destxt', [], { input: 'one\n\ntwo' }).toString();
    expect(deformatText('one\n\ntwo')).toBe(real);
  });
});

describe('mode files', () => {
  const modes = discoverModes();

  test('finds the installed pairs by ISO 639-1 code, one mode per direction', () => {
    const names = modes.map((m) => `${m.from}-${m.to}`);
    expect(names).toEqual(expect.arrayContaining(['en-es', 'es-en']));
    expect(new Set(names).size).toBe(names.length);
    expect(modes.find((m) => m.name.includes('_') || m.name.startsWith('eco'))).toBeUndefined();
  });

  test('each real mode parses into null-flush stages of plain argument arrays', () => {
    for (const m of modes) {
      const stages = nullFlushStages(m);
      expect(stages[0].cmd).toBe('lt-proc');
      expect(stages.length).toBeGreaterThan(5);
      for (const s of stages) {
        expect(s.args.some((a) => a.includes('$') || a.includes('|'))).toBe(false);
        if (s.cmd === 'lt-proc' || s.cmd.startsWith('apertium-t')) expect(s.args).toContain('-z');
      }
      // `apertium -u`: the generator gets -n (no '*' marks on unknown words).
      expect(stages.some((s) => s.cmd === 'lt-proc' && s.args.includes('-n'))).toBe(true);
      // Every file a stage names exists.
      for (const s of stages) for (const a of s.args) if (a.startsWith('/')) expect(fs.existsSync(a)).toBe(true);
    }
  });

  test.each([
    ["lt-proc 'a.bin' ; rm -rf ~", ';'],
    ['lt-proc $(touch /tmp/x) a.bin', '$'],
    ['lt-proc `id` a.bin', '`'],
    ['lt-proc a.bin > /tmp/out', '>'],
    ['lt-proc a.bin | | cat', 'empty stage'],
  ])('refuses shell syntax: %s', (text, what) => {
    let err: unknown;
    try {
      parseModePipeline(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MambaError);
    expect((err as MambaError).code).toBe('MODEL_CORRUPT');
    expect((err as MambaError).message).toContain(what);
  });

  test('quotes, escapes and placeholders', () => {
    expect(parseModePipeline(`lt-proc $1 'a b.bin' | tagger -g $2 "c\\"d" e\\ f`)).toEqual([
      ['lt-proc', '$1', 'a b.bin'],
      ['tagger', '-g', '$2', 'c"d', 'e f'],
    ]);
  });
});

describe('language id', () => {
  test.each([
    ['en', 'The weather is lovely today and we are going to the beach.'],
    ['es', 'El tiempo está precioso hoy y vamos a la playa.'],
    ['fr', "Il fait très beau aujourd'hui et nous allons à la plage."],
    ['pt', 'O tempo está ótimo hoje e nós vamos à praia.'],
    ['it', 'Oggi il tempo è bellissimo e andiamo al mare.'],
    ['de', 'Das Wetter ist heute herrlich und wir gehen an den Strand.'],
  ])('%s sentence', (lang, text) => {
    const d = detectLanguage(text);
    expect(d.lang).toBe(lang);
    expect(d.confidence).toBeGreaterThanOrEqual(0.6);
  });

  test('candidates restrict the answer', () => {
    const d = detectLanguage('O tempo está ótimo hoje e nós vamos à praia.', { candidates: ['en', 'es'] });
    expect(d.lang).toBe('es');
  });

  test('text without letters is undetermined, with no confidence', () => {
    expect(detectLanguage('12 + 34 = 46 !!')).toEqual({ lang: 'und', confidence: 0 });
  });

  test('single words are flagged unreliable', () => {
    expect(detectLanguage('house').confidence).toBeLessThan(0.5);
  });
});
