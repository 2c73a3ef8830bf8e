/**
 * The fixed-command check of "translate <free> to <language>" (docs/voice.md, "Still weak"): chosen
 * phrasings by the chosen voices and rooms through decodeCommandUtterance (wake optional), each with the
 * grammar's reading and, for free-text readings, the fixed command's and the LM text's margins over
 * the free words' audio (d = fixed - free; asked about at d <= 0.5). One engine for the whole run, as the bench.
 * Run: npx tsx scripts/tuning/voiceFixedRival.ts   HELD=1 (held-out voices) | HELD=both | default tuning,
 *   IDX=4,13,10 (indexes into COMMAND_PHRASINGS), ROOMS=clean,snr20.
 */
import { createSpeechEngine } from '../../src/main/engines/speech';
import { parseIntent, WAKE_WORDS } from '../../src/main/assistant/voice/intentRouter';
import { decodeCommandUtterance, fixedRivalOf, freeTextOf, freeTextSpan, spokenPhrases } from '../../src/main/assistant/voice/commandUtterance';
import { speechPart } from '../../src/main/engines/speech/transcribeBuffer';
import { COMMAND_PHRASINGS, HELD_OUT_VOICES, inRoom, padded, speak, synthVoiceName, TUNING_VOICES, type Room } from '../../test/fixtures/speech/voices';

async function main() {
  const eng = await createSpeechEngine({ engine: 'pocketsphinx' });
  const held = process.env.HELD;
  const voices = held === 'both' ? [...TUNING_VOICES, ...HELD_OUT_VOICES] : held === '1' ? HELD_OUT_VOICES : TUNING_VOICES;
  const rooms = (process.env.ROOMS ?? 'clean,snr20').split(',') as Room[];
  const idx = (process.env.IDX ?? '4,13,10').split(',').map(Number);
  let acted = 0;
  let wrong = 0;
  let n = 0;
  for (const v of voices)
    for (const room of rooms)
      for (const k of idx) {
        const c = COMMAND_PHRASINGS[k];
        const pcm = inRoom(padded(speak(c.say, v)), room);
        const r = await decodeCommandUtterance(eng, pcm, 16000, { wake: 'optional' });
        const i = parseIntent(r.transcript.text, { source: 'cli', spoken: true });
        const right = i.name === c.intent && (!c.to || i.to === c.to);
        n++;
        if (right && r.decision === 'act') acted++;
        if (!right && r.decision === 'act') wrong++;
        const sp = speechPart(pcm, 16000);
        let extra = '';
        if (sp && eng.scoreGrammar) {
          const s = await eng.scoreGrammar(sp, { phrases: spokenPhrases(eng, 'en'), prefix: WAKE_WORDS.en, prefixRequired: false, lang: 'en' });
          const span = freeTextSpan(s.words, sp.length);
          const free = span ? freeTextOf((await eng.transcribe(sp.subarray(span.from, span.to), 16000)).text, span.free) : '';
          const rv = span && free ? await fixedRivalOf(eng, sp, span, free.toLowerCase(), 'en') : null;
          extra = ` | grammar "${s.text}"${rv ? ` lm "${free}" fixed=${rv.fixedMargin.toFixed(3)} free=${rv.freeMargin.toFixed(3)} d=${(rv.fixedMargin - rv.freeMargin).toFixed(3)}` : ''}`;
        }
        const mark = right ? (r.decision === 'act' ? 'OK ' : 'ok ') : r.decision === 'act' ? 'XX ' : 'x  ';
        console.log(`${mark}${synthVoiceName(v)} ${room} "${c.say}" -> "${r.transcript.text}" ${r.decision} ${r.via}${extra}`);
      }
  console.log(`TOTAL n=${n} actedRight=${acted} wrongAct=${wrong}`);
  await eng.close();
}
void main();
