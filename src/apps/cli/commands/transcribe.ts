/**
 * `mamba transcribe <file.wav> [--json] [--commands] [--engine auto|vosk|pocketsphinx] [--lang en|es]`
 * Prints the transcript of a WAV file (any rate/channels/bit depth; converted to 16 kHz mono).
 * The audio is decoded as the voice session decodes a command (decodeCommandUtterance: command grammar,
 * then for "translate …" the language model from the grammar-timed "translate", language from the
 * grammar). Where that is a spoken "translate …" whose command word the LM confirmed, its text is the
 * transcript; otherwise the language model's plain transcript (a fixed command or ordinary speech: the
 * grammar would force ordinary speech onto its nearest command).
 * --json adds the intent (through the same router as voice and typed input), engine, real-time factor.
 * --commands prints the command reading whatever it is (more accurate for commands, nothing else).
 */
import * as fs from 'node:fs';
import { CliCommand, usageError } from '../io';
import { MambaError } from '../../../shared/errors';
import { createSpeechEngine, readWav } from '../../../main/engines/speech';
import { transcribeSpoken } from '../../../main/assistant/voice/commandUtterance';
import { parseIntent } from '../../../main/assistant/voice/intentRouter';

const USAGE = 'mamba transcribe <file.wav> [--json] [--commands] [--engine auto|vosk|pocketsphinx] [--lang en|es]';

export const run: CliCommand = async (args, io) => {
  let file: string | undefined;
  let json = false;
  let commands = false;
  let engineName: 'auto' | 'vosk' | 'pocketsphinx' = 'auto';
  let lang: 'en' | 'es' = 'en';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--commands') commands = true;
    else if (a === '--engine') {
      const v = args[++i];
      if (v !== 'auto' && v !== 'vosk' && v !== 'pocketsphinx') throw usageError(USAGE);
      engineName = v;
    } else if (a === '--lang') {
      const v = args[++i];
      if (v !== 'en' && v !== 'es') throw usageError(USAGE);
      lang = v;
    } else if (a.startsWith('--') || file) throw usageError(USAGE);
    else file = a;
  }
  if (!file) throw usageError(USAGE);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new MambaError('BAD_INPUT', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'check the path');
  }
  const wav = readWav(bytes);
  for (const w of wav.warnings) io.err(`mamba: warning: ${w}`);
  const engine = await createSpeechEngine({
    engine: engineName,
    lang,
    onProgress: (p) => {
      if (p.fraction !== 1) io.progress(`speech: ${p.step}${p.detail ? ` ${p.detail}` : ''}`);
    },
    log: (l) => io.progress(l),
  });
  try {
    const { transcript: t, via } = await transcribeSpoken(engine, wav.pcm, wav.sampleRate, { lang, commands });
    const audioMs = (wav.pcm.length / wav.sampleRate) * 1000;
    const speech = t.text.length > 0;
    const text = t.text;
    if (json) {
      const intent = parseIntent(text, { lang, source: 'cli', spoken: true });
      io.out(
        JSON.stringify({
          transcript: text,
          speech,
          // which pass gave the transcript: 'merged' (grammar's language + LM text), 'grammar', 'lm'
          via,
          intent,
          engine: t.engine,
          audioMs: Math.round(audioMs),
          ms: t.ms,
          rtf: Number((t.ms / audioMs).toFixed(4)),
          source: wav.source,
          ...(wav.warnings.length ? { warnings: wav.warnings } : {}),
        }),
      );
    } else if (speech) io.out(text);
    else io.err('mamba: no speech detected in the audio (silence or steady noise)');
    return 0;
  } finally {
    await engine.close();
  }
};
