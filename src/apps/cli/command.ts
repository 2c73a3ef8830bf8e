/**
 * A CLI command declares its options once; `node:util` parseArgs parses them, and the usage line and
 * `--help` text are generated from the same declaration, so they cannot drift from what is accepted.
 */
import { parseArgs } from 'node:util';
import { MambaError } from '../../shared/errors';
import { CliCommand, CliIO } from './io';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value is, in the usage line ('FILE', 'N'); `choices` are shown instead when given. */
  value?: string;
  choices?: readonly string[];
  /** A whole number in this range. */
  int?: { min: number; max: number };
  default?: string;
  /** The command cannot run without it. */
  required?: boolean;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** How it is started, for the usage and help lines (default `mamba <name>`; scripts give `npx tsx scripts/...`). */
  program?: string;
  summary: string;
  /** Positional arguments as shown in the usage line, e.g. '<file.wav>' or '[text...]'. */
  args?: string;
  positionals?: { min: number; max: number };
  options: Record<string, OptionSpec>;
  /** Extra lines for --help (examples, notes). */
  notes?: string[];
}

/** Parsed options: strings for string options, booleans for flags (absent flags are false). */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : O[K] extends { default: string } | { required: true } ? string : string | undefined;
};

const invocation = (spec: CommandSpec): string => spec.program ?? `mamba ${spec.name}`;

function valueHint(o: OptionSpec): string {
  return o.choices ? o.choices.join('|') : (o.value ?? 'VALUE');
}

/** One line: `mamba name <args> [--flag] [--opt VALUE] ...`, for usage errors. */
export function usageLine(spec: CommandSpec): string {
  const opts = Object.entries(spec.options).map(([name, o]) => {
    const opt = `--${name}${o.type === 'string' ? ` ${valueHint(o)}` : ''}`;
    return o.required ? opt : `[${opt}]`;
  });
  return [invocation(spec), ...(spec.args ? [spec.args] : []), ...opts].join(' ');
}

/** The text `mamba <name> --help` prints. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${valueHint(o)}` : ''}`;
    return [flag, o.help + (o.default !== undefined ? ` (default: ${o.default})` : '')];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    `usage: ${invocation(spec)}${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
  ].join('\n');
}

/** A usage error for this command (exit code 2): what was wrong, then the usage line. */
export function usageFailure(spec: CommandSpec, why: string): MambaError {
  return new MambaError('BAD_INPUT', `${why}; usage: ${usageLine(spec)}`, `run '${invocation(spec)} --help'`);
}

export interface Parsed<O extends Record<string, OptionSpec>> {
  values: OptionValues<O>;
  positionals: string[];
}

/** Parses `args` against the spec; throws a usage error (exit code 2) naming what was wrong. */
export function parseCommandArgs<O extends Record<string, OptionSpec>>(spec: CommandSpec & { options: O }, args: string[]): Parsed<O> {
  const fail = (why: string): never => {
    throw usageFailure(spec, why);
  };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}) }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    return fail((e as Error).message.split('\n')[0]);
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const v = parsed.values[name];
    if (o.type === 'boolean') {
      values[name] = v === true;
      continue;
    }
    const s = typeof v === 'string' ? v : o.default;
    if (s === undefined && o.required) fail(`--${name} is required`);
    if (s !== undefined && o.choices && !o.choices.includes(s)) fail(`--${name} must be one of ${o.choices.join(', ')}`);
    if (s !== undefined && o.int) {
      const n = Number(s);
      if (!Number.isInteger(n) || n < o.int.min || n > o.int.max) fail(`--${name} must be a whole number from ${o.int.min} to ${o.int.max}`);
    }
    values[name] = s;
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min) fail(`missing ${spec.args ?? 'arguments'}`);
  if (parsed.positionals.length > max) fail(`unexpected argument '${parsed.positionals[max]}'`);
  return { values: values as OptionValues<O>, positionals: parsed.positionals };
}

/** A command: its spec, and `run` that answers --help from the spec and otherwise parses and runs `body`. */
export function defineCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec & { options: O },
  body: (p: Parsed<O>, io: CliIO) => Promise<number>,
): { spec: CommandSpec; run: CliCommand } {
  return {
    spec,
    run: async (args, io) => {
      const end = args.indexOf('--');
      const own = end < 0 ? args : args.slice(0, end);
      if (own.includes('--help') || own.includes('-h')) {
        io.out(helpText(spec));
        return 0;
      }
      return body(parseCommandArgs(spec, args), io);
    },
  };
}
