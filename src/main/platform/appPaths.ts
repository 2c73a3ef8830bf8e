/** Where Mamba keeps things: the user data dir (log, settings, samples) and its own install root. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Electron's productName; app.getPath('userData') uses it, so browser mode shares the same data. */
export const PRODUCT_NAME = 'Mamba';

/** The per-user data dir: $MAMBA_USER_DATA, else the platform's app data dir (same as Electron's). */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.MAMBA_USER_DATA) return path.resolve(env.MAMBA_USER_DATA);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

let root: string | undefined;
/** The folder holding Mamba's package.json (works from src/ under ts-jest/tsx and from dist/src/). */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string };
      if (pkg.name === 'mamba') return (root = dir);
    } catch {
      /* not here */
    }
    if (path.dirname(dir) === dir) return (root = process.cwd());
  }
}

let version: string | undefined;
export function appVersion(): string {
  if (version) return version;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
    version = pkg.version ?? '0.0.0';
  } catch {
    version = '0.0.0';
  }
  return version;
}

/** The built renderer (index.html, bundles). */
export function rendererDir(): string {
  return path.join(packageRoot(), 'dist', 'renderer');
}
