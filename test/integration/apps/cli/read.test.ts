/**
 * "Read this" end to end through the CLI: a generated webcam photo file -> page -> real
 * Tesseract -> real Apertium translation -> real espeak-ng speech, and the one-line failures.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makePhoto } from '../../../../scripts/makeTestPhotos';
import { main } from '../../../../src/apps/cli/main';
import type { CliIO } from '../../../../src/apps/cli/io';
import { characterErrorRate } from '../../../../src/main/engines/ocr/characterErrorRate';
import { packageRoot } from '../../../../src/main/platform/appPaths';

const ROOT = packageRoot();
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-read-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/apps/cli/main.ts'), ...args], {
      cwd: dir,
      env: { ...process.env, MAMBA_QUIET: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runInProcess(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => undefined, readStdin: async () => '' };
  return { code: await main(args, io), out, err };
}

async function photoFile(name: string, o: Parameters<typeof makePhoto>[0]): Promise<{ file: string; text: string }> {
  const p = await makePhoto(o);
  const file = path.join(dir, name);
  fs.writeFileSync(file, p.jpeg);
  return { file, text: p.text };
}

test('mamba read photo.jpg --to es --json --say out.wav: text, translation, speech and timed steps', async () => {
  const lines = ['The next train leaves from platform four', 'Please take one ticket and wait your turn'];
  const { file, text } = await photoFile('sign.jpg', { seed: 21, level: 'perspective', lines });
  const wav = path.join(dir, 'out.wav');
  const r = await runCli(['read', file, '--to', 'es', '--json', '--say', wav]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const res = JSON.parse(r.stdout) as {
    ocr: { text: string; page?: unknown };
    translation: { text: string; from: string; to: string };
    speech: { lang: string };
    steps: { name: string; ms: number }[];
    noText: boolean;
  };
  expect(characterErrorRate(text, res.ocr.text)).toBeLessThan(0.03);
  expect(res.ocr.page).toBeDefined();
  expect(res.translation).toMatchObject({ from: 'en', to: 'es' });
  expect(res.translation.text.toLowerCase()).toContain('tren');
  expect(res.speech.lang).toBe('es');
  expect(res.steps.map((s) => s.name)).toEqual(['capture', 'page', 'ocr', 'translate', 'speak']);
  expect(res.steps.every((s) => s.ms >= 0)).toBe(true);
  const bytes = fs.readFileSync(wav);
  expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
  expect(bytes.length).toBeGreaterThan(44 + 16000); // more than half a second of 16-bit audio
});

test('plain mamba read prints the text', async () => {
  const { file, text } = await photoFile('plain.jpg', { seed: 22, level: 'tilted' });
  const r = await runInProcess(['read', file]);
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  expect(characterErrorRate(text, r.out.join('\n'))).toBeLessThan(0.03);
});

test.each([
  ['not an image', async () => {
    const f = path.join(dir, 'notes.jpg');
    fs.writeFileSync(f, 'these are notes, not a photo');
    return f;
  }, /not an image/],
  ['missing file', async () => path.join(dir, 'nope.jpg'), /File not found/],
  ['dark photo', async () => (await photoFile('dark.jpg', { seed: 23, level: 'dark' })).file, /too dark.*more light/],
  ['photo without text', async () => (await photoFile('desk.jpg', { seed: 24, level: 'clean', noPage: true })).file, /No text found/],
])('%s: exit 1 with one line on stderr', async (_name, make, pattern) => {
  const r = await runInProcess(['read', await make()]);
  expect(r.code).toBe(1);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(/^mamba: /);
  expect(r.err[0]).toMatch(pattern);
});

test('usage errors exit 2', async () => {
  expect((await runInProcess(['read'])).code).toBe(2);
  expect((await runInProcess(['read', 'a.jpg', '--backend', 'ocrad'])).code).toBe(2);
});
