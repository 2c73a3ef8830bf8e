/**
 * Files that must never be seen half-written (settings, saved samples): written to a temp file, fsynced,
 * renamed over the old one, and the folder fsynced. Storage failures become a STORAGE MambaError that says
 * why (disk full, permission) and how to fix it.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { MambaError } from '../../shared/errors';

export function storageError(e: unknown, file: string, what = 'the conversation log', kept = ' Recent entries are kept in memory until it can be saved.'): MambaError {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission was denied'
        : code === 'EISDIR' || code === 'ENOTEMPTY'
          ? 'a folder has that name'
          : `of a storage error (${code || String(e)})`;
  const fix =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'Free some disk space, then try again.'
      : code === 'EISDIR' || code === 'ENOTEMPTY'
        ? `Move or rename the folder ${file}: Mamba keeps a file there.`
        : `Make ${path.dirname(file)} writable, then try again.`;
  return new MambaError('STORAGE', `Could not save ${what} to ${file} because ${why}.${kept}`, fix);
}

/** tmp + fsync + rename + fsync(dir): readers see the old file or the new one, never a mix. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const fh = await fs.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
    const d = await fs.open(dir, 'r');
    await d.sync().catch(() => undefined);
    await d.close();
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    if (e instanceof MambaError) throw e;
    throw storageError(e, file, 'the settings', ' The previous settings are still in effect.');
  }
}
