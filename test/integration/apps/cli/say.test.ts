/** `mamba say` with the real espeak-ng: writes a valid WAV in the right voice. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../../src/apps/cli/main';
import type { CliIO } from '../../../../src/apps/cli/io';
import { readWav } from '../../../../src/main/platform/wav';

function capture(stdin = ''): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: (l) => stderr.push(l), readStdin: async () => stdin };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-say-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('mamba say <text> --out file.wav --lang es writes a valid WAV', async () => {
  const out = path.join(dir, 'hola.wav');
  const io = capture();
  expect(await main(['say', 'Hola, buenos días a todos.', '--out', out, '--lang', 'es', '--json'], io)).toBe(0);
  const info = JSON.parse(io.stdout[0]);
  expect(info).toMatchObject({ file: out, lang: 'es', voice: 'es', engine: 'espeak-ng' });
  const wav = readWav(fs.readFileSync(out), { sampleRate: null });
  expect(wav.warnings).toEqual([]);
  expect(wav.source).toMatchObject({ channels: 1, bitsPerSample: 16, format: 'pcm' });
  const secs = wav.pcm.length / wav.sampleRate;
  expect(secs).toBeCloseTo(info.seconds, 2);
  expect(secs).toBeGreaterThan(1);
  // Not silence.
  const peak = wav.pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  expect(peak).toBeGreaterThan(3000);
});

test('text from stdin, language detected', async () => {
  const out = path.join(dir, 'stdin.wav');
  const io = capture('Good morning, this is Mamba speaking.');
  expect(await main(['say', '--out', out], io)).toBe(0);
  expect(io.stdout[0]).toMatch(/voice en-us, en/);
  expect(readWav(fs.readFileSync(out), { sampleRate: null }).pcm.length).toBeGreaterThan(22050);
});

test('no --out is a usage error; an unwritable path is a storage error', async () => {
  expect(await main(['say', 'hello'], capture())).toBe(2);
  const io = capture();
  expect(await main(['say', 'hello', '--out', path.join(dir, 'no', 'such', 'dir.wav')], io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(/cannot write/);
});
