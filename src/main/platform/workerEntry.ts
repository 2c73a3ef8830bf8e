/**
 * How to start a worker thread from a module next to the caller: its compiled .js sibling (dist/, the
 * packaged app), else the TypeScript source through tsx's CommonJS hook (tsx and ts-jest run from src/).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MambaError } from '../../shared/errors';

export type WorkerEntry = { code: string; eval: true } | { file: string; eval: false };

export function workerEntry(dir: string, baseName: string, what: string): WorkerEntry {
  const js = path.join(dir, `${baseName}.js`);
  if (fs.existsSync(js)) return { file: js, eval: false };
  const ts = path.join(dir, `${baseName}.ts`);
  let hook: string;
  try {
    hook = require.resolve('tsx/cjs');
  } catch {
    throw new MambaError('ENGINE_UNAVAILABLE', `No compiled ${what} (${js}) and no tsx to run ${ts}`, 'run `npm run build`');
  }
  if (!fs.existsSync(ts)) throw new MambaError('ENGINE_UNAVAILABLE', `The ${what} was not found next to ${dir}`, 'run `npm run build`');
  return { code: `require(${JSON.stringify(hook)}); require(${JSON.stringify(ts)});`, eval: true };
}
