/**
 * End to end: the real renderer in Debian's Chromium (playwright-core) against the real
 * server (`startServer`: WebSocket transport + engines), with Chromium's fake camera and
 * microphone fed a printed-page photo and a spoken command. Nothing is mocked; only the
 * Electron shell is absent (the same UI runs over the WebSocket transport instead of IPC).
 * Screenshots go to test-artifacts/ for people to look at.
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openApp as openAppIn, type OpenPage } from './helpers/app';
import { makePagePhoto, makeSpokenWav, pngToY4m } from './helpers/media';
import { startTestServer, type TestServer } from './helpers/server';
import { shot, useE2eSuite } from './helpers/suite';

const e2e = useE2eSuite('mamba-e2e-', (tmp) => ({
  video: pngToY4m(makePagePhoto(tmp, ['Hello from Mamba', 'The library opens at nine']), path.join(tmp, 'page.y4m')),
  audio: makeSpokenWav(tmp, 'mamba. what time is it?'),
}));

function openApp(server: TestServer): Promise<OpenPage> {
  return openAppIn(e2e.browser, server.url, { onPage: (p) => pages.push(p) });
}

/** Pages of the running test; each is photographed when the test ends (pass or fail). */
let pages: Page[] = [];
beforeEach(() => {
  pages = [];
});
afterEach(async () => {
  const name = (expect.getState().currentTestName ?? 'test').split(':')[0].replace(/[^a-z0-9]+/gi, '-');
  for (const [i, p] of pages.entries()) if (!p.isClosed()) await shot(p, `e2e-end-${name}-${i}`).catch(() => undefined);
});

// The pad (live candidates, commit, Translate & speak, log after a restart) is test/e2e/pad.e2e.test.ts.

test('read this: the fake webcam films a printed page; the real OCR text appears and is logged', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user-read'));
  try {
    const { page, context, errors } = await openApp(server);
    await page.keyboard.press('Alt+2'); // Read this tab; starts the camera
    await page.waitForSelector('#cam-capture:not([disabled])', { timeout: 15_000 });
    await page.waitForFunction(() => (document.querySelector('#cam-video') as HTMLVideoElement).videoWidth > 0);
    await shot(page, 'e2e-read-preview');
    await page.click('#cam-capture');
    await page.waitForSelector('#cam-progress:not([hidden])');
    await page.waitForSelector('#cam-text:not(.empty)', { timeout: 90_000 });
    const text = await page.locator('#cam-text').innerText();
    expect(text).toMatch(/hello from mamba/i);
    expect(text).toMatch(/library opens at nine/i);
    await page.locator('#log-list .entry[data-kind="ocr"]', { hasText: /library/i }).first().waitFor();
    await shot(page, 'e2e-read-result');
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});

test('voice: "mamba, what time is it" from the fake microphone gives the wake word and the time command; a typed command takes the same route', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user-voice'));
  try {
    const { page, context, errors } = await openApp(server);
    await page.keyboard.press('Alt+3');
    await page.click('#mic-button');
    await page.waitForSelector('#voice-events li[data-kind="wake"]', { timeout: 60_000 });
    await page.waitForSelector('#voice-events li[data-kind="command"][data-intent="time"]', { timeout: 60_000 });
    await shot(page, 'e2e-voice-command');
    if (await page.locator('#mic-button[aria-pressed="true"]').count()) await page.click('#mic-button');

    // Typed: the same intent router, through assistant.command.
    await page.fill('#command-input', 'what time is it');
    await page.press('#command-input', 'Enter');
    await page.locator('#log-list .entry[data-kind="command"]', { hasText: /time/i }).first().waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});

test('keyboard only: tabs, the command box, settings (theme saved through settings.set, back after a reload) and the empty-command error', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user-keys'));
  try {
    const { page, context, errors } = await openApp(server);
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').getAttribute('id');
    await page.keyboard.press('Alt+3');
    expect(await selected()).toBe('tab-voice');
    expect(await page.locator('#panel-voice').isVisible()).toBe(true);
    await page.focus('#tab-voice');
    await page.keyboard.press('ArrowRight'); // wraps to the first tab
    expect(await selected()).toBe('tab-write');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-write');

    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('command-input');
    await page.keyboard.press('Enter'); // nothing typed: told what to do
    await page.waitForSelector('.toast[data-kind="error"]');

    await page.locator('#pad').focus();
    await page.keyboard.press('Control+,');
    await page.waitForSelector('#settings-dialog[open]');
    await page.selectOption('#set-theme', 'dark');
    await page.focus('#settings-save');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#settings-dialog:not([open])', { state: 'attached' });
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await shot(page, 'e2e-dark');
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});
