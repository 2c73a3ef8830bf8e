/**
 * Speech output benchmark: espeak-ng synthesis time per sentence (English and Spanish, language
 * given and detected), real-time factor (synthesis time / speech duration), and a paragraph.
 * Standalone: npx tsx scripts/bench/tts.ts   (writes reports/bench-tts.json)
 */
import * as os from 'os';
import type { SpeechAudio } from '../../src/shared/types';
import { createTts } from '../../src/main/engines/tts';
import { identifyLanguage } from '../../src/main/engines/translate';
import { median, round } from './translate';
import { runStandalone } from '../benchStandalone';

const EN = ['The house is big.', 'Where is the train station?', 'My brother works in a hospital near the river.', 'Please read this page aloud.', 'What time is it?'];
const ES = ['La casa es grande.', '¿Dónde está la estación de tren?', 'Mi hermano trabaja en un hospital cerca del río.', 'Por favor, lee esta página en voz alta.', '¿Qué hora es?'];

function durationS(a: SpeechAudio): number {
  return (Buffer.from(a.wavBase64, 'base64').length - 44) / 2 / a.sampleRate;
}

export async function runBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const tts = await createTts({ identifyLanguage });
  out.engine = tts.name;
  // Figures depend on how busy the machine is: record it next to them.
  out.loadAvg1 = round(os.loadavg()[0]);
  out.cpus = os.cpus().length;
  try {
    let t0 = performance.now();
    await tts.synthesize('Warming up.', { lang: 'en' });
    out.firstCallMs = round(performance.now() - t0, 1);
    for (const [name, sentences, lang] of [['en', EN, 'en'], ['es', ES, 'es']] as const) {
      const ms: number[] = [];
      let speech = 0;
      let work = 0;
      for (let r = 0; r < 3; r++) {
        for (const s of sentences) {
          t0 = performance.now();
          const a = await tts.synthesize(s, { lang });
          const dt = performance.now() - t0;
          ms.push(dt);
          work += dt;
          speech += durationS(a);
        }
      }
      out[`${name}SentenceMedianMs`] = round(median(ms), 1);
      out[`${name}RealTimeFactor`] = round(work / 1000 / speech, 4);
      log(`${tts.name} ${name}, language given: median ${out[`${name}SentenceMedianMs`]} ms per sentence, real-time factor ${out[`${name}RealTimeFactor`]}`);
    }
    // Language detected from the text (eld; sentences are long enough not to need the dictionaries).
    const det: number[] = [];
    let right = 0;
    for (const [s, lang] of [...EN.map((s) => [s, 'en']), ...ES.map((s) => [s, 'es'])]) {
      t0 = performance.now();
      const a = await tts.synthesize(s);
      det.push(performance.now() - t0);
      if (a.lang === lang) right++;
    }
    out.detectedSentenceMedianMs = round(median(det), 1);
    out.voiceChoiceCorrect = `${right}/${det.length}`;
    log(`language detected from the text: median ${out.detectedSentenceMedianMs} ms per sentence, voice language right ${out.voiceChoiceCorrect}`);
    const paragraph = EN.join(' ').repeat(4);
    t0 = performance.now();
    const p = await tts.synthesize(paragraph, { lang: 'en' });
    out.paragraphMs = round(performance.now() - t0, 1);
    out.paragraphSpeechS = round(durationS(p), 1);
    log(`paragraph of ${paragraph.length} characters: ${out.paragraphMs} ms for ${out.paragraphSpeechS} s of speech`);
    log(`first call (loads the language tables): ${out.firstCallMs} ms`);
  } finally {
    await tts.close();
  }
  return out;
}

if (require.main === module) runStandalone('tts', runBench);
