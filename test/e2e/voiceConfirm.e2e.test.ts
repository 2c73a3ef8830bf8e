/**
 * End to end, a guess is asked about before it acts: Chromium's fake microphone plays a clear "Mamba",
 * then "Mamba, what time is it" under 0 dB pink noise (sox; at 3 dB the dithered decode hears it well
 * enough through Chromium to act on it); the real server's voice session hears the
 * command with middling confidence, the Voice tab asks "Did you mean …?", and clicking Yes acts (the
 * time command appears). Nothing is mocked; only the Electron shell is absent (WebSocket transport).
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { openApp } from './helpers/app';
import { launchBrowser } from './helpers/browser';
import { startTestServer } from './helpers/server';
import { writeWav } from '../../src/main/platform/wav';
import { joinPcm, padded, silence, speak, withNoise } from '../fixtures/speech/voices';

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const kal = { engine: 'festival', voice: 'kal_diphone' } as const;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/buildRenderer.mjs'], { cwd: ROOT });
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mamba-e2e-confirm-'));
  const audio = path.join(tmp, 'mumbled.wav');
  const pcm = joinPcm([silence(1000), padded(speak('mamba', kal)), silence(500), withNoise(padded(speak('mamba what time is it', kal)), 0), silence(6000)]);
  writeFileSync(audio, writeWav(pcm, 16000));
  browser = await launchBrowser({ audio });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('voice: a mumbled command is asked about ("Did you mean …?"), and a click on Yes acts on it', async () => {
  const server = await startTestServer(path.join(tmp, 'user'));
  try {
    const { page, context, errors } = await openApp(browser, server.url);
    await page.keyboard.press('Alt+3');
    await page.click('#mic-button');
    const question = page.locator('#voice-events li[data-kind="confirm"]').first();
    await question.waitFor({ timeout: 60_000 });
    expect(await question.innerText()).toMatch(/did you mean/i);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-voice-confirm.png') });
    expect(await page.locator('#voice-events li[data-kind="command"]').count()).toBe(0); // nothing done on a guess
    await question.locator('button.confirm-yes').click();
    await page.waitForSelector('#voice-events li[data-kind="command"]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-voice-confirmed.png') });
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});
