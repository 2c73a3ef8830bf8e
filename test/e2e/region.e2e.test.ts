/**
 * End to end, "read a region": the real renderer in Debian's Chromium against the real server
 * and OCR engine. A screenshot-like picture (ImageMagick: a window with two paragraphs) is
 * dropped, then pasted, into Read this; the region selector opens; Escape cancels; a rectangle
 * dragged with the mouse around one paragraph (resized with the keyboard) is confirmed with
 * Enter, and only that paragraph's text comes back from OCR and lands in the log with a
 * thumbnail. The Electron side of the same feature (tray -> screenshot event) is in
 * test/unit/app.test.ts. Screenshots: test-artifacts/e2e-region-*.png.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openApp } from './helpers/app';
import { makeScreenshot, type ScreenshotFixture } from './helpers/media';
import { startTestServer } from './helpers/server';
import { shot, useE2eSuite } from './helpers/suite';

let fixture: ScreenshotFixture;

const e2e = useE2eSuite('mamba-e2e-region-', (tmp) => {
  fixture = makeScreenshot(tmp, [
    ['The quarterly report is ready,', 'please review it by Friday.'],
    ['Lunch is served at noon', 'in the garden room.'],
  ]);
  return {};
});

/** Hand the picture to the page as a drop on the camera area or as a paste, like the OS would. */
async function give(page: Page, how: 'drop' | 'paste', pngBase64: string): Promise<void> {
  await page.evaluate(
    ({ how, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      if (how === 'drop') {
        const zone = document.getElementById('cam-wrap')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      } else document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    { how, b64: pngBase64 },
  );
}

test('read a region: drop/paste a screenshot, Escape cancels, a dragged rectangle around one paragraph reads only that paragraph', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user'));
  const { page, context, errors } = await openApp(e2e.browser, server.url);
  try {
    await page.keyboard.press('Alt+2');
    const png = readFileSync(fixture.path).toString('base64');

    // Dropped: the selector opens on the picture; Escape closes it without reading anything.
    await give(page, 'drop', png);
    await page.waitForSelector('#region-overlay');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('region-canvas');
    await shot(page, 'e2e-region-open');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#region-overlay', { state: 'detached' });
    expect(await page.locator('#cam-text').getAttribute('class')).toContain('empty');

    // Pasted: select the first paragraph with the mouse.
    await give(page, 'paste', png);
    const canvas = page.locator('#region-canvas');
    await canvas.waitFor();
    await page.waitForFunction(() => !!document.getElementById('region-canvas')?.dataset.imageRect);
    const box = (await canvas.boundingBox())!;
    const [ix, iy, iw] = (await canvas.getAttribute('data-image-rect'))!.split(',').map(Number);
    const scale = iw / fixture.width;
    const para = fixture.paragraphs[0];
    const at = (x: number, y: number): [number, number] => [box.x + ix + x * scale, box.y + iy + y * scale];
    await page.mouse.move(...at(para.x, para.y));
    await page.mouse.down();
    await page.mouse.move(...at(para.x + para.width / 2, para.y + para.height / 2), { steps: 5 });
    await page.mouse.move(...at(para.x + para.width, para.y + para.height), { steps: 5 });
    await page.mouse.up();
    expect(await page.locator('#region-read').isEnabled()).toBe(true);
    const size = async () => (await page.locator('#region-size').innerText()).split('×').map((v) => Number(v.trim()));
    const [w0, h0] = await size();
    expect(Math.abs(w0 - para.width)).toBeLessThanOrEqual(3);
    expect(Math.abs(h0 - para.height)).toBeLessThanOrEqual(3);
    // Keyboard resize: Ctrl+→ widens the selection by one screen pixel (in image pixels: 1/scale).
    await page.keyboard.press('Control+ArrowRight');
    const [w1] = await size();
    expect(w1).toBe(w0 + Math.max(1, Math.round(1 / scale)));
    await shot(page, 'e2e-region-selected');

    await page.keyboard.press('Enter');
    await page.waitForSelector('#region-overlay', { state: 'detached' });
    await page.waitForSelector('#panel-read[data-read]', { timeout: 60_000 });
    const text = (await page.locator('#cam-text').innerText()).toLowerCase();
    expect(text).toMatch(/quarterly report/);
    expect(text).toMatch(/friday/);
    expect(text).not.toMatch(/lunch|garden|notes/);
    // Logged like any capture: the region's thumbnail, then the OCR text.
    const capture = page.locator('#log-list .entry[data-kind="capture"]', { hasText: /region/ }).last();
    await capture.waitFor();
    expect(await capture.locator('img').count()).toBe(1);
    await page.locator('#log-list .entry[data-kind="ocr"]', { hasText: /quarterly/i }).first().waitFor();
    await shot(page, 'e2e-region-result');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await server.close();
  }
});
