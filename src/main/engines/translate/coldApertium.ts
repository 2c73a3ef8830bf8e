/**
 * One-shot translation with the `apertium` command, as a user would run it: the fallback when a warm
 * pipeline cannot run, and the baseline the benchmark compares the warm pipeline with.
 * `apertium` opens /dev/stdin itself, which fails on a pipe from Node, so the text goes through a
 * private temporary file instead.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MambaError } from '../../../shared/errors';
import type { ApertiumMode } from './modes';
import { utf8Env } from './warmApertium';

export async function translateCold(mode: ApertiumMode, text: string, o: { timeoutMs?: number } = {}): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'mamba-apertium-'));
  const file = path.join(dir, 'in.txt');
  try {
    await fs.promises.writeFile(file, text, { encoding: 'utf8', mode: 0o600 });
    return await new Promise<string>((resolve, reject) => {
      execFile('apertium', ['-d', mode.dataDir, '-u', '-f', 'txt', mode.name, file],
        { encoding: 'utf8', timeout: o.timeoutMs ?? 30000, maxBuffer: 64 * 1024 * 1024, env: utf8Env() },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const e = err as NodeJS.ErrnoException & { killed?: boolean };
          if (e.code === 'ENOENT') {
            reject(new MambaError('ENGINE_UNAVAILABLE', 'the `apertium` program is not installed',
              'sudo apt install apertium apertium-eng-spa'));
          } else if (e.killed) {
            reject(new MambaError('TIMEOUT', `apertium ${mode.name} took too long`, 'try a shorter text'));
          } else {
            reject(new MambaError('INTERNAL', `apertium ${mode.name} failed: ${stderr.trim() || e.message}`,
              `check that \`apertium -u ${mode.name}\` works in a terminal`));
          }
        });
    });
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
