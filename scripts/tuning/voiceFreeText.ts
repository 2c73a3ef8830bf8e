/**
 * The free text of spoken translation requests ("mamba translate <text> to <language>"): nine everyday
 * phrases (none of them the bench's) by the 13 tuning and held-out voices, clean, at 20 and at 10 dB,
 * through decodeCommandUtterance (wake optional, as `mamba transcribe`). Counts per room: the intent and
 * language right, the text word for word right, acted on at once, and acted on with a wrong text (what
 * the user would hear translated without being asked). V=1 prints every reading; ROOMS=clean,snr20.
 * Run: npx tsx scripts/tuning/voiceFreeText.ts   (about 10 minutes on the shared 2-core box)
 * Not in scripts/bench: `npm run bench` runs every file there as a bench area.
 */
import { createSpeechEngine } from '../../src/main/engines/speech';
import { parseIntent } from '../../src/main/assistant/voice/intentRouter';
import { decodeCommandUtterance } from '../../src/main/assistant/voice/commandUtterance';
import { HELD_OUT_VOICES, inRoom, padded, sameWords, speak, synthVoiceName, TUNING_VOICES, type Room } from '../../test/fixtures/speech/voices';
const FREE_TEXT_PHRASES = ['good morning', 'where is the train station', 'I love you', 'how are you', 'thank you very much', 'where is the bathroom', 'see you tomorrow', 'the weather is nice today', 'I would like a coffee'];
const LANGS = ['Spanish', 'German', 'French'];
const CODES = ['es', 'de', 'fr'];
async function main() {
  const eng = await createSpeechEngine({ engine: 'pocketsphinx' });
  const rooms = (process.env.ROOMS ?? 'clean,snr20,snr10').split(',') as Room[];
  const st: Record<string, number> = {};
  const add = (k: string) => { st[k] = (st[k] ?? 0) + 1; };
  for (const v of [...TUNING_VOICES, ...HELD_OUT_VOICES]) for (const room of rooms) for (const [k, text] of FREE_TEXT_PHRASES.entries()) {
    const pcm = inRoom(padded(speak(`mamba translate ${text} to ${LANGS[k % 3]}`, v)), room);
    const r = await decodeCommandUtterance(eng, pcm, 16000, { wake: 'optional' });
    const i = parseIntent(r.transcript.text, { source: 'cli', spoken: true });
    const intentOk = i.name === 'translate_text' && i.to === CODES[k % 3];
    const textOk = intentOk && sameWords(i.text ?? '', text);
    add(`${room} n`);
    if (intentOk) add(`${room} intent`);
    if (textOk) add(`${room} text`);
    if (r.decision === 'act') {
      add(`${room} act`);
      if (!textOk) add(`${room} act-wrongtext`);
    }
    if (process.env.V) console.log(`${textOk ? 'ok' : 'XX'}\t${synthVoiceName(v)}\t${room}\t${text}\t${r.transcript.text}\t${r.decision}`);
  }
  console.log(JSON.stringify(st));
  await eng.close?.();
}
void main();
