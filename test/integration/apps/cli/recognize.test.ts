/**
 * `mamba recognize` end to end in a child process (the CLI's real entry, run from source through tsx so
 * the test needs no build): a drawing file of hand-authored pen digits (no data set needed), an image, --json,
 * and bad input.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { drawingToPng } from '../../../fixtures/handwriting/pen';
import { handDigits } from '../../../fixtures/handwriting/penPaths';
import { packageRoot } from '../../../../src/main/platform/appPaths';
import { fixtureLetters, penWord } from '../../../fixtures/handwriting/penPaths';

const ROOT = packageRoot();
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-cli-'));

function mamba(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(TSX, [path.join(ROOT, 'src/apps/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mamba recognize (CLI, child process)', () => {
  test('drawing.json of hand-drawn digits "12 34" prints the text; progress and backend go to stderr', () => {
    const file = path.join(tmp, 'drawing.json');
    fs.writeFileSync(file, JSON.stringify({ ...handDigits('12 34').drawing, app: 'test', version: 3 }));
    const r = mamba('recognize', file);
    expect(r.code).toBe(0);
    const text = r.out.trim();
    expect(text.split(' ')).toHaveLength(2);
    expect([...'1234'].filter((c, i) => text.replace(' ', '')[i] === c).length).toBeGreaterThanOrEqual(3);
    expect(r.err).toMatch(/using tfjs backend '(wasm|tensorflow|cpu)'/);
  });

  test('--json on a PNG: text, words, chars with confidence and top-3 alternatives, backend, ms', async () => {
    const file = path.join(tmp, 'digits.png');
    fs.writeFileSync(file, await drawingToPng(handDigits('567').drawing));
    const r = mamba('recognize', file, '--json', '--model', 'full');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { text: string; words: { text: string }[]; chars: { char: string; confidence: number; alternatives: { char: string }[] }[]; backend: string; ms: number };
    expect(j.words).toHaveLength(1);
    expect(j.chars).toHaveLength(3);
    expect(j.text).toBe(j.chars.map((c) => c.char).join(''));
    expect([...'567'].filter((c, i) => j.text[i] === c).length).toBeGreaterThanOrEqual(2);
    for (const c of j.chars) {
      expect(c.alternatives[0].char).toBe(c.char);
      expect(c.alternatives.length).toBeLessThanOrEqual(3);
    }
    expect(j.backend).toMatch(/wasm|tensorflow|cpu/);
    expect(j.ms).toBeGreaterThan(0);
  });

  test('bad input: one line on stderr and a non-zero exit', () => {
    const junk = path.join(tmp, 'junk.png');
    fs.writeFileSync(junk, 'not a picture');
    const dot = path.join(tmp, 'dot.json');
    fs.writeFileSync(dot, '{"strokes": [[[3, 4]]]}');
    for (const [args, code, msg] of [
      [[junk], 1, /not an image/],
      [[dot], 1, /single dot/],
      [[path.join(tmp, 'missing.json')], 1, /not found/],
      [[dot, '--model', 'klingon'], 2, /usage/],
    ] as const) {
      const r = mamba('recognize', ...args);
      expect(r.code).toBe(code);
      const lines = r.err.trim().split('\n').filter((l) => l.startsWith('mamba:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(msg);
      expect(r.out).toBe('');
    }
  });
});

describe('mamba recognize on many files (CLI, child process; hand-authored pen paths, no data set needed)', () => {
  const CAPS = fixtureLetters('capitals');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-cli-many-'));
  fs.writeFileSync(path.join(dir, 'a-cat.json'), JSON.stringify(penWord(CAPS, 'CAT', 1)));
  fs.writeFileSync(path.join(dir, 'b-broken.png'), 'not a picture');
  fs.writeFileSync(path.join(dir, 'c-ten.json'), JSON.stringify(penWord(CAPS, 'TEN', 2)));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored: not a drawing or image type');

  test('a folder with --json: one JSON line per file in name order, the bad file its own error line, exit 1', () => {
    const r = mamba('recognize', dir, '--json');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; text?: string; chars?: unknown[]; error?: { code: string; message: string } });
    expect(lines.map((l) => path.basename(l.file))).toEqual(['a-cat.json', 'b-broken.png', 'c-ten.json']);
    expect(lines[0].text).toBe('CAT');
    expect(lines[0].chars).toHaveLength(3);
    expect(lines[1].error?.code).toBe('BAD_INPUT');
    expect(lines[1].text).toBeUndefined();
    expect(lines[2].text).toBe('TEN');
  });

  test('several files as arguments: "<file>: <text>" per file; a missing one is reported on stderr and the rest still run', () => {
    const missing = path.join(dir, 'missing.json');
    const r = mamba('recognize', path.join(dir, 'c-ten.json'), missing, path.join(dir, 'a-cat.json'));
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([`${path.join(dir, 'c-ten.json')}: TEN`, `${path.join(dir, 'a-cat.json')}: CAT`]);
    expect(r.err).toContain(`mamba: ${missing}: File not found`);
  });

  test('a folder with nothing to read is a clear error', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-cli-empty-'));
    const r = mamba('recognize', empty);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/mamba: No drawings or images in/);
  });
});
