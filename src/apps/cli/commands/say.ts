/**
 * `mamba say <text...> --out <file.wav> [--lang en|es|...] [--voice NAME] [--rate WPM] [--engine auto|espeak-ng|say]`
 * --rate is words per minute (80-400, normal 175).
 * Writes the speech as a 16-bit PCM WAV (text from stdin when none is given). The language, and so
 * the voice, is detected from the text unless --lang or --voice is given.
 */
import * as fs from 'fs';
import { defineCommand } from '../command';
import { TTS_ENGINES, type TtsEngineChoice } from '../../../shared/types';
import { MambaError } from '../../../shared/errors';
import { realEngines } from '../../../main/runtime/engineFactories';

export const { spec, run } = defineCommand(
  {
    name: 'say',
    summary: 'Write text as speech to a WAV file; the text comes from the arguments, else from stdin.',
    args: '[text...]',
    positionals: { min: 0, max: Infinity },
    options: {
      out: { type: 'string', short: 'o', value: 'FILE.wav', required: true, help: 'where to write the WAV' },
      lang: { type: 'string', value: 'LANG', help: 'language (default: detected from the text)' },
      voice: { type: 'string', value: 'NAME', help: 'an espeak-ng voice, e.g. en-us, es, en+f3' },
      rate: { type: 'string', value: 'WPM', int: { min: 80, max: 400 }, help: 'words per minute (normal 175)' },
      engine: { type: 'string', choices: TTS_ENGINES, default: 'auto', help: 'speech synthesiser' },
      json: { type: 'boolean', help: 'file, language, voice and timing as JSON' },
    },
  },
  async ({ values, positionals: words }, io) => {
    const { out, lang, voice, json } = values;
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    const engine = values.engine as TtsEngineChoice;
    const text = words.length ? words.join(' ') : await io.readStdin();
    const tts = await realEngines.tts({ engine });
    try {
      const audio = await tts.synthesize(text, { lang, voice, rate });
      const bytes = Buffer.from(audio.wavBase64, 'base64');
      try {
        await fs.promises.writeFile(out, bytes);
      } catch (e) {
        throw new MambaError('STORAGE', `cannot write ${out}: ${(e as Error).message}`, 'check the folder exists and is writable');
      }
      const seconds = (bytes.length - 44) / 2 / audio.sampleRate;
      if (json) io.out(JSON.stringify({ file: out, lang: audio.lang, voice: audio.voice, sampleRate: audio.sampleRate, seconds, ms: audio.ms, engine: tts.name }));
      else io.out(`${out}: ${seconds.toFixed(2)} s of speech (${tts.name}, voice ${audio.voice}, ${audio.lang})`);
      return 0;
    } finally {
      await tts.close();
    }
  },
);
