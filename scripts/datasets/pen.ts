/**
 * Real pen strokes of isolated characters (../shared/data/pen: DigiLeTs and UNIPEN 1a/1b/1c), gzip'd JSON
 * Lines with y pointing up. Loaded into the pad's convention (y down), with a fixed writer-disjoint split
 * that every script and test uses, so no writer is ever both trained on and measured.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { Stroke } from '../../src/shared/types';

export const PEN_FILES = { digilets: 'digilets-chars.jsonl.gz', unipen: 'unipen-1a1b1c-chars.jsonl.gz' } as const;
export type PenSetName = keyof typeof PEN_FILES;

export const PEN_SPLITS = ['train', 'validation', 'test'] as const;
export type PenSplit = (typeof PEN_SPLITS)[number];

export interface PenChar {
  /** One character: 0-9, A-Z or a-z. */
  label: string;
  /** "<set>:<id>", unique across sets. */
  writer: string;
  set: PenSetName;
  /** y down, raw units (normalise per sample). */
  strokes: Stroke[];
}

/**
 * Writer-disjoint split by a hash of the writer id: 10% test, 10% validation, 80% train. Stable across
 * machines and runs; independent of file order.
 */
export function penSplitOf(writer: string): PenSplit {
  const bucket = createHash('sha1').update(writer).digest().readUInt16BE(0) % 100;
  return bucket < 10 ? 'test' : bucket < 20 ? 'validation' : 'train';
}

/**
 * The source set of a writer id, for per-source figures: DigiLeTs writers are "digilets:<n>", pendigits'
 * "pendigits:<file><n>" (renderPenData.ts), UNIPEN's "<site>:<writer>" (apb, imp, ced, ...).
 */
export function penSourceOf(writer: string): 'digilets' | 'pendigits' | 'unipen' {
  return writer.startsWith('digilets:') ? 'digilets' : writer.startsWith('pendigits:') ? 'pendigits' : 'unipen';
}

interface RawLine {
  label?: unknown;
  writer?: unknown;
  strokes?: unknown;
}

function toStrokes(v: unknown): Stroke[] | null {
  if (!Array.isArray(v)) return null;
  const out: Stroke[] = [];
  for (const s of v) {
    if (!Array.isArray(s)) return null;
    const st: Stroke = [];
    for (const p of s) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return null;
      st.push([p[0], -p[1]]);
    }
    if (st.length > 0) out.push(st);
  }
  return out.length > 0 ? out : null;
}

/** Parses one file's text (JSON Lines); bad lines are counted, not fatal. */
export function parsePenJsonl(text: string, set: PenSetName): { chars: PenChar[]; bad: number } {
  const chars: PenChar[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let raw: RawLine;
    try {
      raw = JSON.parse(line) as RawLine;
    } catch {
      bad++;
      continue;
    }
    const strokes = toStrokes(raw.strokes);
    if (typeof raw.label !== 'string' || typeof raw.writer !== 'string' || !strokes) {
      bad++;
      continue;
    }
    chars.push({ label: raw.label, writer: raw.writer, set, strokes });
  }
  return { chars, bad };
}

export interface LoadPenOptions {
  sets?: PenSetName[];
  splits?: PenSplit[];
}

/** Loads the pen sets from a data folder (`dataSetDir('pen')`), filtered by set and split. */
export function loadPenChars(dir: string, opts: LoadPenOptions = {}): PenChar[] {
  const sets = opts.sets ?? (Object.keys(PEN_FILES) as PenSetName[]);
  const splits = new Set(opts.splits ?? PEN_SPLITS);
  const out: PenChar[] = [];
  for (const set of sets) {
    const text = gunzipSync(fs.readFileSync(path.join(dir, PEN_FILES[set]))).toString('utf8');
    for (const c of parsePenJsonl(text, set).chars) if (splits.has(penSplitOf(c.writer))) out.push(c);
  }
  return out;
}
