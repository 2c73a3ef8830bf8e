/**
 * One writer per data folder. The log and settings files assume a single writer (a second one would
 * interleave records, overwrite settings, and on a storage error cut the other's entries), so the
 * process that opens a data folder holds `mamba.lock` in it: {pid, host, app, url, startedAt}, created
 * with O_EXCL. A second opener refuses with a message naming the running instance. A lock left by a
 * process that is gone (same host, pid not alive) is stale and taken over.
 */
import { promises as fs, unlinkSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MambaError } from '../../shared/errors';

export const LOCK_FILE = 'mamba.lock';

export interface LockOwner {
  pid: number;
  host: string;
  /** "mamba serve", "the Mamba desktop app"... */
  app: string;
  /** Where the running instance answers (mamba serve's address without its token), when known. */
  url?: string;
  startedAt: string;
}

export interface DataFolderLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Adds what becomes known later (the server's address). */
  update(extra: Pick<LockOwner, 'url'>): Promise<void>;
  release(): Promise<void>;
}

/** Folders locked by this process (a second open in the same process is refused too). */
const heldHere = new Set<string>();

/** Is a process with this id running? (EPERM: it exists but belongs to someone else.) */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.app === 'string' && typeof o.startedAt === 'string') return o as LockOwner;
  } catch {
    // half-written or foreign content
  }
  return null;
}

export function describeOwner(o: LockOwner): string {
  return `${o.app} (process ${o.pid}${o.host !== os.hostname() ? ` on ${o.host}` : ''}, started ${o.startedAt}${o.url ? `, at ${o.url}` : ''})`;
}

/** Takes the lock on `dir` (created if missing) or throws BUSY naming the instance that holds it. */
export async function lockDataFolder(dir: string, app: string): Promise<DataFolderLock> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE);
  const key = path.resolve(file);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), app, startedAt: new Date().toISOString() };
  const inUse = (o: LockOwner): MambaError =>
    new MambaError(
      'BUSY',
      `The data folder ${dir} is in use by ${describeOwner(o)}.`,
      'use the Mamba that is already running, or stop it first, or start this one with another data folder (--data DIR or MAMBA_USER_DATA)',
    );
  if (heldHere.has(key)) throw inUse(parseOwner(readFileSync(file, 'utf8')) ?? owner);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      heldHere.add(key);
      return makeLock(file, key, owner);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    const other = parseOwner(text);
    if (!other) {
      // Being written right now, or garbage: garbage older than a few seconds is stale.
      const st = await fs.stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs < 3000) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
    } else if (other.host !== os.hostname() || (pidAlive(other.pid) && other.pid !== process.pid)) {
      throw inUse(other);
    }
    // Stale: its process is gone (or it is this very pid, reused after a crash). Take it over.
    await fs.unlink(file).catch(() => undefined);
  }
  throw new MambaError('BUSY', `Could not take the lock ${file}: another instance keeps creating it.`, 'stop the other Mamba, then try again');
}

function makeLock(file: string, key: string, owner: LockOwner): DataFolderLock {
  let released = false;
  const releaseSync = (): void => {
    if (released) return;
    released = true;
    heldHere.delete(key);
    try {
      // Only our own lock: a stale-lock takeover by someone else must not be undone.
      if (parseOwner(readFileSync(file, 'utf8'))?.pid === owner.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', releaseSync);
  return {
    file,
    owner,
    async update(extra) {
      Object.assign(owner, extra);
      if (!released) await fs.writeFile(file, JSON.stringify(owner), { mode: 0o600 }).catch(() => undefined);
    },
    async release() {
      process.off('exit', releaseSync);
      releaseSync();
    },
  };
}
