import { CliCommand, CliIO, processIO, reportFailure } from './io';

const HELP = `mamba — offline assistant (headless CLI over the app's engines)

  mamba recognize <image.png|drawing.json> [--model letters|full] [--json]
  mamba translate --from <lang|auto> --to <lang> [text]   (text from stdin when absent)
  mamba transcribe <file.wav> [--json]
  mamba read <photo> [--to <lang>] [--json]
  mamba say <text> --out <file.wav> [--lang en|es]
  mamba models                                            (installed models and where to put more)
  mamba serve [--port N] [--open] [--data DIR]             (engines on 127.0.0.1 + the UI in your browser)
`;

type Loader = () => Promise<{ run: CliCommand }>;
const COMMANDS: Record<string, Loader> = {
  recognize: () => import('./commands/recognize'),
  translate: () => import('./commands/translate'),
  transcribe: () => import('./commands/transcribe'),
  read: () => import('./commands/read'),
  say: () => import('./commands/say'),
  models: () => import('./commands/models'),
  serve: () => import('./commands/serve'),
};

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
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
