/**
 * Log recovery gaps (issue 13.8) and storage errors with two writers on one file (13.3). Real files;
 * the disk-full case uses a real 64 kB tmpfs (root only; skipped with a note otherwise).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConversationLog } from '../../../../src/main/log/conversationLog';
import { encodeRecord } from '../../../../src/main/log/record';
import type { LogEntry } from '../../../../src/shared/types';
import { describeWithTmpfs, tempDirs } from '../../../fixtures/tempLog';

const tmp = tempDirs('mamba-logrec-');
const entry = (id: string, text: string): LogEntry => ({ id, at: '2026-01-01T00:00:00.000Z', role: 'user', kind: 'command', text });

async function texts(dir: string): Promise<{ texts: string[]; notices: string[] }> {
  const log = await ConversationLog.open({ dir });
  const r = { texts: (await log.list({ limit: 500 })).entries.map((e) => e.text), notices: log.notices.map((n) => n.message) };
  await log.close();
  return r;
}

describe('log recovery', () => {
  it('a UTF-8 BOM at the start does not lose the first record', async () => {
    const dir = tmp();
    await fs.writeFile(path.join(dir, 'log.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(encodeRecord(entry('a', 'first')) + encodeRecord(entry('b', 'second')))]));
    expect(await texts(dir)).toEqual({ texts: ['first', 'second'], notices: [] });
  });

  it('a zero-filled block right before a valid record does not lose that record', async () => {
    const dir = tmp();
    const file = path.join(dir, 'log.jsonl');
    await fs.writeFile(file, Buffer.concat([Buffer.from(encodeRecord(entry('a', 'before'))), Buffer.alloc(4096), Buffer.from(encodeRecord(entry('b', 'after zeros')) + encodeRecord(entry('c', 'last')))]));
    expect((await texts(dir)).texts).toEqual(['before', 'after zeros', 'last']);
  });

  it('the "damaged lines" notice is given once, not at every start; a newly damaged line is reported again', async () => {
    const dir = tmp();
    const file = path.join(dir, 'log.jsonl');
    await fs.writeFile(file, encodeRecord(entry('a', 'ok')) + 'garbage line\n' + encodeRecord(entry('b', 'ok too')));
    const first = await texts(dir);
    expect(first.texts).toEqual(['ok', 'ok too']);
    expect(first.notices).toEqual([expect.stringMatching(/Skipped 1 damaged line/)]);
    expect((await texts(dir)).notices).toEqual([]);
    await fs.appendFile(file, 'more garbage\n');
    expect((await texts(dir)).notices).toEqual([expect.stringMatching(/Skipped 1 damaged line/)]);
  });
});

describeWithTmpfs('storage error with two writers on one log (real 64 kB tmpfs)', (disk) => {
  it("a failed write of one writer never cuts the other's acknowledged entries", async () => {
    await fs.writeFile(path.join(disk.dir, 'filler'), Buffer.alloc(24 * 1024));
    const a = await ConversationLog.open({ dir: disk.dir });
    const b = await ConversationLog.open({ dir: disk.dir });
    await a.append({ role: 'user', kind: 'command', text: 'A0' });
    // B appends (acknowledged: fsync'ed) until the disk is nearly full.
    const acked: string[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        await b.append({ role: 'user', kind: 'command', text: `B${i} ${'b'.repeat(300)}` });
        acked.push(`B${i}`);
      } catch {
        break;
      }
    }
    expect(acked.length).toBeGreaterThan(10);
    // A's next, bigger entry cannot fit: a storage error, part of it may have reached the disk.
    await expect(a.append({ role: 'user', kind: 'command', text: `A1 ${'a'.repeat(8000)}` })).rejects.toMatchObject({ code: 'STORAGE' });
    await a.close().catch(() => undefined);
    await b.close().catch(() => undefined);
    await fs.unlink(path.join(disk.dir, 'filler'));
    const { texts: after } = await texts(disk.dir);
    const lost = acked.filter((t) => !after.some((x) => x.startsWith(`${t} `)));
    expect(lost).toEqual([]);
    expect(after).toContain('A0');
  });
});
