/**
 * UCI pen-based digits (UNIPEN-like text): real pen trajectories by 44 writers. Used by evaluation,
 * tuning and tests only — never by the app at run time. The file's y axis points up; we flip it so the
 * strokes are in the pad's convention (y down).
 */
import * as fs from 'fs';
import { MambaError } from '../../src/shared/errors';
import { Stroke } from '../../src/shared/types';

export interface PenSample {
  digit: string;
  writer: number;
  strokes: Stroke[];
}

export function parsePendigits(text: string): PenSample[] {
  const out: PenSample[] = [];
  let cur: PenSample | undefined;
  let stroke: Stroke | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('.SEGMENT')) {
      const m = /"(\d)"/.exec(line);
      cur = { digit: m ? m[1] : '?', writer: -1, strokes: [] };
      out.push(cur);
    } else if (line.startsWith('.COMMENT') && cur) {
      cur.writer = Number(line.split(/\s+/)[2]);
    } else if (line === '.PEN_DOWN' && cur) {
      stroke = [];
      cur.strokes.push(stroke);
    } else if (line === '.PEN_UP') {
      stroke = undefined;
    } else if (stroke && /^-?\d/.test(line)) {
      const [x, y] = line.split(/\s+/).map(Number);
      stroke.push([x, -y]);
    }
  }
  if (out.length === 0) throw new MambaError('BAD_INPUT', 'no .SEGMENT entries: not a pendigits file');
  return out.filter((s) => s.strokes.some((st) => st.length > 0));
}

export function loadPendigits(file: string): PenSample[] {
  return parsePendigits(fs.readFileSync(file, 'utf8'));
}
