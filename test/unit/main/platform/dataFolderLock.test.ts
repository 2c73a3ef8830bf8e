import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE, lockDataFolder, pidAlive } from '../../../../src/main/platform/dataFolderLock';
import { Assistant } from '../../../../src/main/assistant/assistant';
import { failure as refusal } from '../../../fixtures/failure';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'mamba-lock-'));

describe('one writer per data folder', () => {
  it('a second assistant on the same folder refuses, naming the running one; free again after close', async () => {
    const dir = tmp();
    const first = await Assistant.create({ userDataDir: dir, transport: 'websocket' });
    const err = await refusal(Assistant.create({ userDataDir: dir, transport: 'electron' }));
    expect(err.code).toBe('BUSY');
    expect(err.message).toContain('mamba serve');
    expect(err.message).toContain(`process ${process.pid}`);
    expect(err.fix).toMatch(/another data folder/);
    await first.close();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const again = await Assistant.create({ userDataDir: dir, transport: 'electron' });
    await again.close();
  });

  it('a lock held by another live process refuses, with its pid', async () => {
    const dir = tmp();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, host: os.hostname(), app: 'mamba serve', url: 'http://127.0.0.1:8765/', startedAt: '2026-01-01T00:00:00.000Z' }));
      const err = await refusal(lockDataFolder(dir, 'mamba serve'));
      expect(err.code).toBe('BUSY');
      expect(err.message).toContain(`process ${other.pid}`);
      expect(err.message).toContain('http://127.0.0.1:8765/');
    } finally {
      other.kill();
    }
  });

  it('a stale lock (its process is gone) or a garbage lock file is taken over', async () => {
    const dir = tmp();
    const dead = spawnSync('true').pid as number;
    expect(pidAlive(dead)).toBe(false);
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: os.hostname(), app: 'mamba serve', startedAt: '2026-01-01T00:00:00.000Z' }));
    const lock = await lockDataFolder(dir, 'mamba serve');
    expect(lock.owner.pid).toBe(process.pid);
    await lock.release();
    const dir2 = tmp();
    const garbage = path.join(dir2, LOCK_FILE);
    writeFileSync(garbage, 'not json');
    const { utimesSync } = await import('fs');
    utimesSync(garbage, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const lock2 = await lockDataFolder(dir2, 'mamba serve');
    await lock2.release();
  });
});
