/**
 * The language model's free-text WER (engine.transcribe: the festival translate requests of the speech
 * bench, and pocketsphinx-testdata's librivox recordings), each file decoded after the others as the
 * bench does: for before/after checks of the whole-buffer decoder's per-utterance state (docs/voice.md).
 * Run: npx tsx scripts/tuning/voiceLmHistory.ts
 * Not in scripts/bench: `npm run bench` runs every file there as a bench area.
 */
import { createSpeechEngine } from '../../src/main/engines/speech';
import { join, noise, synthesize, VOICES } from '../../test/fixtures/speech/audio';
import { humanTranscribed, TRANSLATE_BENCH, wordErrors } from '../bench/speech';

async function main() {
  const engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
  const sets: Record<string, { ref: string; pcm: Int16Array }[]> = {
    synthetic: VOICES.filter((v) => v.engine === 'festival').flatMap((v) => TRANSLATE_BENCH.map((c) => ({ ref: c.say, pcm: join([noise(200), synthesize(c.say, v), noise(200)]) }))),
    human: humanTranscribed().map((h) => ({ ref: h.text, pcm: h.pcm })),
  };
  for (const [name, set] of Object.entries(sets)) {
    let errors = 0;
    let words = 0;
    for (const u of set) {
      const t = await engine.transcribe(u.pcm, 16000);
      const we = wordErrors(u.ref, t.text);
      errors += we.errors;
      words += we.words;
      if (process.env.DETAIL) console.log(`  "${u.ref}" -> "${t.text}"`);
    }
    console.log(`${name}: WER ${((100 * errors) / words).toFixed(1)} % (${errors}/${words})`);
  }
  await engine.close();
}
void main();
