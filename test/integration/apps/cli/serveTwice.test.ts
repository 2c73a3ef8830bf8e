/** Two `mamba serve` on one data folder (real CLI processes): the second refuses, naming the first. */
import { spawn, spawnSync } from 'child_process';
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'src/apps/cli/main.ts');

test('the second mamba serve on the same data folder exits 1 with a message naming the running one', async () => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'mamba-serve2-'));
  const first = spawn(TSX, [CLI, 'serve', '--port', '0', '--data', data], { cwd: ROOT });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      first.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) resolve(m[1]);
      });
      first.once('exit', (c) => reject(new Error(`first serve exited ${c}`)));
    });
    const second = spawnSync(TSX, [CLI, 'serve', '--port', '0', '--data', data], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    expect(second.status).toBe(1);
    // (tsx runs the CLI in a child process: the pid named is that child's, not first.pid)
    expect(second.stderr).toMatch(/is in use by mamba serve \(process \d+, started /);
    expect(second.stderr).toContain(url);
    expect(second.stdout).not.toMatch(/running at/);
  } finally {
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));
  }
});

test('mamba serve --help prints the usage and exits 0', () => {
  const r = spawnSync(TSX, [CLI, 'serve', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/usage: mamba serve/);
});
