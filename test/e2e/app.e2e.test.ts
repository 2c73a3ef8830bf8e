/**
 * End to end: the real renderer in Debian's Chromium (playwright-core) against the real
 * server (`startServer`: WebSocket transport + engines), with Chromium's fake camera and
 * microphone fed a printed-page photo and a spoken command. Nothing is mocked; only the
 * Electron shell is absent (the same UI runs over the WebSocket transport instead of IPC).
 * Screenshots go to test-artifacts/ for people to look at.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './helpers/browser';
import { drawStrokes, wordStrokes } from './helpers/handwriting';
import { makePagePhoto, makeSpokenWav, pngToY4m } from './helpers/media';
import { startTestServer, type TestServer } from './helpers/server';

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let browser: Browser;
let tmp: string;

beforeAll(async () => {
  // The page under test is the bundle the app ships: build it from the current sources.
  execFileSync(process.execPath, ['scripts/buildRenderer.mjs'], { cwd: ROOT });
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mamba-e2e-'));
  const video = pngToY4m(makePagePhoto(tmp, ['Hello from Mamba', 'The library opens at nine']), path.join(tmp, 'page.y4m'));
  const audio = makeSpokenWav(tmp, 'mamba. what time is it?');
  browser = await launchBrowser({ video, audio });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions in the page: a working UI has none. */
  errors: string[];
}

async function openApp(server: TestServer): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  pages.push(page);
  // MAMBA_E2E_DEBUG=1 prints the page's console and every frame from the server.
  if (process.env.MAMBA_E2E_DEBUG) {
    page.on('console', (m) => console.log(`console.${m.type()}: ${m.text()}`));
    page.on('websocket', (ws) => ws.on('framereceived', (f) => console.log(`<- ${String(f.payload).slice(0, 300)}`)));
  }
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, context, errors };
}

/** Pages of the running test; each is photographed when the test ends (pass or fail). */
let pages: Page[] = [];
beforeEach(() => {
  pages = [];
});
afterEach(async () => {
  const name = (expect.getState().currentTestName ?? 'test').split(':')[0].replace(/[^a-z0-9]+/gi, '-');
  for (const [i, p] of pages.entries()) if (!p.isClosed()) await p.screenshot({ path: path.join(ARTIFACTS, `e2e-end-${name}-${i}.png`) }).catch(() => undefined);
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

test('pad: a word drawn with the mouse is recognised by the real CNN, a picked alternative is saved, and the log survives a server restart', async () => {
  const userDataDir = path.join(tmp, 'user-pad');
  let server = await startTestServer(userDataDir);
  try {
    let { page, context, errors } = await openApp(server);

    // An empty pad gets a clear error, not a silent nothing.
    await page.click('#pad-recognize');
    await page.waitForSelector('.toast[data-kind="error"]');
    expect(await page.locator('.toast[data-kind="error"]').first().innerText()).toMatch(/empty|nothing|write/i);

    await page.selectOption('#pad-model', 'letters');
    await drawStrokes(page, '#pad', wordStrokes('CAT', { x: 70, y: 50, height: 130 }));
    // Recognised by itself shortly after the pen lifts.
    const text = page.locator('#pad-text[data-text]');
    await text.waitFor({ timeout: 60_000 });
    expect((await text.getAttribute('data-text'))!.toUpperCase()).toBe('CAT');
    expect(await page.locator('#pad-text .char').count()).toBe(3);
    await shot(page, 'e2e-pad-recognised');

    // Click the second character, pick an alternative it offers.
    const second = page.locator('#pad-text .char').nth(1);
    await second.click();
    await page.waitForSelector('#alt-popover:not([hidden])');
    const alternative = page.locator('#alt-options .alt-option[aria-selected="false"]').first();
    const altChar = (await alternative.getAttribute('data-char'))!;
    expect(altChar).toBeTruthy();
    expect(altChar.toUpperCase()).not.toBe('A');
    await shot(page, 'e2e-pad-alternatives');
    await alternative.click();
    await page.waitForSelector('#pad-text .char[data-corrected="true"]');
    expect(await page.locator('#pad-text .char').nth(1).getAttribute('data-char')).toBe(altChar);

    // The log shows what was recognised and the correction, live.
    const recognitionEntry = page.locator('#log-list .entry[data-kind="recognition"]', { hasText: /cat/i });
    await recognitionEntry.first().waitFor();
    await page.locator('#log-list .entry[data-kind="correction"]').first().waitFor();
    await shot(page, 'e2e-pad-corrected');
    expect(errors).toEqual([]);
    await context.close();

    // Restart the backend on the same user data: the entries come back from disk.
    await server.close();
    server = await startTestServer(userDataDir);
    ({ page, context, errors } = await openApp(server));
    await page.locator('#log-list .entry[data-kind="recognition"]', { hasText: /cat/i }).first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#log-list .entry[data-kind="correction"]').count()).toBeGreaterThan(0);

    // Search narrows the log to matching entries, with the match marked.
    await page.fill('#log-search', 'cat');
    await page.waitForSelector('#log-list .entry mark');
    const bodies = await page.locator('#log-list .entry .entry-body').allInnerTexts();
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b.toLowerCase()).toContain('cat');
    await shot(page, 'e2e-log-after-restart');
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});

test('read this: the fake webcam films a printed page; the real OCR text appears and is logged', async () => {
  const server = await startTestServer(path.join(tmp, 'user-read'));
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
  const server = await startTestServer(path.join(tmp, 'user-voice'));
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
  const server = await startTestServer(path.join(tmp, 'user-keys'));
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
