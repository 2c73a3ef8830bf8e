/**
 * One line of the log file: `{"crc":"<crc32 hex of e>","e":<LogEntry>}\n`. The checksum
 * tells a torn or bit-flipped line from a good one; the newline ends a committed record.
 */
import { crc32 } from 'zlib';
import { LOG_KINDS, LOG_ROLES, type LogEntry } from '../../shared/types';

function crcHex(s: string): string {
  return crc32(Buffer.from(s, 'utf8')).toString(16).padStart(8, '0');
}

export function encodeRecord(entry: LogEntry): string {
  const e = JSON.stringify(entry);
  return `{"crc":"${crcHex(e)}","e":${e}}\n`;
}

/** Parse one line (without its newline); null when torn, corrupt or not an entry. */
export function decodeRecord(line: string): LogEntry | null {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof rec !== 'object' || rec === null) return null;
  const { crc, e } = rec as { crc?: unknown; e?: unknown };
  if (typeof crc !== 'string' || typeof e !== 'object' || e === null) return null;
  // JSON.stringify of the parsed entry reproduces the bytes we hashed (same key order, same numbers).
  if (crcHex(JSON.stringify(e)) !== crc) return null;
  return isLogEntry(e) ? e : null;
}

function isLogEntry(v: object): v is LogEntry {
  const e = v as Partial<LogEntry>;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'string' &&
    typeof e.text === 'string' &&
    (LOG_ROLES as readonly unknown[]).includes(e.role) &&
    (LOG_KINDS as readonly unknown[]).includes(e.kind)
  );
}
