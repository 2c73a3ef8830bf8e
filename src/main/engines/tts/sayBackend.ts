/**
 * The npm `say` package, used only on macOS and Windows and only when espeak-ng is absent.
 *
 * Why not elsewhere: on Linux `say` pastes the text into festival's Scheme input, so a text like
 * `hi") (system "touch /tmp/x") (SayText "x` runs a shell command, and it cannot write a file there.
 * On macOS it runs /usr/bin/say with an argument array (no shell), the text as an argument; on
 * Windows it runs PowerShell through a shell with the text on stdin but the voice name and output
 * file pasted into the command line. So here: the text never starts with '-' (no option
 * injection on macOS), the voice must match SAY_VOICE_NAME (no quotes/shell characters), and the
 * output file is ours, in a fresh temp folder whose path is checked for the same.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MambaError } from '../../../shared/errors';
import type { LanguageCode } from '../../../shared/types';
import { readWav } from '../../platform/wav';
import { espeakFix } from './espeakNg';
import { DEFAULT_WPM, RenderedAudio, TtsBackend } from './synthesizer';
import { SAY_VOICE_NAME, sayVoiceFor } from './voices';

interface SayModule {
  export(text: string, voice: string | undefined, speed: number | undefined, file: string, cb: (err: unknown) => void): void;
}

/** Characters that PowerShell-in-cmd or a quoted string could act on. */
const UNSAFE_PATH = /['"`$&|;<>%^!()\r\n]/;

/** The text as `say` may receive it: no leading '-' (an option to /usr/bin/say), no control characters. */
export function sanitiseForSay(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/^[\s-]+/, '').trim();
}

/**
 * `espeakInstalled`: whether espeak-ng runs here, which decides the fix when `say` is refused:
 * choosing espeak-ng (installed) or installing it (not) — telling someone with espeak-ng to
 * install it was the wrong fix.
 */
export function createSayBackend(platform: NodeJS.Platform = process.platform, o: { espeakInstalled?: boolean } = {}): TtsBackend {
  if (platform !== 'darwin' && platform !== 'win32') {
    throw new MambaError('ENGINE_UNAVAILABLE',
      'The system voice is only used on macOS and Windows (on Linux it passes text to festival unsafely and cannot write audio files).',
      o.espeakInstalled
        ? 'Choose espeak-ng (or Automatic) as the speech synthesiser in Settings; it is installed.'
        : `Install espeak-ng (${espeakFix(platform)}), then choose it as the speech synthesiser in Settings.`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const say = require('say') as SayModule;
  return {
    name: 'say',
    voiceFor: (lang: LanguageCode) => sayVoiceFor(lang, platform),
    validVoice: (voice: string) => SAY_VOICE_NAME.test(voice),
    render: (text, voice, wpm) => renderSay(say, text, voice, wpm / DEFAULT_WPM),
  };
}

/** `speed`: ratio to the system's normal speed, as the `say` package takes it. */
async function renderSay(say: SayModule, text: string, voice: string | undefined, speed: number): Promise<RenderedAudio> {
  const safe = sanitiseForSay(text);
  if (!safe) throw new MambaError('EMPTY_INPUT', 'there is no text to speak', 'give some words');
  if (voice !== undefined && !SAY_VOICE_NAME.test(voice)) throw new MambaError('BAD_INPUT', `'${voice}' is not a voice name`);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'mamba-say-'));
  const file = path.join(dir, 'speech.wav');
  try {
    if (UNSAFE_PATH.test(file)) {
      throw new MambaError('ENGINE_UNAVAILABLE', `the temporary folder ${dir} has characters the system speech command cannot take safely`,
        `set TMPDIR/TEMP to a plain folder, or install espeak-ng (${espeakFix()})`);
    }
    await new Promise<void>((resolve, reject) =>
      say.export(safe, voice, speed, file, (err) =>
        err ? reject(new MambaError('ENGINE_UNAVAILABLE', `system speech failed: ${String(err)}`, espeakFix())) : resolve()));
    const wav = readWav(await fs.promises.readFile(file), { sampleRate: null });
    return { pcm: wav.pcm, sampleRate: wav.sampleRate };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
