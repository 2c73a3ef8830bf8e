/**
 * Debian's `tesseract` program as an OCR backend. Spawned with an argument array (no shell);
 * the PNG goes in on stdin, TSV comes back on stdout. Uses the system tessdata (fast models).
 */
import { spawn, spawnSync } from 'child_process';
import { MambaError } from '../../../shared/errors';
import { DEFAULT_PSM, TesseractBackend } from './backend';

export interface TesseractCliOptions {
  languages: string[];
  /** Program path; default `tesseract` on PATH. */
  program?: string;
  timeoutMs?: number;
}

/** Languages the installed program has data for, or undefined when it is not installed. */
export function listCliLanguages(program = 'tesseract'): string[] | undefined {
  const r = spawnSync(program, ['--list-langs'], { encoding: 'utf8', timeout: 10000 });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^[a-z_]+$/i.test(l));
}

export function createTesseractCli(o: TesseractCliOptions): TesseractBackend {
  const program = o.program ?? 'tesseract';
  const have = listCliLanguages(program);
  if (!have) {
    throw new MambaError('ENGINE_UNAVAILABLE', 'The tesseract program is not installed.', 'install the Debian package tesseract-ocr');
  }
  const missing = o.languages.filter((l) => !have.includes(l));
  if (missing.length) {
    throw new MambaError(
      'MODEL_MISSING',
      `Tesseract has no data for: ${missing.join(', ')}.`,
      `install ${missing.map((l) => `tesseract-ocr-${l}`).join(' ')}`,
    );
  }
  const timeoutMs = o.timeoutMs ?? 30000;
  return {
    name: 'tesseract-cli',
    recognizeTsv(png, opts) {
      const args = ['stdin', 'stdout', '-l', o.languages.join('+'), '--psm', String(opts?.psm ?? DEFAULT_PSM), '--dpi', '300', 'tsv'];
      return new Promise<string>((resolve, reject) => {
        // One thread: on a 2-core machine OpenMP threads fight the app's own work for little gain.
        const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(new MambaError('ENGINE_UNAVAILABLE', `Could not run tesseract: ${e.message}`, 'install the Debian package tesseract-ocr'));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (signal === 'SIGKILL') reject(new MambaError('TIMEOUT', `Tesseract took longer than ${timeoutMs / 1000} s.`, 'try a smaller photo'));
          else if (code !== 0) reject(new MambaError('INTERNAL', `tesseract failed: ${Buffer.concat(err).toString('utf8').trim().split('\n').pop()}`));
          else resolve(Buffer.concat(out).toString('utf8'));
        });
        // EPIPE when tesseract exits early is reported through 'close'.
        child.stdin.on('error', () => undefined);
        child.stdin.end(png);
      });
    },
    async close() {
      /* one process per page: nothing stays running */
    },
  };
}
