/**
 * `mamba transcribe`, `read` and `recognize` check what they are given before reading it (issue 13.4 and
 * 13.10): a device such as /dev/zero, a directory, a file over the size cap, a WAV longer than the
 * duration cap. Real CLI in a child process (from source through tsx).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync, truncateSync, mkdirSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-limits-'));

function mamba(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(TSX, [path.join(ROOT, 'src/apps/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stderr: r.stderr };
}

/** A WAV header for `seconds` of 8 kHz 8-bit mono (1 byte a sample), followed by that much silence. */
function longWav(seconds: number): Buffer {
  const n = 8000 * seconds;
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + n, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write('data', 36);
  h.writeUInt32LE(n, 40);
  return Buffer.concat([h, Buffer.alloc(n, 128)]);
}

describe('mamba transcribe refuses what it cannot bound', () => {
  it('/dev/zero: a clear error, not a read that never ends', () => {
    const r = mamba('transcribe', '/dev/zero');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it('a directory: "is a directory", not "File not found"', () => {
    const d = path.join(dir, 'folder.wav');
    mkdirSync(d);
    const r = mamba('transcribe', d);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a directory/);
  });

  it('a file over the size cap is refused before it is read', () => {
    const big = path.join(dir, 'huge.wav');
    writeFileSync(big, longWav(1));
    truncateSync(big, 2 * 1024 * 1024 * 1024); // sparse: 2 GB claimed, nothing written
    const r = mamba('transcribe', big);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/at most 256 MB/);
  });

  it('a WAV longer than 10 minutes is refused with its length', () => {
    const f = path.join(dir, 'long.wav');
    writeFileSync(f, longWav(11 * 60));
    const r = mamba('transcribe', f);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/about 11 minutes of audio; at most 10 minutes/);
  });
});

describe('read and recognize: directories and devices', () => {
  it('read names a directory as a directory', () => {
    const r = mamba('read', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a directory/);
    expect(r.stderr).not.toMatch(/not found/);
  });

  it('recognize reads a folder; one without drawings or images says so (not "File not found")', () => {
    const empty = path.join(dir, 'empty-folder');
    mkdirSync(empty);
    const r = mamba('recognize', empty);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No drawings or images in/);
  });

  it.each(['read', 'recognize'])('%s refuses /dev/zero at once', (cmd) => {
    const r = mamba(cmd, '/dev/zero');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a regular file/);
  });
});
