/**
 * Turns the hand-authored letter paths (test/fixtures/e2e/letters.json) into pen strokes in
 * page pixels, and draws them on the pad with real mouse moves (pointer events in Chromium).
 */
import type { Page } from 'playwright-core';
import { fixtureLetters, samplePath, type LetterPaths } from '../../fixtures/handwriting/penPaths';

const LETTERS: LetterPaths = fixtureLetters('capitals');

export interface WordLayout {
  /** Top-left of the first letter, relative to the pad. */
  x: number;
  y: number;
  /** Letter height in px. */
  height: number;
  /** Gap between letters, as a fraction of the height. */
  gap?: number;
}

/** The word as strokes of pad-relative points. */
export function wordStrokes(word: string, at: WordLayout): [number, number][][] {
  const strokes: [number, number][][] = [];
  let x = at.x;
  for (const ch of word) {
    const def = LETTERS[ch];
    if (!def) throw new Error(`no pen path for '${ch}' in letters.json`);
    // Points every ~3 px, placed at the letter's position on the pad.
    for (const stroke of def) strokes.push(samplePath(stroke, 3 / at.height).map(([ux, uy]) => [x + ux * at.height, at.y + uy * at.height]));
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
