/**
 * `mamba translate` end to end with the real Apertium: once as a separate process fed on stdin
 * (as a user pipes text), the rest in-process through the same CLI entry with captured output.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { main } from '../../../../src/apps/cli/main';
import type { CliIO } from '../../../../src/apps/cli/io';
import { packageRoot } from '../../../../src/main/platform/appPaths';

const ROOT = packageRoot();

function capture(stdin = ''): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: (l) => stderr.push(l), readStdin: async () => stdin };
}

test('text on stdin, --from auto, as a separate process', () => {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/apps/cli/main.ts', 'translate', '--from', 'auto', '--to', 'en'], {
    cwd: ROOT,
    input: 'El perro duerme en la casa.\n',
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, MAMBA_QUIET: '1' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/dog/i);
  expect(r.stdout).toMatch(/house/i);
});

test('text as arguments, plain output', async () => {
  const io = capture();
  expect(await main(['translate', '--from', 'en', '--to', 'es', 'The', 'house', 'is', 'big.'], io)).toBe(0);
  expect(io.stdout).toEqual(['La casa es grande.']);
});

test('--json gives the detail, the quality note and detection', async () => {
  const io = capture('La maison est grande.');
  expect(await main(['translate', '--to', 'en', '--json'], io)).toBe(0);
  const r = JSON.parse(io.stdout[0]);
  expect(r).toMatchObject({ from: 'fr', to: 'en', quality: 'pivot', via: 'es', engine: 'warm' });
  expect(r.text).toMatch(/house/i);
  expect(r.detected.lang).toBe('fr');
  expect(r.note).toMatch(/literal/);
});

test('--list shows the pairs', async () => {
  const io = capture();
  expect(await main(['translate', '--list'], io)).toBe(0);
  expect(io.stdout).toContain('en -> es');
  expect(io.stdout).toContain('fr -> en  (through es, lower quality)');
});

test('a missing pair fails with the package to install', async () => {
  const io = capture();
  expect(await main(['translate', '--from', 'en', '--to', 'ca', 'hello'], io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(/English -> Catalan.*fix: sudo apt install apertium-eng-cat/);
});

test('usage errors exit 2; empty input is explained', async () => {
  const io = capture();
  expect(await main(['translate', '--from', 'en', 'hello'], io)).toBe(2);
  const empty = capture('   ');
  expect(await main(['translate', '--from', 'en', '--to', 'es'], empty)).toBe(1);
  expect(empty.stderr.join('\n')).toMatch(/no text to translate/);
});
