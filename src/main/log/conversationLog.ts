/**
 * The conversation log: an append-only JSON-lines file in the user data dir.
 *
 * Durability: entries are written in batches (group commit) and fdatasync'ed before
 * `append()` resolves, so an acknowledged entry survives kill -9 and power loss. Each line
 * carries a CRC; at start a torn tail (a write cut short) is moved aside and truncated and
 * corrupt lines are skipped, both reported as notices, never a crash.
 * Storage failure (disk full, permission denied): the file end is re-read and only bytes this
 * process itself just wrote are cut (never below them: another writer's records survive); the
 * entries stay in memory (listed and searchable) and are retried on the next append; the
 * caller gets MambaError STORAGE to show the user.
 * Recovery also reads a file that starts with a UTF-8 BOM (an editor saved it) and a record
 * preceded by a zero-filled block (some filesystems after a crash). Damaged lines are reported
 * once: their offsets are remembered in `<file>.damaged.json`.
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
  /** The file may end mid-line (a failed write we could not cut): start the next write with a newline. */
  private startOnNewLine = false;

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
    // A UTF-8 byte order mark (the file was saved by an editor) is not part of the first record.
    let start = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
    const damaged: number[] = [];
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      // A zero-filled block (a crash on a filesystem with delayed allocation) can sit right before a
      // record on the same line: skip the zeros, keep the record.
      let from = start;
      while (from < nl && data[from] === 0) from++;
      if (nl > from) {
        const entry = decodeRecord(data.toString('utf8', from, nl));
        if (entry && !this.byId.has(entry.id)) this.addRow(entry, { offset: from, length: nl - from });
        else if (!entry) damaged.push(start);
      }
      start = nl + 1;
    }
    this.size = start;
    await this.reportDamaged(damaged);
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

  /**
   * Damaged lines are skipped; the user hears about them once, not at every start: the offsets already
   * reported are kept in <file>.damaged.json (the lines themselves stay in the log, untouched).
   */
  private async reportDamaged(offsets: number[]): Promise<void> {
    const seenFile = `${this.file}.damaged.json`;
    let seen: number[] = [];
    try {
      const raw: unknown = JSON.parse(await fs.readFile(seenFile, 'utf8'));
      if (Array.isArray(raw)) seen = raw.filter((x): x is number => Number.isSafeInteger(x));
    } catch {
      // none reported yet (or the note is unreadable: report again)
    }
    const known = new Set(seen);
    const fresh = offsets.filter((o) => !known.has(o));
    if (fresh.length === 0) return;
    this.notices.push({
      level: 'warning',
      code: 'STORAGE',
      message: `Skipped ${fresh.length} damaged line(s) in the conversation log.`,
      fix: `Nothing to do; the rest of ${this.file} is intact.`,
    });
    await fs.writeFile(seenFile, JSON.stringify(offsets), { mode: 0o600 }).catch(() => undefined);
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
      const lead = this.startOnNewLine ? '\n' : '';
      const buf = Buffer.from(lead + batch.map((b) => encodeRecord(b.entry)).join(''), 'utf8');
      let before = -1;
      try {
        if (!this.fh) this.fh = await fs.open(this.file, 'a', 0o600);
        before = (await this.fh.stat()).size;
        let off = 0;
        while (off < buf.length) off += (await this.fh.write(buf, off, buf.length - off)).bytesWritten;
        await this.fh.datasync();
        this.startOnNewLine = false;
      } catch (e) {
        const err = storageError(e, this.file);
        await this.undoOwnPartialWrite(before, buf);
        for (const b of batch) for (const w of b.waiters.splice(0)) w.reject(err);
        if (!STORAGE_CODES.has((e as NodeJS.ErrnoException)?.code ?? '')) {
          await this.fh?.close().catch(() => undefined);
          this.fh = null;
        }
        return; // entries stay queued; the next append retries them first
      }
      // Remember where each record lies so its thumbnail can be dropped from memory.
      if (before >= 0) this.size = before;
      let offset = this.size + lead.length;
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

  /**
   * After a failed write: re-read the file end and cut only what this process just appended, so the
   * next write starts on a fresh line. When the bytes there are not (all) ours, another writer appended
   * meanwhile: nothing is cut (cutting would delete its records); a fragment of ours stays as one damaged
   * line, skipped at the next start, and the next write starts on a new line.
   */
  private async undoOwnPartialWrite(before: number, attempt: Buffer): Promise<void> {
    if (!this.fh || before < 0) return;
    try {
      const after = (await this.fh.stat()).size;
      if (after <= before) return;
      const n = after - before;
      const tail = await readRange(this.file, before, Math.min(n, attempt.length));
      if (n <= attempt.length && tail.equals(attempt.subarray(0, n))) {
        await this.fh.truncate(before);
        return;
      }
      const last = await readRange(this.file, after - 1, 1);
      if (last[0] !== 10) this.startOnNewLine = true;
    } catch {
      this.startOnNewLine = true; // cannot tell: never cut, but never glue two records together either
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

async function readRange(file: string, offset: number, length: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await fs.open(dir, 'r').catch(() => null);
  if (!d) return;
  await d.sync().catch(() => undefined);
  await d.close();
}
