/**
 * Speech output. espeak-ng is the engine wherever it is installed (the default on Linux); the npm
 * `say` package is only a fallback on macOS/Windows (see sayBackend.ts for why not on Linux).
 */
import { MambaError } from '../../../shared/errors';
import { createEspeakBackend, espeakAvailable, espeakFix } from './espeakNg';
import { createSayBackend } from './sayBackend';
import { createSynthesizer, IdentifyLanguage, TtsEngine } from './synthesizer';
import type { TtsEngineChoice } from '../../../shared/types';

export type { TtsEngine, SynthesizeOptions, IdentifyLanguage } from './synthesizer';
export { MAX_TTS_CHARS, DEFAULT_WPM } from './synthesizer';
export { chunkText, splitSentences } from './textChunks';
export { sanitiseForSay } from './sayBackend';

export interface TtsOptions {
  engine?: TtsEngineChoice;
  /** espeak-ng program (name on PATH or full path). */
  espeakCommand?: string;
  /** For tests of the platform rules; defaults to the running platform. */
  platform?: NodeJS.Platform;
  /** How 'auto' tells the text's language (default: n-grams only); the app passes the translator's identifyLanguage. */
  identifyLanguage?: IdentifyLanguage;
}

export async function createTts(opts: TtsOptions = {}): Promise<TtsEngine> {
  const engine = opts.engine ?? 'auto';
  const platform = opts.platform ?? process.platform;
  if (engine === 'espeak-ng') return createSynthesizer(createEspeakBackend({ command: opts.espeakCommand }), opts.identifyLanguage);
  if (engine === 'say') {
    const onMacOrWindows = platform === 'darwin' || platform === 'win32';
    return createSynthesizer(createSayBackend(platform, { espeakInstalled: !onMacOrWindows && espeakAvailable(opts.espeakCommand) }), opts.identifyLanguage);
  }
  if (engine !== 'auto') throw new MambaError('BAD_INPUT', `unknown speech engine '${String(engine)}'`, 'use auto, espeak-ng or say');
  if (espeakAvailable(opts.espeakCommand)) return createSynthesizer(createEspeakBackend({ command: opts.espeakCommand }), opts.identifyLanguage);
  if (platform === 'darwin' || platform === 'win32') return createSynthesizer(createSayBackend(platform), opts.identifyLanguage);
  throw new MambaError('ENGINE_UNAVAILABLE', 'speech output needs espeak-ng, which is not installed', espeakFix(platform));
}
