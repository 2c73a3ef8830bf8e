/**
 * A small slice of the voiceCommands bench for quick before/after checks on this shared box (the full
 * grid takes ~30 min): the first N phrasings (default the six acceptance commands) by the chosen voices in
 * the chosen rooms, through decodeCommandUtterance (wake optional, as `mamba transcribe`). A command
 * counts only when its intent is right and the decision is `act`; wrongAct counts wrong intents acted on.
 * Run: npx tsx scripts/tuning/voiceCommandsSubset.ts
 *   VOICES=0,1 (indexes into TUNING_VOICES, or HELD_OUT_VOICES with HELD=1), ROOMS=clean,snr10, N=14 (or
 *   PHRASES=2,10: indexes into COMMAND_PHRASINGS),
 *   Each line: OK acted right, ok asked about the right command, rr right but rejected, XX wrong; the
 *   confidence and the speech's SNR estimate. DETAIL=1 prints the margins per word, DARGS='-dither yes' tries PocketSphinx decoder options,
 *   WARPS=1,1.1,1.2 hears the commands at several frequency warps, VOICE_JSON='[{"engine":…}]' other voices,
 *   NOISE_MLLR=file (or none) the noise transform for noisy commands instead of models/speech/en-us-noise.mllr
 *   (used only where the speech is not denoised), MAMBA_DENOISE=off decodes noisy speech without suppression.
 * Not in scripts/bench: `npm run bench` runs every file there as a bench area.
 */
import { createSpeechEngine } from '../../src/main/engines/speech';
import { createPocketSphinx } from '../../src/main/engines/speech/pocketsphinx';
import { commandPhrases, parseIntent, WAKE_WORDS } from '../../src/main/assistant/voice/intentRouter';
import { decodeCommandUtterance, judgeScoredReading } from '../../src/main/assistant/voice/commandUtterance';
import { speechPart } from '../../src/main/engines/speech/transcribeBuffer';
import { estimateSnrDb } from '../../src/main/engines/speech/vad';
import { COMMAND_PHRASINGS, inRoom, padded, speak, synthVoiceName, TUNING_VOICES, HELD_OUT_VOICES, type Room, type SynthVoice } from '../../test/fixtures/speech/voices';

async function main() {
  const warps = process.env.WARPS?.split(',').map(Number);
  const mllr = process.env.NOISE_MLLR;
  const eng =
    process.env.DARGS || warps || mllr
      ? await createPocketSphinx({ decoderArgs: process.env.DARGS?.split(' '), commandWarps: warps, noiseTransform: mllr === 'none' ? null : mllr })
      : await createSpeechEngine({ engine: 'pocketsphinx' });
  const which = (process.env.VOICES ?? '4,5').split(',').map(Number);
  const held = process.env.HELD === '1';
  const rooms = (process.env.ROOMS ?? 'clean').split(',') as Room[];
  const n = Number(process.env.N ?? 6);
  let ok = 0, tot = 0, wrongAct = 0, heard = 0;
  for (const vi of which) {
    const v = process.env.VOICE_JSON ? (JSON.parse(process.env.VOICE_JSON) as SynthVoice[])[vi] : (held ? HELD_OUT_VOICES : TUNING_VOICES)[vi];
    for (const room of rooms) {
      let vok = 0;
      const picked = process.env.PHRASES ? process.env.PHRASES.split(',').map((i) => COMMAND_PHRASINGS[Number(i)]) : COMMAND_PHRASINGS.slice(0, n);
      for (const c of picked) {
        const pcm = inRoom(padded(speak(c.say, v)), room);
        const r = await decodeCommandUtterance(eng, pcm, 16000, { wake: 'optional' });
        const i = parseIntent(r.transcript.text, { source: 'cli', spoken: true });
        const right = i.name === c.intent && (!c.to || i.to === c.to);
        const good = right && r.decision === 'act';
        if (!right && r.decision === 'act') wrongAct++;
        let extra = '';
        if (process.env.DETAIL && eng.scoreGrammar) {
          const s = await eng.scoreGrammar(speechPart(pcm, 16000)!, { phrases: commandPhrases('en'), prefix: WAKE_WORDS.en, prefixRequired: false });
          const j = judgeScoredReading(s);
          extra = ` wm=${j.wakeMargin.toFixed(2)} m=${j.margin.toFixed(2)} all=${s.margin.toFixed(2)} ws=${s.words.map((w) => `${w.word}:${w.margin.toFixed(1)}`).join(' ')}`;
        }
        tot++; if (good) { ok++; vok++; }
        if (right && r.decision !== 'reject') heard++;
        // OK acted right, ok asked about the right command, rr the right command rejected, XX a wrong reading.
        const mark = good ? 'OK ' : right && r.decision !== 'reject' ? 'ok ' : right ? 'rr ' : 'XX ';
        const sp = speechPart(pcm, 16000);
        const snr = sp ? ` snr=${estimateSnrDb(sp, 16000).toFixed(1)}` : '';
        console.log(`${mark} ${synthVoiceName(v)} ${room} "${c.say}" -> "${r.transcript.text}" ${r.decision} ${r.transcript.confidence?.toFixed(2)}${snr}${extra}`);
      }
      console.log(`== ${synthVoiceName(v)} ${room}: ${vok}/${picked.length}`);
    }
  }
  console.log(`TOTAL ${ok}/${tot} acted right, ${heard}/${tot} right (acted or asked), wrongAct=${wrongAct}`);
  await eng.close?.();
}
void main();
