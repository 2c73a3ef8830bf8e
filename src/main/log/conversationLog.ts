/**
 * The conversation log: an append-only JSON-lines file in the user data dir.
 *
 * Durability: entries are written in batches (group commit) and fdatasync'ed before
 * `append()` resolves, so an acknowledged entry survives kill -9 and power loss. Each line
 * carries a CRC; at start a torn tail (a write cut short) is moved aside and truncated and
 * corrupt lines are skipped, both reported as notices, never a crash.
 * Storage failure (disk full, permission denied): the partial write is truncated away, the
 * entries stay in memory (listed and searchable) and are retried on the next append; the
 * caller gets MambaError STORAGE to show the user.
 */
import { promises as fs } from 'fs';
import type { FileHandle } from 'fs/promises';
import * as path from 'path';
import type { AppNotice, LogPage } from '../../shared/contract';
import { MambaError } from '../../shared/errors';
import type { LogEntry } from '../../shared/types';
import { storageError } from '../platform/atomicWrite';
import { decodeRecord, encodeRecord } from './record';
import { makeMatcher, normalizeForSearch } from './search';

export type NewLogEntry = Omit<LogEntry, 'id' | 'at'> & { at?: string };

export interface LogOptions {
  /** Directory holding log.jsonl (created if missing). */
  dir: string;
  fileName?: string;
}

export interface LogQuery {
  query?: string;
  limit?: number;
  /** Entry id: only entries older than it. */
  before?: string;
}

interface Row {
  entry: LogEntry; // without thumbnail when `thumbAt` is set
  norm: string;
  /** Where the full record lies in the file, to load a thumbnail lazily. */
  thumbAt?: { offset: number; length: number };
}

interface Waiter {
  resolve: () => void;
  reject: (e: MambaError) => void;
}

const STORAGE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EFBIG', 'EBADF']);
export const DEFAULT_PAGE = 50;

export class ConversationLog {
  readonly file: string;
  /** Problems found while opening (torn tail, corrupt lines, unwritable file). */
  readonly notices: AppNotice[] = [];
  private rows: Row[] = [];
  private byId = new Map<string, number>();
  private fh: FileHandle | null = null;
  private readFh: FileHandle | null = null;
  /** Bytes known committed: where to truncate back to after a failed write. */
  private size = 0;
  private queue: { entry: LogEntry; waiters: Waiter[] }[] = [];
  private writing: Promise<void> | null = null;
  private seq = 0;
  private closed = false;

  private constructor(file: string) {
    this.file = file;
  }

  static async open(opts: LogOptions): Promise<ConversationLog> {
    const log = new ConversationLog(path.join(opts.dir, opts.fileName ?? 'log.jsonl'));
    await log.load(opts.dir);
    return log;
  }

  private async load(dir: string): Promise<void> {
    let data: Buffer = Buffer.alloc(0);
    try {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      data = await fs.readFile(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.notices.push({ level: 'error', ...storageError(e, this.file).toJSON() });
        return; // memory-only this run; appends will keep reporting STORAGE
      }
    }
    let start = 0;
    let corrupt = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      if (nl > start) {
        const entry = decodeRecord(data.toString('utf8', start, nl));
        if (entry && !this.byId.has(entry.id)) this.addRow(entry, { offset: start, length: nl - start });
        else if (!entry) corrupt++;
      }
      start = nl + 1;
    }
    this.size = start;
    if (corrupt > 0)
      this.notices.push({
        level: 'warning',
        code: 'STORAGE',
        message: `Skipped ${corrupt} damaged line(s) in the conversation log.`,
        fix: `Nothing to do; the rest of ${this.file} is intact.`,
      });
    try {
      if (start < data.length) await this.cutTornTail(data.subarray(start));
      const existed = data.length > 0;
      this.fh = await fs.open(this.file, 'a', 0o600);
      if (!existed) await syncDir(dir); // make the new file's name durable too
    } catch (e) {
      this.fh = null;
      this.notices.push({ level: 'error', ...storageError(e, this.file).toJSON() });
    }
  }

  /** A write cut short by a crash: keep its bytes aside for inspection, cut it off the log. */
  private async cutTornTail(tail: Buffer): Promise<void> {
    const aside = `${this.file}.torn-${Date.now()}`;
    await fs.writeFile(aside, tail).catch(() => undefined);
    await fs.truncate(this.file, this.size);
    this.notices.push({
      level: 'warning',
      code: 'STORAGE',
      message: `The last conversation log entry was incomplete (the app stopped while writing it) and was skipped.`,
      fix: `Nothing to do; its ${tail.length} bytes are kept in ${path.basename(aside)}.`,
    });
  }

  private addRow(entry: LogEntry, at?: { offset: number; length: number }): void {
    const { thumbnail, ...rest } = entry;
    const row: Row = at && thumbnail ? { entry: rest, norm: normalizeForSearch(entry.text), thumbAt: at } : { entry, norm: normalizeForSearch(entry.text) };
    this.byId.set(entry.id, this.rows.length);
    this.rows.push(row);
  }

  private newId(): string {
    const rand = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
    return `${Date.now().toString(36)}-${(this.seq++).toString(36)}-${rand}`;
  }

  /** Put an entry in the log now (visible to list/search); it is written in the background. */
  add(input: NewLogEntry): LogEntry {
    return this.write(input).entry;
  }

  /** Add and wait until the entry is on disk (fsync'ed). Rejects with STORAGE; the entry stays in memory. */
  append(input: NewLogEntry): Promise<LogEntry> {
    const { entry, stored } = this.write(input);
    return stored.then(() => entry);
  }

  /** The entry at once, and a promise settled when it is on disk (or STORAGE failed). */
  write(input: NewLogEntry): { entry: LogEntry; stored: Promise<void> } {
    if (this.closed) throw new MambaError('INTERNAL', 'The conversation log is closed.');
    const entry: LogEntry = { ...input, id: this.newId(), at: input.at ?? new Date().toISOString() };
    this.addRow(entry);
    const item = { entry, waiters: [] as Waiter[] };
    const stored = new Promise<void>((resolve, reject) => item.waiters.push({ resolve, reject }));
    stored.catch(() => undefined); // callers that only add() must not see an unhandled rejection
    this.queue.push(item);
    this.kick();
    return { entry, stored };
  }

  /** Entries not yet on disk (after storage errors). */
  unsaved(): number {
    return this.queue.length;
  }

  private kick(): void {
    if (!this.writing) this.writing = this.drain().finally(() => (this.writing = null));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice();
      const buf = Buffer.from(batch.map((b) => encodeRecord(b.entry)).join(''), 'utf8');
      try {
        if (!this.fh) this.fh = await fs.open(this.file, 'a', 0o600);
        let off = 0;
        while (off < buf.length) off += (await this.fh.write(buf, off, buf.length - off)).bytesWritten;
        await this.fh.datasync();
      } catch (e) {
        const err = storageError(e, this.file);
        // Cut any partial line so the next successful write starts on a fresh line.
        await this.fh?.truncate(this.size).catch(() => undefined);
        for (const b of batch) for (const w of b.waiters.splice(0)) w.reject(err);
        if (!STORAGE_CODES.has((e as NodeJS.ErrnoException)?.code ?? '')) {
          await this.fh?.close().catch(() => undefined);
          this.fh = null;
        }
        return; // entries stay queued; the next append retries them first
      }
      // Remember where each record lies so its thumbnail can be dropped from memory.
      let offset = this.size;
      for (const b of batch) {
        const len = Buffer.byteLength(encodeRecord(b.entry), 'utf8');
        const idx = this.byId.get(b.entry.id);
        if (idx !== undefined && b.entry.thumbnail) {
          const { thumbnail: _t, ...rest } = b.entry;
          this.rows[idx] = { entry: rest, norm: this.rows[idx].norm, thumbAt: { offset, length: len - 1 } };
        }
        offset += len;
      }
      this.size += buf.length;
      this.queue.splice(0, batch.length);
      for (const b of batch) for (const w of b.waiters) w.resolve();
    }
  }

  /** Wait for queued entries; resolves even if storage keeps failing. */
  async flush(): Promise<void> {
    if (this.queue.length > 0) this.kick();
    while (this.writing) await this.writing;
  }

  /** Number of entries (on disk and in memory). */
  count(): number {
    return this.rows.length;
  }

  /** Newest entries matching `query`, oldest first, before `before`. */
  async list(q: LogQuery = {}): Promise<LogPage> {
    const limit = q.limit ?? DEFAULT_PAGE;
    let end = this.rows.length;
    if (q.before !== undefined) {
      const idx = this.byId.get(q.before);
      if (idx === undefined) throw new MambaError('BAD_INPUT', `No log entry with id '${q.before}'.`, 'Page with an id from a previous log.list answer.');
      end = idx;
    }
    const match = makeMatcher(q.query);
    const picked: Row[] = [];
    let i = end - 1;
    for (; i >= 0 && picked.length < limit; i--) if (match(this.rows[i].norm)) picked.push(this.rows[i]);
    let hasMore = false;
    for (; i >= 0 && !hasMore; i--) hasMore = match(this.rows[i].norm);
    picked.reverse();
    const entries = await Promise.all(picked.map((r) => this.withThumbnail(r)));
    return { entries, hasMore };
  }

  private async withThumbnail(r: Row): Promise<LogEntry> {
    if (!r.thumbAt) return r.entry;
    try {
      if (!this.readFh) this.readFh = await fs.open(this.file, 'r');
      const buf = Buffer.alloc(r.thumbAt.length);
      await this.readFh.read(buf, 0, buf.length, r.thumbAt.offset);
      const full = decodeRecord(buf.toString('utf8'));
      return full?.thumbnail ? { ...r.entry, thumbnail: full.thumbnail } : r.entry;
    } catch {
      return r.entry; // a thumbnail is decoration; never fail a listing over it
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.fh?.close().catch(() => undefined);
    await this.readFh?.close().catch(() => undefined);
    this.fh = this.readFh = null;
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await fs.open(dir, 'r').catch(() => null);
  if (!d) return;
  await d.sync().catch(() => undefined);
  await d.close();
}
