/**
 * Runs a script as a CLI command (src/apps/cli/command.ts): its options are declared once, `node:util`
 * parseArgs reads them, `--help` is generated from the declaration, and a usage error is one line with
 * exit code 2. Any other failure that is not a MambaError is a bug: it is thrown on, stack and all.
 */
import { processIO, reportFailure, type CliCommand } from '../../src/apps/cli/io';
import { MambaError } from '../../src/shared/errors';

export function runScript(command: { run: CliCommand }, argv: string[] = process.argv.slice(2)): void {
  command.run(argv, processIO).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (!(e instanceof MambaError)) throw e;
      process.exitCode = reportFailure(e, processIO);
    },
  );
}
