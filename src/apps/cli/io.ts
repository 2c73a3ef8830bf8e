import { toMambaError } from '../../shared/errors';

/** Where a CLI command writes; injectable so tests can capture output. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Progress for long work; goes to stderr so stdout stays scriptable. */
  progress(line: string): void;
  readStdin(): Promise<string>;
}

export const processIO: CliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  progress: (l) => {
    if (!process.env.MAMBA_QUIET) process.stderr.write(l + '\n');
  },
  readStdin: async () => {
    if (process.stdin.isTTY) return '';
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Turn any failure into the one-line reason the CLI promises, with exit code 1 (2 for usage). */
export function reportFailure(e: unknown, io: CliIO): number {
  const err = toMambaError(e);
  io.err(`mamba: ${err.toLine()}`);
  return err.code === 'BAD_INPUT' && /usage/i.test(err.message) ? 2 : 1;
}
