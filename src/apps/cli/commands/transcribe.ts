/**
 * `mamba transcribe <file.wav> [--json] [--commands] [--engine auto|vosk|pocketsphinx] [--lang en|es]`
 * Prints the transcript of a WAV file (any rate/channels/bit depth; converted to 16 kHz mono).
 * The audio is decoded as the voice session decodes an utterance (decodeCommandUtterance: the command
 * grammar with the wake word optional first, scored against a phone loop for a confidence; for
 * "translate <text> to <language>" the language model reads the text, cut at the grammar's word times).
 * A command (confidence above the reject band) prints as the command, wake word left out; anything
 * else is the language model's plain transcript of the whole file.
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

/** Longest recording transcribed (a command is seconds; a dictation a few minutes). */
export const MAX_AUDIO_SECONDS = 10 * 60;
/** Largest file read: 10 minutes of 48 kHz stereo 32-bit float, with room for headers. */
export const MAX_WAV_BYTES = 256 * 1024 * 1024;
const HEADER_BYTES = 64 * 1024;

/**
 * Checks before reading, like `read` and `recognize`: a regular file (not a directory, /dev/zero or a
 * pipe), at most MAX_WAV_BYTES, a WAV header whose audio lasts at most MAX_AUDIO_SECONDS. The header is
 * read first; only then the rest, so an unbounded or huge input is refused before it is loaded.
 */
function readBoundedWav(file: string): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MambaError('BAD_INPUT', `File not found: ${file}`, 'check the path');
    throw new MambaError('BAD_INPUT', `cannot read ${file}: ${code ?? String(e)}`, 'check the path and its permissions');
  }
  if (st.isDirectory()) throw new MambaError('BAD_INPUT', `${file} is a directory, not a WAV file`, 'pass a .wav file');
  if (!st.isFile()) throw new MambaError('BAD_INPUT', `${file} is not a regular file (a device or a pipe)`, 'save the audio to a .wav file first');
  if (st.size > MAX_WAV_BYTES)
    throw new MambaError('TOO_LARGE', `${file} is ${(st.size / 1048576).toFixed(1)} MB; at most ${MAX_WAV_BYTES / 1048576} MB are read`, `cut it to at most ${MAX_AUDIO_SECONDS / 60} minutes`);
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEADER_BYTES, st.size));
    fs.readSync(fd, head, 0, head.length, 0);
    const h = readWav(head); // the header (and the audio it holds): throws BAD_INPUT when it is no WAV
    const bytesPerSecond = h.source.sampleRate * h.source.channels * Math.max(1, h.source.bitsPerSample / 8);
    const seconds = (st.size - 44) / bytesPerSecond;
    if (seconds > MAX_AUDIO_SECONDS)
      throw new MambaError('TOO_LARGE', `${file} holds about ${Math.round(seconds / 60)} minutes of audio; at most ${MAX_AUDIO_SECONDS / 60} minutes are transcribed`, `cut it to at most ${MAX_AUDIO_SECONDS / 60} minutes`);
    if (st.size <= head.length) return head;
    const all = Buffer.alloc(st.size);
    head.copy(all);
    let at = head.length;
    while (at < all.length) {
      const n = fs.readSync(fd, all, at, all.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return all.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

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
    const wav = readWav(readBoundedWav(file));
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
      const { transcript: t, via, decision } = await transcribeSpoken(engine, wav.pcm, wav.sampleRate, { lang, commands });
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
            // a command: 'act' (Mamba would do it), 'confirm' (it would ask "Did you mean …?" first);
            // 'reject': not a command (the transcript is the language model's)
            decision,
            ...(t.confidence !== undefined && via !== 'lm' ? { confidence: Number(t.confidence.toFixed(3)) } : {}),
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
