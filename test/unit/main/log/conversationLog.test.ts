import { spawn, execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConversationLog } from '../../../../src/main/log/conversationLog';
import { decodeRecord, encodeRecord } from '../../../../src/main/log/record';
import { makeThumbnail } from '../../../../src/main/log/thumbnail';
import { MambaError } from '../../../../src/shared/errors';
import type { LogEntry } from '../../../../src/shared/types';
import sharp from 'sharp';
import { packageRoot } from '../../../../src/main/platform/appPaths';
import { describeWithTmpfs, tempDirs } from '../../../fixtures/tempLog';

const tmp = tempDirs('mamba-log-');

describe('conversation log', () => {
  test('appends, lists newest-first pages oldest-first, searches accent-insensitively, survives reopen', async () => {
    const dir = tmp();
    const log = await ConversationLog.open({ dir });
    const texts = ['hola canción', 'hello world', 'read this page', 'Canción de cuna', 'what time is it'];
    const ids: string[] = [];
    for (const text of texts) ids.push((await log.append({ role: 'user', kind: 'command', text })).id);
    expect(new Set(ids).size).toBe(5);

    const page = await log.list({ limit: 2 });
    expect(page.entries.map((e) => e.text)).toEqual(['Canción de cuna', 'what time is it']);
    expect(page.hasMore).toBe(true);
    const older = await log.list({ limit: 10, before: page.entries[0].id });
    expect(older.entries.map((e) => e.text)).toEqual(texts.slice(0, 3));
    expect(older.hasMore).toBe(false);

    const found = await log.list({ query: 'CANCION' });
    expect(found.entries.map((e) => e.text)).toEqual(['hola canción', 'Canción de cuna']);
    expect((await log.list({ query: 'time what' })).entries.map((e) => e.text)).toEqual(['what time is it']);
    await expect(log.list({ before: 'no-such-id' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await log.close();

    const again = await ConversationLog.open({ dir });
    expect(again.notices).toEqual([]);
    expect((await again.list({ limit: 100 })).entries.map((e) => e.id)).toEqual(ids);
    await again.close();
  });

  test('thumbnails are small JPEG data URLs, kept on disk and loaded back when listed', async () => {
    const png = await sharp({ create: { width: 1280, height: 960, channels: 3, background: '#3a7' } }).png().toBuffer();
    const thumb = await makeThumbnail(png);
    expect(thumb.startsWith('data:image/jpeg;base64,')).toBe(true);
    const meta = await sharp(Buffer.from(thumb.split(',')[1], 'base64')).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(160);
    expect(thumb.length).toBeLessThan(20_000);
    await expect(makeThumbnail(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const dir = tmp();
    const log = await ConversationLog.open({ dir });
    await log.append({ role: 'user', kind: 'capture', text: '(photo)', thumbnail: thumb });
    await log.close();
    const again = await ConversationLog.open({ dir });
    const [entry] = (await again.list()).entries;
    expect(entry.thumbnail).toBe(thumb);
    await again.close();
  });

  test('a torn tail is cut off, kept aside and reported; damaged middle lines are skipped', async () => {
    const dir = tmp();
    const log = await ConversationLog.open({ dir });
    for (let i = 0; i < 3; i++) await log.append({ role: 'mamba', kind: 'spoken', text: `line ${i}` });
    await log.close();
    const file = path.join(dir, 'log.jsonl');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    // Flip a character inside the second entry (CRC catches it) and leave half a record at the end.
    lines[1] = lines[1].replace('line 1', 'line X');
    const torn = encodeRecord({ id: 'torn', at: new Date().toISOString(), role: 'user', kind: 'command', text: 'half' }).slice(0, 30);
    await fs.writeFile(file, lines.join('\n') + torn);

    const again = await ConversationLog.open({ dir });
    expect((await again.list()).entries.map((e) => e.text)).toEqual(['line 0', 'line 2']);
    expect(again.notices.map((n) => n.message).join(' ')).toMatch(/damaged line/);
    expect(again.notices.map((n) => n.message).join(' ')).toMatch(/incomplete/);
    const aside = (await fs.readdir(dir)).filter((f) => f.startsWith('log.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, aside[0]), 'utf8')).toBe(torn);
    // Appending after the cut starts on a clean line.
    await again.append({ role: 'user', kind: 'command', text: 'after' });
    await again.close();
    const third = await ConversationLog.open({ dir });
    expect((await third.list()).entries.map((e) => e.text)).toEqual(['line 0', 'line 2', 'after']);
    expect(third.notices.filter((n) => /incomplete/.test(n.message))).toEqual([]);
    await third.close();
  });

  test('record CRC rejects altered entries and non-entries', () => {
    const line = encodeRecord({ id: 'a', at: 'now', role: 'user', kind: 'command', text: 'héllo "q"\n' }).trimEnd();
    expect(decodeRecord(line)?.text).toBe('héllo "q"\n');
    expect(decodeRecord(line.replace('héllo', 'hello'))).toBeNull();
    expect(decodeRecord('{"crc":"00000000","e":{}}')).toBeNull();
    expect(decodeRecord('[1,2')).toBeNull();
  });

  test('kill -9 while appending: every acknowledged entry is there and intact', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(packageRoot(), 'test', 'fixtures', 'logAppender.ts'), dir], {
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Map<string, number>();
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const [kind, id, len] = buf.slice(0, nl).split(' ');
          buf = buf.slice(nl + 1);
          if (kind === 'ack') acked.set(id, Number(len));
        }
        // Kill mid-stream, at an arbitrary point after enough work.
        if (acked.size >= 300 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    expect(acked.size).toBeGreaterThanOrEqual(300);

    const log = await ConversationLog.open({ dir });
    const pages: LogEntry[][] = [];
    for (let before: string | undefined; ; ) {
      const page = await log.list({ limit: 500, before });
      pages.unshift(page.entries);
      if (!page.hasMore) break;
      before = page.entries[0].id;
    }
    const byId = new Map(pages.flat().map((e) => [e.id, e]));
    for (const [id, len] of acked) {
      const e = byId.get(id);
      expect(e).toBeDefined();
      expect(e?.text.length).toBe(len);
    }
    // Any torn tail from the kill was reported, never fatal.
    for (const n of log.notices) expect(n.level).toBe('warning');
    await log.close();
  });
});

/** A real full disk: a 64 kB tmpfs (needs root to mount; skipped with a note otherwise). */
describeWithTmpfs('conversation log on a full / read-only disk (real 64 kB tmpfs)', (disk) => {
  test('disk full: STORAGE error, entries kept in memory, file not torn, written once space is freed', async () => {
    // Another file takes most of the disk; the log then fills the rest.
    const filler = path.join(disk.dir, 'other-file');
    await fs.writeFile(filler, Buffer.alloc(40 * 1024));
    const log = await ConversationLog.open({ dir: disk.dir });
    const big = 'x'.repeat(2000);
    let failure: unknown;
    let stored = 0;
    for (let i = 0; i < 60 && !failure; i++) {
      try {
        await log.append({ role: 'user', kind: 'command', text: `${i} ${big}` });
        stored++;
      } catch (e) {
        failure = e;
      }
    }
    expect(failure).toBeInstanceOf(MambaError);
    expect((failure as MambaError).code).toBe('STORAGE');
    expect((failure as MambaError).message).toMatch(/disk is full/);
    expect((failure as MambaError).fix).toMatch(/Free some disk space/);
    expect(log.unsaved()).toBe(1);
    expect(log.count()).toBe(stored + 1); // still listed
    // Everything on disk is whole records: reopening finds exactly the stored ones, no torn tail.
    const peek = await ConversationLog.open({ dir: disk.dir });
    expect(peek.count()).toBe(stored);
    expect(peek.notices).toEqual([]);
    await peek.close();
    // The user frees space: the kept entry is written before the next one.
    await fs.unlink(filler);
    await expect(log.append({ role: 'user', kind: 'command', text: 'after' })).resolves.toMatchObject({ text: 'after' });
    expect(log.unsaved()).toBe(0);
    await log.close();
    const reopened = await ConversationLog.open({ dir: disk.dir });
    expect(reopened.count()).toBe(stored + 2);
    expect(reopened.notices).toEqual([]);
    await reopened.close();
  });

  test('read-only disk: opening reports STORAGE, the log still works in memory', async () => {
    await fs.writeFile(path.join(disk.dir, 'log.jsonl'), '');
    execFileSync('mount', ['-o', 'remount,ro', disk.dir]);
    const log = await ConversationLog.open({ dir: disk.dir });
    expect(log.notices[0]).toMatchObject({ level: 'error', code: 'STORAGE' });
    await expect(log.append({ role: 'user', kind: 'command', text: 'kept' })).rejects.toMatchObject({ code: 'STORAGE' });
    expect((await log.list()).entries.map((e) => e.text)).toEqual(['kept']);
    await log.close();
  });
});
