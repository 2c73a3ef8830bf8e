/**
 * Translation benchmark: per-sentence latency of the warm Apertium pipeline vs a cold `apertium`
 * call (goal: warm >= 10x faster), pipeline start-up, pivot latency, and language identification
 * (accuracy and time on short sentences in six languages, plus single words with the dictionary vote).
 * Standalone: npx tsx scripts/bench/translate.ts   (writes reports/bench-translate.json)
 */
import * as os from 'os';
import {
  createTranslator,
  detectLanguage,
  discoverModes,
  identifyLanguage,
  translateCold,
  WarmApertium,
} from '../../src/main/engines/translate';
import { runStandalone } from '../benchStandalone';

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
}
export function percentile(v: number[], p: number): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

const EN = [
  'The house is big.',
  'Where is the train station?',
  'I would like a cup of coffee, please.',
  'My brother works in a hospital near the river.',
  'Please read this page aloud.',
  'The children are playing in the garden.',
  'We will travel to Madrid next summer.',
  'This book was written by a famous author.',
];
const ES = ['La casa es grande.', '¿Dónde está la estación de tren?', 'Mi hermano trabaja en un hospital.', 'Los niños juegan en el jardín.'];

/** Six languages, eight short everyday sentences each (written for this benchmark). */
const LANG_ID: Record<string, string[]> = {
  en: ['The house is big.', 'Where is the train station?', 'I would like a cup of coffee, please.', 'My brother works in a hospital.', 'It is raining today.', 'Please read this page aloud.', 'What time is it?', 'Thank you very much.'],
  es: ['La casa es grande.', '¿Dónde está la estación de tren?', 'Me gustaría un café, por favor.', 'Mi hermano trabaja en un hospital.', 'Hoy está lloviendo.', 'Por favor lee esta página en voz alta.', '¿Qué hora es?', 'Muchas gracias.'],
  fr: ['La maison est grande.', 'Où est la gare?', "Je voudrais un café, s'il vous plaît.", 'Mon frère travaille dans un hôpital.', "Il pleut aujourd'hui.", 'Lisez cette page à haute voix.', 'Quelle heure est-il?', 'Merci beaucoup.'],
  pt: ['A casa é grande.', 'Onde fica a estação de comboios?', 'Eu gostaria de um café, por favor.', 'O meu irmão trabalha num hospital.', 'Hoje está a chover.', 'Por favor leia esta página em voz alta.', 'Que horas são?', 'Muito obrigado.'],
  it: ['La casa è grande.', "Dov'è la stazione dei treni?", 'Vorrei un caffè, per favore.', 'Mio fratello lavora in un ospedale.', 'Oggi piove.', 'Per favore leggi questa pagina ad alta voce.', 'Che ore sono?', 'Grazie mille.'],
  de: ['Das Haus ist groß.', 'Wo ist der Bahnhof?', 'Ich hätte gern einen Kaffee, bitte.', 'Mein Bruder arbeitet in einem Krankenhaus.', 'Heute regnet es.', 'Bitte lies diese Seite laut vor.', 'Wie spät ist es?', 'Vielen Dank.'],
};
/** Single words: too short for n-grams; the installed dictionaries (en, es, fr) vote. */
const WORDS: [string, string][] = [
  ['hola', 'es'], ['casa', 'es'], ['gracias', 'es'], ['perro', 'es'], ['mañana', 'es'],
  ['house', 'en'], ['hello', 'en'], ['thanks', 'en'], ['dog', 'en'], ['tomorrow', 'en'],
  ['maison', 'fr'], ['bonjour', 'fr'], ['merci', 'fr'], ['chien', 'fr'], ['demain', 'fr'],
];

export async function runBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const modes = discoverModes();
  const engSpa = modes.find((m) => m.name === 'eng-spa');
  if (!engSpa) throw new Error('apertium-eng-spa is not installed (run scripts/setup.sh)');
  out.pairs = modes.map((m) => m.name).join(' ');
  // Figures depend on how busy the machine is: record it next to them.
  out.loadAvg1 = round(os.loadavg()[0]);
  out.cpus = os.cpus().length;

  // Cold: what a user running `apertium -u eng-spa` per sentence pays.
  const cold: number[] = [];
  for (const s of EN.slice(0, 6)) {
    const t0 = performance.now();
    await translateCold(engSpa, s);
    cold.push(performance.now() - t0);
  }
  out.coldMedianMs = round(median(cold), 1);
  log(`cold apertium call, en->es, per sentence: median ${out.coldMedianMs} ms (${cold.length} sentences)`);

  // Warm: one pipeline, started once.
  const w = new WarmApertium(engSpa);
  let t0 = performance.now();
  await w.translate(EN[0]);
  out.warmStartMs = round(performance.now() - t0, 1);
  const warm: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (const s of EN) {
      t0 = performance.now();
      await w.translate(s);
      warm.push(performance.now() - t0);
    }
  }
  await w.close();
  out.warmMedianMs = round(median(warm));
  out.warmP95Ms = round(percentile(warm, 0.95));
  out.warmSpeedup = round(median(cold) / median(warm), 1);
  log(`warm pipeline start (13 processes + first sentence): ${out.warmStartMs} ms`);
  log(`warm pipeline, en->es, per sentence: median ${out.warmMedianMs} ms, p95 ${out.warmP95Ms} ms (${warm.length} requests)`);
  log(`warm vs cold: ${out.warmSpeedup}x faster (goal >= 10x)`);

  // Through the translator (input checks, routing), es->en, and a pivot fr->en.
  const tr = await createTranslator();
  try {
    await tr.translate(ES[0], 'es', 'en');
    const esEn: number[] = [];
    for (let r = 0; r < 5; r++) for (const s of ES) esEn.push((await tr.translate(s, 'es', 'en')).ms);
    out.translatorEsEnMedianMs = round(median(esEn));
    log(`translator es->en per sentence: median ${out.translatorEsEnMedianMs} ms`);
    if (tr.listPairs().some((p) => p.from === 'fr' && p.to === 'en')) {
      await tr.translate('La maison est grande.', 'fr', 'en');
      const piv: number[] = [];
      for (const s of LANG_ID.fr) piv.push((await tr.translate(s, 'fr', 'en')).ms);
      out.pivotFrEnMedianMs = round(median(piv));
      log(`translator fr->en through es (pivot): median ${out.pivotFrEnMedianMs} ms`);
    }
  } finally {
    await tr.close();
  }

  // Language id.
  t0 = performance.now();
  detectLanguage('warm up the tables');
  out.langIdLoadMs = round(performance.now() - t0, 0);
  let ok = 0;
  let n = 0;
  const times: number[] = [];
  const misses: string[] = [];
  for (const [lang, sentences] of Object.entries(LANG_ID)) {
    for (const s of sentences) {
      t0 = performance.now();
      const d = detectLanguage(s);
      times.push(performance.now() - t0);
      n++;
      if (d.lang === lang) ok++;
      else misses.push(`${s} -> ${d.lang}`);
    }
  }
  out.langIdAccuracy = `${ok}/${n}`;
  out.langIdMedianMs = round(median(times), 3);
  log(`language id (eld extrasmall), ${Object.keys(LANG_ID).length} languages: ${ok}/${n} correct, median ${out.langIdMedianMs} ms per sentence, tables load ${out.langIdLoadMs} ms${misses.length ? `; missed: ${misses.join('; ')}` : ''}`);

  let eldWords = 0;
  let votedWords = 0;
  const wordTimes: number[] = [];
  const candidates = ['en', 'es', 'fr'];
  for (const [w, lang] of WORDS) {
    if (detectLanguage(w, { candidates }).lang === lang) eldWords++;
    t0 = performance.now();
    if ((await identifyLanguage(w, { candidates, modes })).lang === lang) votedWords++;
    wordTimes.push(performance.now() - t0);
  }
  out.singleWordsEld = `${eldWords}/${WORDS.length}`;
  out.singleWordsWithDictionaries = `${votedWords}/${WORDS.length}`;
  out.singleWordMedianMs = round(median(wordTimes), 1);
  log(`single words (en/es/fr): eld alone ${out.singleWordsEld}, with the dictionary vote ${out.singleWordsWithDictionaries} (median ${out.singleWordMedianMs} ms)`);
  return out;
}

if (require.main === module) runStandalone('translate', runBench);
