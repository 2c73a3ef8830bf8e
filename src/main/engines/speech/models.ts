/** Where speech models live and which ones to get: shared by the engines and `mamba models`. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** User model folder: $MAMBA_MODELS_DIR, else ~/.config/mamba/models (Electron's userData on Linux). */
export function userModelsDir(): string {
  if (process.env.MAMBA_MODELS_DIR) return process.env.MAMBA_MODELS_DIR;
  const base =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Application Support')
        : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'mamba', 'models');
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
export function findVoskModels(): VoskModelInfo[] {
  const dirs: string[] = [];
  if (process.env.MAMBA_VOSK_MODEL) dirs.push(process.env.MAMBA_VOSK_MODEL);
  const root = userModelsDir();
  try {
    for (const e of fs.readdirSync(root, { withFileTypes: true })) if (e.isDirectory() && e.name.startsWith('vosk-model')) dirs.push(path.join(root, e.name));
  } catch {
    // no model folder yet
  }
  return dirs.filter((d) => fs.existsSync(d)).map((dir) => ({ dir, lang: voskModelLang(dir), complete: isCompleteVoskModel(dir) }));
}
