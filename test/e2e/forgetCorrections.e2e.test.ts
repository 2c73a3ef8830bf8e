/**
 * Settings > "Forget my handwriting corrections" in the real page (Debian's Chromium) against the real
 * browser-mode server: the user confirms, the saved corrections in the data folder are deleted, and a
 * toast says how many. Cancelling the confirmation deletes nothing.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { openApp } from './helpers/app';
import { launchBrowser } from './helpers/browser';
import { startTestServer } from './helpers/server';

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let browser: Browser;
let tmp: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/buildRenderer.mjs'], { cwd: ROOT });
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mamba-e2e-forget-'));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('forget my handwriting corrections: asks first, deletes the saved samples, says how many', async () => {
  const userDataDir = path.join(tmp, 'user');
  const samples = path.join(userDataDir, 'samples');
  mkdirSync(samples, { recursive: true });
  for (const id of ['a1', 'b2'])
    writeFileSync(path.join(samples, `${id}.json`), JSON.stringify({ label: 'U', predicted: 'V', model: 'full', strokes: [[[0, 0], [5, 10], [10, 0]]], at: new Date().toISOString(), source: 'correction' }));
  const server = await startTestServer(userDataDir);
  try {
    const { page, context, errors } = await openApp(browser, server.url);
    await page.click('#settings-open');
    await page.waitForSelector('#settings-dialog[open]');
    const button = page.locator('#set-forget-corrections');
    expect(await button.innerText()).toBe('Forget my handwriting corrections');
    await button.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-settings-forget-corrections.png') });

    page.once('dialog', (d) => void d.dismiss());
    await button.click();
    expect(readdirSync(samples)).toHaveLength(2);

    page.once('dialog', (d) => void d.accept());
    await button.click();
    await page.waitForSelector('.toast:has-text("Forgot 2 handwriting corrections")');
    expect(readdirSync(samples)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
}, 90_000);
