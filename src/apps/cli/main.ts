import type { CommandSpec } from './command';
import { CliCommand, CliIO, processIO, reportFailure } from './io';

type Loader = () => Promise<{ spec: CommandSpec; run: CliCommand }>;
const COMMANDS: Record<string, Loader> = {
  recognize: () => import('./commands/recognize'),
  translate: () => import('./commands/translate'),
  transcribe: () => import('./commands/transcribe'),
  read: () => import('./commands/read'),
  say: () => import('./commands/say'),
  models: () => import('./commands/models'),
  serve: () => import('./commands/serve'),
};

/** The list of commands, each with its usage line and summary, from the commands' own specs. */
async function help(): Promise<string> {
  const specs = await Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).spec));
  return [
    "mamba — offline assistant (headless CLI over the app's engines)",
    '',
    ...specs.flatMap((s) => [`  mamba ${s.name}${s.args ? ` ${s.args}` : ''} [options]`, `      ${s.summary}`]),
    '',
    "Run 'mamba <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] && COMMANDS[rest[0]]) return main([rest[0], '--help'], io);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(await help());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`mamba: unknown command '${name}'. Run 'mamba --help' for the list.`);
    return 2;
  }
  try {
    // Commands load lazily so `mamba translate` never pays for loading the CNN.
    const cmd = await load();
    return await cmd.run(rest, io);
  } catch (e) {
    return reportFailure(e, io);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`mamba: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
