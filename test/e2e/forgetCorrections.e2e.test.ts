/**
 * Settings > "Forget my handwriting corrections" in the real page (Debian's Chromium) against the real
 * browser-mode server: the user confirms, the saved corrections in the data folder are deleted, and a
 * toast says how many. Cancelling the confirmation deletes nothing.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { openApp } from './helpers/app';
import { startTestServer } from './helpers/server';
import { shot, useE2eSuite } from './helpers/suite';

const e2e = useE2eSuite('mamba-e2e-forget-');

test('forget my handwriting corrections: asks first, deletes the saved samples, says how many', async () => {
  const userDataDir = path.join(e2e.tmp, 'user');
  const samples = path.join(userDataDir, 'samples');
  mkdirSync(samples, { recursive: true });
  for (const id of ['a1', 'b2'])
    writeFileSync(path.join(samples, `${id}.json`), JSON.stringify({ label: 'U', predicted: 'V', model: 'full', strokes: [[[0, 0], [5, 10], [10, 0]]], at: new Date().toISOString(), source: 'correction' }));
  const server = await startTestServer(userDataDir);
  try {
    const { page, context, errors } = await openApp(e2e.browser, server.url);
    await page.click('#settings-open');
    await page.waitForSelector('#settings-dialog[open]');
    const button = page.locator('#set-forget-corrections');
    expect(await button.innerText()).toBe('Forget my handwriting corrections');
    await button.scrollIntoViewIfNeeded();
    await shot(page, 'e2e-settings-forget-corrections');

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
