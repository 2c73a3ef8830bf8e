/**
 * `mamba say <text...> --out <file.wav> [--lang en|es|...] [--voice NAME] [--rate WPM] [--engine auto|espeak-ng|say]`
 * --rate is words per minute (80-400, normal 175).
 * Writes the speech as a 16-bit PCM WAV (text from stdin when none is given). The language, and so
 * the voice, is detected from the text unless --lang or --voice is given.
 */
import * as fs from 'fs';
import { CliCommand, usageError } from '../io';
import { MambaError } from '../../../shared/errors';
import { realEngines } from '../../../main/runtime/engineFactories';

const USAGE = 'mamba say <text> --out <file.wav> [--lang en|es] [--voice NAME] [--rate 80-400] [--engine auto|espeak-ng|say]';

export const run: CliCommand = async (args, io) => {
  let out: string | undefined;
  let lang: string | undefined;
  let voice: string | undefined;
  let rate: number | undefined;
  let engine: 'auto' | 'espeak-ng' | 'say' = 'auto';
  let json = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw usageError(USAGE);
      return v;
    };
    if (a === '--out' || a === '-o') out = value();
    else if (a === '--lang') lang = value();
    else if (a === '--voice') voice = value();
    else if (a === '--rate') rate = Number(value());
    else if (a === '--engine') {
      const e = value();
      if (e !== 'auto' && e !== 'espeak-ng' && e !== 'say') throw usageError(USAGE);
      engine = e;
    } else if (a === '--json') json = true;
    else if (a === '--') {
      words.push(...args.slice(i + 1));
      i = args.length;
    }
    else if (a.startsWith('--')) throw usageError(USAGE);
    else words.push(a);
  }
  if (!out) throw usageError(USAGE);
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
};
