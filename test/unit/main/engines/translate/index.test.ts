/**
 * The translator against the real Apertium from Debian (apertium, apertium-eng-spa, apertium-fr-es:
 * scripts/setup.sh installs them) and the real eld detector.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createTranslator,
  discoverModes,
  translateCold,
  Translator,
  WarmApertium,
} from '../../../../../src/main/engines/translate';
import { failure } from '../../../../fixtures/failure';

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});
afterAll(async () => {
  await t.close();
});


const mode = (name: string) => {
  const m = discoverModes().find((x) => x.name === name);
  if (!m) throw new Error(`Apertium mode ${name} is not installed (run scripts/setup.sh)`);
  return m;
};

describe('pairs', () => {
  test('lists the installed pairs, with pivots through Spanish marked', () => {
    const pairs = t.listPairs();
    expect(pairs).toContainEqual({ from: 'en', to: 'es', quality: 'literal' });
    expect(pairs).toContainEqual({ from: 'es', to: 'en', quality: 'literal' });
    expect(pairs).toContainEqual({ from: 'fr', to: 'en', quality: 'pivot', via: 'es' });
    expect(pairs.find((p) => p.from === 'en' && p.to === 'de')).toBeUndefined();
  });
});

describe('translate', () => {
  test('English -> Spanish', async () => {
    const r = await t.translate('The house is big. My brother works in a hospital.', 'en', 'es');
    expect(r.text).toMatch(/casa/i);
    expect(r.text).toMatch(/hermano/i);
    expect(r.text).not.toMatch(/house|brother/i);
    expect(r).toMatchObject({ from: 'en', to: 'es', quality: 'literal', engine: 'warm' });
    expect(r.via).toBeUndefined();
  });

  test('Spanish -> English', async () => {
    const r = await t.translate('El perro come una manzana en la casa.', 'es', 'en');
    expect(r.text).toMatch(/dog/i);
    expect(r.text).toMatch(/apple/i);
    expect(r.text).toMatch(/house/i);
    expect(r.text).not.toMatch(/perro|manzana|casa/i);
  });

  test("'auto' detects the source language (sentences and single words)", async () => {
    const es = await t.translate('La casa es grande y el perro duerme.', 'auto', 'en');
    expect(es.from).toBe('es');
    expect(es.detected?.confidence).toBeGreaterThanOrEqual(0.6);
    expect(es.text).toMatch(/house/i);
    const en = await t.translate('Where is the train station?', 'auto', 'es');
    expect(en.from).toBe('en');
    expect(en.text).toMatch(/tren/i);
    // Too short for n-grams: the dictionaries decide.
    const word = await t.translate('hola', 'auto', 'en');
    expect(word.from).toBe('es');
    expect(word.text.toLowerCase()).toContain('hello');
  });

  test('French -> English goes through Spanish and says so', async () => {
    const r = await t.translate('La maison est grande.', 'fr', 'en');
    expect(r).toMatchObject({ quality: 'pivot', via: 'es', from: 'fr', to: 'en' });
    expect(r.text).toMatch(/house/i);
    const auto = await t.translate('Je voudrais un café, s’il vous plaît.', 'auto', 'en');
    expect(auto.from).toBe('fr');
  });

  test('same language returns the text as is', async () => {
    const r = await t.translate('Hello there.', 'en', 'en');
    expect(r.text).toBe('Hello there.');
    expect(r.engine).toBe('none');
  });

  test('keeps layout, reserved stream characters and non-Latin text', async () => {
    const text = 'The house [big] ^x$ {a} \\ b / c @ d < e > ~ f\n  the dog 😀 日本\n\nThe cat.';
    const r = await t.translate(text, 'en', 'es');
    for (const kept of ['[', ']', '^x$', '{', '}', '\\', '/', '@', '<', '>', '~', '😀', '日本', '\n  ', '\n\n']) {
      expect(r.text).toContain(kept);
    }
    expect(r.text).toMatch(/casa/);
    expect(r.text).toMatch(/perro/);
    expect(r.text).toMatch(/gato/);
    // The warm path's in-process formatter agrees with apertium's own deformatter/reformatter.
    expect(r.text).toBe(await translateCold(mode('eng-spa'), text));
  });

  test('language codes are normalised; garbage is a usage error', async () => {
    expect((await t.translate('The house.', 'EN', 'es-MX')).text).toMatch(/casa/i);
    expect((await t.translate('The house.', 'eng', 'spa')).text).toMatch(/casa/i);
    expect((await failure(t.translate('x', 'en', 'not a lang'))).code).toBe('BAD_INPUT');
  });

  test('empty and oversized text are refused clearly', async () => {
    expect((await failure(t.translate('   \n', 'en', 'es'))).code).toBe('EMPTY_INPUT');
    expect((await failure(t.translate('a'.repeat(100_001), 'en', 'es'))).code).toBe('TOO_LARGE');
  });
});

describe('missing pairs name the Debian package', () => {
  test('a pair Debian has', async () => {
    const e = await failure(t.translate('The house.', 'en', 'ca'));
    expect(e.code).toBe('LANGUAGE_PAIR_MISSING');
    expect(e.message).toMatch(/English -> Catalan/);
    expect(e.fix).toBe('sudo apt install apertium-eng-cat');
  });

  test('a pair reachable through Spanish', async () => {
    const e = await failure(t.translate('The house.', 'en', 'pt'));
    expect(e.code).toBe('LANGUAGE_PAIR_MISSING');
    expect(e.message).toMatch(/through Spanish/);
    expect(e.fix).toBe('sudo apt install apertium-es-pt');
  });

  test('a language Debian has no pair for', async () => {
    const e = await failure(t.translate('The house.', 'en', 'de'));
    expect(e.code).toBe('LANGUAGE_PAIR_MISSING');
    expect(e.message).toMatch(/German/);
  });

  test('nothing installed', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-noapertium-'));
    const none = await createTranslator({ dataDirs: [empty] });
    try {
      expect(none.listPairs()).toEqual([]);
      const e = await failure(none.translate('The house.', 'en', 'es'));
      expect(e.code).toBe('LANGUAGE_PAIR_MISSING');
      expect(e.fix).toMatch(/apt install apertium apertium-eng-spa/);
    } finally {
      await none.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('warm pipeline', () => {
  const sentences: [string, RegExp][] = [
    ['The house is big.', /casa/],
    ['The dog sleeps.', /perro/],
    ['I eat an apple.', /manzana/],
    ['The book is red.', /libro/],
    ['My sister reads.', /hermana/],
  ];

  test('answers many sequential and concurrent requests in order, on one set of processes', async () => {
    const w = new WarmApertium(mode('eng-spa'));
    try {
      for (let i = 0; i < 40; i++) {
        const [s, want] = sentences[i % sentences.length];
        expect(await w.translate(s)).toMatch(want);
      }
      const all = await Promise.all(Array.from({ length: 30 }, (_, i) => w.translate(sentences[i % sentences.length][0])));
      all.forEach((out, i) => expect(out).toMatch(sentences[i % sentences.length][1]));
      expect(w.starts).toBe(1);
    } finally {
      await w.close();
    }
  });

  test('a killed stage is noticed by itself, then the pipeline restarts and answers correctly', async () => {
    const w = new WarmApertium(mode('eng-spa'));
    try {
      expect(await w.translate('The house is big.')).toMatch(/casa/);
      const pids = w.pids;
      expect(pids.length).toBeGreaterThan(5);
      process.kill(pids[Math.floor(pids.length / 2)], 'SIGKILL');
      // Wait for the stage's exit to be seen (a request sent in that window may meet the dying
      // pipeline; which one does is a race, so the test does not send one there).
      for (let i = 0; i < 200 && w.running; i++) await new Promise((r) => setTimeout(r, 10));
      expect(w.running).toBe(false);
      expect(await w.translate('I eat an apple.')).toMatch(/manzana/);
      expect(w.starts).toBe(2);
      expect(w.pids).not.toEqual(pids);
    } finally {
      await w.close();
    }
  });

  test('a request over its time limit fails with TIMEOUT and tears the pipeline down', async () => {
    // A stalled stage (SIGSTOP) makes the overrun certain; a tiny limit alone raced a fast machine's answer.
    const w = new WarmApertium(mode('eng-spa'), { timeoutMs: 2000 });
    try {
      await w.start();
      process.kill(w.pids[0], 'SIGSTOP');
      const e = await failure(w.translate('The house is big.'));
      expect(e.code).toBe('TIMEOUT');
      expect(w.running).toBe(false);
    } finally {
      await w.close();
    }
  });

  test('text with NUL and control characters cannot desynchronise the pipeline', async () => {
    const r = await t.translate('The house\u0000 is big.\u0007', 'en', 'es');
    expect(r.text).toMatch(/casa/);
    expect((await t.translate('The dog sleeps.', 'en', 'es')).text).toMatch(/perro/);
  });

  test('the cold path gives the same translation as the warm one', async () => {
    const s = 'My brother works in a hospital.';
    const warm = await t.translate(s, 'en', 'es');
    const cold = await t.translate(s, 'en', 'es', { cold: true });
    expect(cold.engine).toBe('cold');
    expect(cold.text.trim()).toBe(warm.text.trim());
  });
});
