/** Where speech models live and which ones to get: shared by the engines and `mamba models`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultUserDataDir } from '../../platform/appPaths';

/**
 * User model folder: $MAMBA_MODELS_DIR, else `models` in the data folder the app uses (the
 * --data folder, or ~/.config/Mamba, Electron's userData). It used to be ~/.config/mamba/models,
 * a folder the app never looked in besides this one: messages named a place that was not the data folder.
 */
export function userModelsDir(userDataDir: string = defaultUserDataDir()): string {
  if (process.env.MAMBA_MODELS_DIR) return process.env.MAMBA_MODELS_DIR;
  return path.join(userDataDir, 'models');
}

/** Recommended Vosk models (https://alphacephei.com/vosk/models), small ones first. */
export const VOSK_MODELS: { lang: 'en' | 'es'; name: string; size: string; url: string }[] = [
  { lang: 'en', name: 'vosk-model-small-en-us-0.15', size: '40 MB', url: 'https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip' },
  { lang: 'es', name: 'vosk-model-small-es-0.42', size: '39 MB', url: 'https://alphacephei.com/vosk/models/vosk-model-small-es-0.42.zip' },
  { lang: 'en', name: 'vosk-model-en-us-0.22-lgraph', size: '128 MB', url: 'https://alphacephei.com/vosk/models/vosk-model-en-us-0.22-lgraph.zip' },
];

export interface VoskModelInfo {
  dir: string;
  lang: 'en' | 'es' | string;
  /** Looks like a usable model (am/final.mdl and conf/ present). */
  complete: boolean;
}

/** A Vosk model's language, from its folder name (vosk-model-small-es-0.42 -> es). */
export function voskModelLang(dir: string): string {
  const m = /vosk-model-(?:small-)?([a-z]{2})(?:[-_]|$)/i.exec(path.basename(dir));
  return m ? m[1].toLowerCase() : 'en';
}

export function isCompleteVoskModel(dir: string): boolean {
  return (fs.existsSync(path.join(dir, 'am', 'final.mdl')) || fs.existsSync(path.join(dir, 'final.mdl'))) && fs.existsSync(path.join(dir, 'conf'));
}

/** Vosk models found: $MAMBA_VOSK_MODEL first, then every vosk-model-* folder in the user model folder. */
export function findVoskModels(root: string = userModelsDir()): VoskModelInfo[] {
  const dirs: string[] = [];
  if (process.env.MAMBA_VOSK_MODEL) dirs.push(process.env.MAMBA_VOSK_MODEL);
  try {
    for (const e of fs.readdirSync(root, { withFileTypes: true })) if (e.isDirectory() && e.name.startsWith('vosk-model')) dirs.push(path.join(root, e.name));
  } catch {
    // no model folder yet
  }
  return dirs.filter((d) => fs.existsSync(d)).map((dir) => ({ dir, lang: voskModelLang(dir), complete: isCompleteVoskModel(dir) }));
}
