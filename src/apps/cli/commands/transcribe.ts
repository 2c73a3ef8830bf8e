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
import { defineCommand } from '../command';
import { SPEECH_ENGINES, type SpeechEngineChoice } from '../../../shared/types';
import { MambaError } from '../../../shared/errors';
import { createSpeechEngine, readWav } from '../../../main/engines/speech';
import { transcribeSpoken } from '../../../main/assistant/voice/commandUtterance';
import { parseIntent } from '../../../main/assistant/voice/intentRouter';

export const { spec, run } = defineCommand(
  {
    name: 'transcribe',
    summary: 'Print the transcript of a WAV file (any rate, channels or bit depth).',
    args: '<file.wav>',
    positionals: { min: 1, max: 1 },
    options: {
      json: { type: 'boolean', help: 'transcript, intent, engine, timing and real-time factor as JSON' },
      commands: { type: 'boolean', help: 'print the command reading whatever was said' },
      engine: { type: 'string', choices: SPEECH_ENGINES, default: 'auto', help: 'speech recogniser' },
      lang: { type: 'string', choices: ['en', 'es'], default: 'en', help: 'language spoken' },
    },
  },
  async ({ values, positionals: [file] }, io) => {
    const { json, commands } = values;
    const engineName = values.engine as SpeechEngineChoice;
    const lang = values.lang as 'en' | 'es';
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
  },
);
