/**
 * Speech recognition entry point (docs/engines.md). `auto` picks Vosk when a Vosk model for the
 * language is installed (and libvosk loads), else PocketSphinx; it says which in one log line.
 */
import { MambaError, toMambaError } from '../../../shared/errors';
import type { ProgressFn, SpeechEngineChoice } from '../../../shared/types';
import type { SpeechEngine } from './types';
import { createPocketSphinx } from './pocketsphinx';
import { createVosk } from './vosk';
import { findVoskModels, userModelsDir, VOSK_MODELS } from './models';

export type { SpeechEngine, SpeechStream, StreamMode, SpeechEngineName } from './types';
export { readWav, writeWav, resampleInt16, SPEECH_RATE } from '../../platform/wav';
export { createVadGate, speechSpans } from './vad';

export interface SpeechEngineOptions {
  engine?: SpeechEngineChoice;
  /** A Vosk model folder; default: $MAMBA_VOSK_MODEL or a vosk-model-* folder in the user model folder. */
  voskModelDir?: string;
  lang?: 'en' | 'es';
  onProgress?: ProgressFn;
  /** Where the one "using engine X because Y" line goes (default: stderr). */
  log?: (line: string) => void;
  /** PocketSphinx keyword-spotting threshold (default 1e-10). */
  kwsThreshold?: number;
  /** Where Vosk models are looked for (default userModelsDir(): `models` in the data folder). */
  modelsDir?: string;
  /**
   * engine 'vosk' without a usable Vosk model: use PocketSphinx instead (English) and tell
   * onFallback why, rather than fail (the app: voice keeps working). Without it, the error.
   */
  onFallback?: (why: { message: string; fix?: string }) => void;
}

export async function createSpeechEngine(opts: SpeechEngineOptions = {}): Promise<SpeechEngine> {
  const lang = opts.lang ?? 'en';
  const log = opts.log ?? ((l: string) => process.stderr.write(`mamba: ${l}\n`));
  const want = opts.engine ?? 'auto';
  const modelsDir = opts.modelsDir ?? userModelsDir();
  const voskDir = opts.voskModelDir ?? findVoskModels(modelsDir).find((m) => m.complete && m.lang === lang)?.dir;
  const fixFor = (l: string) => {
    const m = VOSK_MODELS.find((x) => x.lang === l);
    return m ? `download ${m.name} from ${m.url} and unzip it into ${modelsDir}` : `install a Vosk model for '${l}' into ${modelsDir}`;
  };
  // Chosen Vosk, not usable: PocketSphinx instead when the caller allows it and it has the language.
  let fellBack: MambaError | null = null;
  const fallBack = (why: MambaError): boolean => {
    if (want !== 'vosk' || !opts.onFallback || lang !== 'en') return false;
    fellBack = why;
    return true;
  };

  if (want === 'vosk' || (want === 'auto' && voskDir)) {
    const missing = voskDir ? null : new MambaError('MODEL_MISSING', `no Vosk model for '${lang}' installed in ${modelsDir}`, fixFor(lang));
    if (missing && !fallBack(missing)) throw missing;
    if (voskDir) try {
      const e = await createVosk({ modelDir: voskDir, lang, onProgress: opts.onProgress });
      log(`speech: using Vosk with ${voskDir}`);
      return e;
    } catch (err) {
      if (want === 'vosk' && !fallBack(toMambaError(err))) throw err;
      // auto: a broken Vosk set-up must not cost the user their voice commands.
      log(`speech: Vosk unavailable (${toMambaError(err).toLine()}); falling back to PocketSphinx`);
    }
  }
  // Spanish without a Spanish model: PocketSphinx's English model hears the Spanish commands, spelt in
  // its phones (docs/voice.md, "Spanish"); free text in Spanish needs the Vosk model.
  if (lang !== 'en' && !(lang === 'es' && want === 'auto')) {
    throw new MambaError('MODEL_MISSING', `PocketSphinx here has only an English model; no speech model for '${lang}'`, fixFor(lang));
  }
  const e = await createPocketSphinx({ onProgress: opts.onProgress, kwsThreshold: opts.kwsThreshold, log });
  // Said once, and only once PocketSphinx works: the fallback is real.
  const why = fellBack as MambaError | null;
  if (why) opts.onFallback?.({ message: `Vosk cannot be used (${why.message}), so Mamba listens with PocketSphinx instead.`, fix: why.fix });
  if (lang === 'es') log(`speech: using PocketSphinx's English model for the Spanish commands only (no Vosk model for 'es' in ${modelsDir}; free text in Spanish needs one: ${fixFor('es')})`);
  else if (want === 'auto') log(`speech: using PocketSphinx (no Vosk model in ${modelsDir}; run \`mamba models\` to add one)`);
  else log('speech: using PocketSphinx');
  return e;
}
