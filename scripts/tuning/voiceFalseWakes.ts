/**
 * Only the false-accept part of the voiceCommands bench (non-command speech decoded as the listening
 * session does: human recordings, ordinary sentences in 13 voices, a prose passage), for before/after
 * checks that do not need the whole grid (~20 min).
 * Run: npx tsx scripts/tuning/voiceFalseWakes.ts   NOISE_MLLR=file (or none): the noise transform
 *   instead of models/speech/en-us-noise.mllr.
 * Not in scripts/bench: `npm run bench` runs every file there as a bench area.
 */
import { createPocketSphinx } from '../../src/main/engines/speech/pocketsphinx';
import { falseAccepts } from '../bench/voiceCommands';

async function main() {
  const mllr = process.env.NOISE_MLLR;
  const engine = await createPocketSphinx({ noiseTransform: mllr === 'none' ? null : mllr });
  const out: Record<string, number | string> = {};
  await falseAccepts(engine, out, (l) => console.log(l));
  console.log(JSON.stringify(out));
  await engine.close();
}
void main();
