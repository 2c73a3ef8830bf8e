/**
 * What a browser tab needs to find the same server again after a restart: the access token
 * and the port, kept per data folder in `server.json` (owner-only, 0600). Reusing them means
 * an open tab reconnects by itself and a reload works, instead of a bare 403 from a new token.
 * The token guards the same data the folder already holds (log, settings), so keeping it
 * there gives a local reader nothing new.
 */
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { writeAtomic } from '../platform/atomicWrite';

export const SERVER_IDENTITY_FILE = 'server.json';

export interface ServerIdentity {
  token: string;
  /** The port last listened on (0: none yet). */
  port: number;
}

/** A token as startWsTransport makes them: 24 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

/** The folder's identity, or a fresh one when the file is missing or unreadable (never fatal). */
export async function loadServerIdentity(userDataDir: string): Promise<ServerIdentity> {
  try {
    const raw = JSON.parse(await fs.readFile(path.join(userDataDir, SERVER_IDENTITY_FILE), 'utf8')) as Partial<ServerIdentity>;
    const port = Number.isInteger(raw.port) && (raw.port as number) > 0 && (raw.port as number) < 65536 ? (raw.port as number) : 0;
    if (typeof raw.token === 'string' && TOKEN.test(raw.token)) return { token: raw.token, port };
  } catch {
    /* first run, or a damaged file: start afresh */
  }
  return { token: newToken(), port: 0 };
}

/** Remember the identity for the next start; a failure only costs the reconnect, so it is reported, not thrown. */
export async function saveServerIdentity(userDataDir: string, id: ServerIdentity): Promise<string | null> {
  const file = path.join(userDataDir, SERVER_IDENTITY_FILE);
  try {
    await fs.mkdir(userDataDir, { recursive: true });
    await writeAtomic(file, JSON.stringify(id) + '\n');
    await fs.chmod(file, 0o600);
    return null;
  } catch (e) {
    return `could not keep the server's address in ${file} (${(e as Error).message}); after a restart, open the new address`;
  }
}
