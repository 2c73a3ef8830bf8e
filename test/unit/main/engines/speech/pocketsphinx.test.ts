/**
 * PocketSphinx (Debian libpocketsphinx3 + pocketsphinx-en-us) through the real koffi binding, on speech
 * synthesised at test time by festival and espeak-ng. Thresholds are what scripts/bench/speech.ts
 * measured (festival 14/14, espeak-ng en 12/14), with a little slack for espeak-ng.
 */
import { createSpeechEngine, type SpeechEngine } from '../../../../../src/main/engines/speech';
import { readWav, writeWav } from '../../../../../src/main/platform/wav';
import { commandPhrases, parseIntent } from '../../../../../src/main/assistant/voice/intentRouter';
import { addNoise, COMMAND_SET, join, noise, synthesize, TRANSLATE_SET, type Voice } from '../../../../fixtures/speech/audio';

const festival: Voice = { engine: 'festival', stretch: 1 };
const espeak: Voice = { engine: 'espeak-ng', voice: 'en', wpm: 160 };
let engine: SpeechEngine;
const grammar = commandPhrases('en');

beforeAll(async () => {
  engine = await createSpeechEngine({ engine: 'pocketsphinx', log: () => {} });
});
afterAll(() => engine?.close());

async function intentsRight(v: Voice): Promise<{ ok: number; misses: string[] }> {
  const misses: string[] = [];
  let ok = 0;
  for (const c of COMMAND_SET) {
    const t = await engine.transcribe(join([noise(300), synthesize(c.say, v), noise(300)]), 16000, { grammar });
    const i = parseIntent(t.text, { source: 'voice' });
    if (i.name === c.intent && (!c.to || i.to === c.to)) ok++;
    else misses.push(`"${c.say}" -> "${t.text}" (${i.name})`);
  }
  return { ok, misses };
}

describe('speech: PocketSphinx engine', () => {
  test('is picked by auto when no Vosk model is installed, and says so', async () => {
    const lines: string[] = [];
    const prev = process.env.MAMBA_MODELS_DIR;
    process.env.MAMBA_MODELS_DIR = '/nonexistent-mamba-models';
    try {
      const e = await createSpeechEngine({ log: (l) => lines.push(l) });
      expect(e.name).toBe('pocketsphinx');
      await e.close();
    } finally {
      if (prev === undefined) delete process.env.MAMBA_MODELS_DIR;
      else process.env.MAMBA_MODELS_DIR = prev;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PocketSphinx.*no Vosk model/);
  });

  test('every core command, spoken by festival, gives the right intent', async () => {
    const r = await intentsRight(festival);
    expect(r.misses).toEqual([]);
  });

  test('espeak-ng voice: at least 11 of 14 commands right', async () => {
    const r = await intentsRight(espeak);
    if (r.ok < COMMAND_SET.length) console.log(`espeak-ng misses: ${r.misses.join('; ')}`);
    expect(r.ok).toBeGreaterThanOrEqual(11);
  });

  test('free text through the language model: "translate <text> to <language>"', async () => {
    const c = TRANSLATE_SET[0];
    const t = await engine.transcribe(synthesize(c.say, festival), 16000);
    expect(parseIntent(t.text, { source: 'voice' })).toMatchObject({ name: 'translate_text', to: c.to });
    expect(t.text).toMatch(/good morning/);
  });

  test('readPhrase: the LM\'s words of a short phrase with their places in the audio, in order and inside it', async () => {
    const pcm = synthesize('translate good morning to spanish', festival);
    const r = await engine.readPhrase!(pcm);
    expect(r.text).toMatch(/good morning/);
    expect(r.words.map((w) => w.word).join(' ')).toBe(r.text);
    for (const [i, w] of r.words.entries()) {
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.start).toBeGreaterThanOrEqual(i ? r.words[i - 1].end : 0);
    }
    expect(r.words[r.words.length - 1].end).toBeLessThanOrEqual(pcm.length + 160);
    // "good" starts after "translate" ends: the times are this audio's, not a running count of earlier decodes.
    const good = r.words.find((w) => w.word === 'good');
    expect(good!.start).toBeGreaterThan(0.3 * 16000);
  });

  test('silence and steady noise give an empty transcript, not invented words', async () => {
    expect((await engine.transcribe(new Int16Array(32000), 16000)).text).toBe('');
    expect((await engine.transcribe(noise(2000, 3000), 16000)).text).toBe('');
    expect((await engine.transcribe(noise(2000, 3000), 16000, { grammar })).text).toBe('');
  });

  test('44.1 kHz stereo WAV is resampled and still understood; noisy speech too', async () => {
    const pcm = synthesize('what time is it', festival);
    const stereo = new Int16Array(pcm.length * 2);
    pcm.forEach((x, i) => ((stereo[2 * i] = x), (stereo[2 * i + 1] = x)));
    // Re-encode at 44.1 kHz through sox-free means: write at 16 kHz and read back at 44.1 kHz, then as WAV.
    const hi = readWav(writeWav(stereo, 16000, 2), { sampleRate: 44100 });
    const wav = readWav(writeWav(hi.pcm, 44100));
    expect(wav.source.sampleRate).toBe(44100);
    const t = await engine.transcribe(wav.pcm, wav.sampleRate, { grammar });
    expect(parseIntent(t.text, { source: 'voice' }).name).toBe('time');
    const noisy = await engine.transcribe(addNoise(join([noise(300), pcm, noise(300)]), 600), 16000, { grammar });
    expect(parseIntent(noisy.text, { source: 'voice' }).name).toBe('time');
  });

  test('a truncated WAV decodes the part that is there', async () => {
    const full = writeWav(join([synthesize('stop', festival), synthesize('the weather is nice today', festival)]), 16000);
    const cut = readWav(full.subarray(0, 44 + 2 * 16000 * 0.9));
    expect(cut.warnings.join()).toMatch(/truncated/);
    const t = await engine.transcribe(cut.pcm, 16000, { grammar });
    expect(parseIntent(t.text, { source: 'voice' }).name).toBe('stop');
  });
});
