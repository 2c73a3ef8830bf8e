/** CLI options: parsed by node:util parseArgs from each command's own declaration, help generated from it. */
import { defineCommand, helpText, parseCommandArgs, usageLine } from '../../../../src/apps/cli/command';
import type { CliIO } from '../../../../src/apps/cli/io';
import { main } from '../../../../src/apps/cli/main';
import { MambaError } from '../../../../src/shared/errors';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: (l) => stderr.push(l), readStdin: async () => '' };
}

const spec = {
  name: 'demo',
  summary: 'A command for the test.',
  args: '<file>',
  positionals: { min: 1, max: 1 },
  options: {
    model: { type: 'string', choices: ['letters', 'full'], default: 'full', help: 'which model' },
    rate: { type: 'string', value: 'WPM', int: { min: 80, max: 400 }, help: 'words per minute' },
    out: { type: 'string', short: 'o', value: 'FILE', required: true, help: 'where to write' },
    json: { type: 'boolean', help: 'as JSON' },
  },
} as const;

function usageMessage(args: string[]): string {
  try {
    parseCommandArgs(spec, args);
  } catch (e) {
    expect(e).toBeInstanceOf(MambaError);
    expect((e as MambaError).code).toBe('BAD_INPUT');
    return (e as MambaError).message;
  }
  throw new Error(`accepted ${args.join(' ')}`);
}

test('values, defaults, short flags and positionals', () => {
  const p = parseCommandArgs(spec, ['in.json', '-o', 'x.wav', '--rate', '120']);
  expect(p.values).toEqual({ model: 'full', rate: '120', out: 'x.wav', json: false });
  expect(p.positionals).toEqual(['in.json']);
  expect(parseCommandArgs(spec, ['a', '--out=y', '--json', '--model', 'letters']).values).toMatchObject({ model: 'letters', json: true, out: 'y' });
});

test('each wrong use names what is wrong, then the usage line', () => {
  expect(usageMessage(['a', '--out', 'x', '--model', 'klingon'])).toMatch(/^--model must be one of letters, full; usage: mamba demo/);
  expect(usageMessage(['a', '--out', 'x', '--rate', '9000'])).toMatch(/--rate must be a whole number from 80 to 400/);
  expect(usageMessage(['a'])).toMatch(/--out is required/);
  expect(usageMessage(['--out', 'x'])).toMatch(/missing <file>/);
  expect(usageMessage(['a', 'b', '--out', 'x'])).toMatch(/unexpected argument 'b'/);
  expect(usageMessage(['a', '--out', 'x', '--colour'])).toMatch(/Unknown option '--colour'/);
});

test('usage line and help come from the declaration', () => {
  expect(usageLine(spec)).toBe('mamba demo <file> [--model letters|full] [--rate WPM] --out FILE [--json]');
  const help = helpText(spec);
  for (const line of ['usage: mamba demo <file> [options]', 'A command for the test.', '--model letters|full', 'which model (default: full)', '-o, --out FILE', '-h, --help']) {
    expect(help).toContain(line);
  }
});

test('a script declares its options the same way and is named by how it is started', () => {
  const script = { ...spec, program: 'npx tsx scripts/eval/demo.ts' };
  expect(usageLine(script)).toMatch(/^npx tsx scripts\/eval\/demo\.ts <file> \[--model/);
  expect(helpText(script)).toContain('usage: npx tsx scripts/eval/demo.ts <file> [options]');
  try {
    parseCommandArgs(script, ['a']);
    throw new Error('accepted a without --out');
  } catch (e) {
    expect((e as MambaError).fix).toBe("run 'npx tsx scripts/eval/demo.ts --help'");
  }
});

test('--help prints the help and exits 0 without running the command', async () => {
  let ran = false;
  const cmd = defineCommand(spec, async () => ((ran = true), 0));
  const io = capture();
  expect(await cmd.run(['--help'], io)).toBe(0);
  expect(io.stdout.join('\n')).toContain('usage: mamba demo');
  expect(ran).toBe(false);
});

test('mamba serve --help and mamba help serve exit 0 with the options of serve; mamba --help lists every command', async () => {
  for (const argv of [['serve', '--help'], ['help', 'serve']]) {
    const io = capture();
    expect(await main(argv, io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/usage: mamba serve[\s\S]*--port N[\s\S]*--open[\s\S]*--data DIR/);
  }
  const io = capture();
  expect(await main(['--help'], io)).toBe(0);
  for (const name of ['recognize', 'translate', 'transcribe', 'read', 'say', 'models', 'serve']) expect(io.stdout.join('\n')).toContain(`mamba ${name}`);
  const bad = capture();
  expect(await main(['serve', '--port', 'x'], bad)).toBe(2);
  expect(bad.stderr.join('\n')).toMatch(/--port must be a whole number/);
});
