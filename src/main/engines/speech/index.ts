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
}

export async function createSpeechEngine(opts: SpeechEngineOptions = {}): Promise<SpeechEngine> {
  const lang = opts.lang ?? 'en';
  const log = opts.log ?? ((l: string) => process.stderr.write(`mamba: ${l}\n`));
  const want = opts.engine ?? 'auto';
  const voskDir = opts.voskModelDir ?? findVoskModels().find((m) => m.complete && m.lang === lang)?.dir;
  const fixFor = (l: string) => {
    const m = VOSK_MODELS.find((x) => x.lang === l);
    return m ? `download ${m.name} from ${m.url} and unzip it into ${userModelsDir()}` : `install a Vosk model for '${l}' into ${userModelsDir()}`;
  };

  if (want === 'vosk' || (want === 'auto' && voskDir)) {
    if (!voskDir) throw new MambaError('MODEL_MISSING', `no Vosk model for '${lang}' installed`, fixFor(lang));
    try {
      const e = await createVosk({ modelDir: voskDir, lang, onProgress: opts.onProgress });
      log(`speech: using Vosk with ${voskDir}`);
      return e;
    } catch (err) {
      if (want === 'vosk') throw err;
      // auto: a broken Vosk set-up must not cost the user their voice commands.
      log(`speech: Vosk unavailable (${toMambaError(err).toLine()}); falling back to PocketSphinx`);
    }
  }
  if (lang !== 'en') {
    throw new MambaError('MODEL_MISSING', `PocketSphinx here has only an English model; no speech model for '${lang}'`, fixFor(lang));
  }
  const e = await createPocketSphinx({ onProgress: opts.onProgress, kwsThreshold: opts.kwsThreshold });
  if (want === 'auto') log(`speech: using PocketSphinx (no Vosk model in ${userModelsDir()}; run \`mamba models\` to add one)`);
  else log('speech: using PocketSphinx');
  return e;
}
