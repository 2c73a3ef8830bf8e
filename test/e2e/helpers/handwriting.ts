/**
 * Turns the hand-authored letter paths (test/fixtures/e2e/letters.json) into pen strokes in
 * page pixels, and draws them on the pad with real mouse moves (pointer events in Chromium).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { FIXTURES } from './media';

type Segment = ['line', ...[number, number][]] | ['arc', number, number, number, number, number, number];
type LetterDef = Segment[][];
const LETTERS: Record<string, LetterDef> = JSON.parse(readFileSync(path.join(FIXTURES, 'letters.json'), 'utf8')).letters;

export interface WordLayout {
  /** Top-left of the first letter, relative to the pad. */
  x: number;
  y: number;
  /** Letter height in px. */
  height: number;
  /** Gap between letters, as a fraction of the height. */
  gap?: number;
}

/** Points every ~3 px along a segment list (what a pen would report). */
function sample(stroke: Segment[], ox: number, oy: number, s: number): [number, number][] {
  const pts: [number, number][] = [];
  for (const seg of stroke) {
    if (seg[0] === 'line') {
      const v = seg.slice(1) as [number, number][];
      for (let i = 0; i + 1 < v.length; i++) {
        const [x0, y0] = v[i];
        const [x1, y1] = v[i + 1];
        const n = Math.max(2, Math.ceil((Math.hypot(x1 - x0, y1 - y0) * s) / 3));
        for (let k = i === 0 ? 0 : 1; k <= n; k++) pts.push([ox + (x0 + ((x1 - x0) * k) / n) * s, oy + (y0 + ((y1 - y0) * k) / n) * s]);
      }
    } else {
      const [, cx, cy, rx, ry, a0, a1] = seg;
      const n = Math.max(8, Math.ceil((Math.abs(a1 - a0) / 360) * 2 * Math.PI * Math.max(rx, ry) * s / 3));
      for (let k = 0; k <= n; k++) {
        const a = ((a0 + ((a1 - a0) * k) / n) * Math.PI) / 180;
        pts.push([ox + (cx + rx * Math.cos(a)) * s, oy + (cy - ry * Math.sin(a)) * s]);
      }
    }
  }
  return pts;
}

/** The word as strokes of pad-relative points. */
export function wordStrokes(word: string, at: WordLayout): [number, number][][] {
  const strokes: [number, number][][] = [];
  let x = at.x;
  for (const ch of word) {
    const def = LETTERS[ch];
    if (!def) throw new Error(`no pen path for '${ch}' in letters.json`);
    for (const stroke of def) strokes.push(sample(stroke, x, at.y, at.height));
    x += (0.7 + (at.gap ?? 0.35)) * at.height;
  }
  return strokes;
}

/** Draw strokes on the element (pad-relative coordinates) with the mouse, like a person would. */
export async function drawStrokes(page: Page, selector: string, strokes: [number, number][][]): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  for (const s of strokes) {
    await page.mouse.move(box.x + s[0][0], box.y + s[0][1]);
    await page.mouse.down();
    for (const [x, y] of s.slice(1)) await page.mouse.move(box.x + x, box.y + y);
    await page.mouse.up();
  }
}
