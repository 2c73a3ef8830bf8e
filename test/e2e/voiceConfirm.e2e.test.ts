/**
 * End to end, a guess is asked about before it acts: Chromium's fake microphone plays a clear "Mamba",
 * then "Mamba, what time is it" muffled (low-passed at 600 Hz, as through a door) under white noise at
 * 10 dB (sox; plain noise no longer makes a guess: noisy speech is denoised, and below ~5 dB nothing is
 * heard at all; under 0 dB pink noise the question came in one run of two); the real server's voice session hears the
 * command with middling confidence, the Voice tab asks "Did you mean …?", and clicking Yes acts (the
 * time command appears). Nothing is mocked; only the Electron shell is absent (WebSocket transport).
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { openApp } from './helpers/app';
import { startTestServer } from './helpers/server';
import { shot, useE2eSuite } from './helpers/suite';
import { writeWav } from '../../src/main/platform/wav';
import { joinPcm, muffled, padded, silence, speak, withNoise } from '../fixtures/speech/voices';

const kal = { engine: 'festival', voice: 'kal_diphone' } as const;

const e2e = useE2eSuite('mamba-e2e-confirm-', (tmp) => {
  const audio = path.join(tmp, 'mumbled.wav');
  const pcm = joinPcm([silence(1000), padded(speak('mamba', kal)), silence(500), withNoise(muffled(padded(speak('mamba what time is it', kal)), 600), 10, 'whitenoise'), silence(6000)]);
  writeFileSync(audio, writeWav(pcm, 16000));
  return { audio };
});

test('voice: a mumbled command is asked about ("Did you mean …?"), and a click on Yes acts on it', async () => {
  const server = await startTestServer(path.join(e2e.tmp, 'user'));
  try {
    const { page, context, errors } = await openApp(e2e.browser, server.url);
    await page.keyboard.press('Alt+3');
    await page.click('#mic-button');
    const question = page.locator('#voice-events li[data-kind="confirm"]').first();
    await question.waitFor({ timeout: 60_000 });
    expect(await question.innerText()).toMatch(/did you mean/i);
    await shot(page, 'e2e-voice-confirm');
    expect(await page.locator('#voice-events li[data-kind="command"]').count()).toBe(0); // nothing done on a guess
    await question.locator('button.confirm-yes').click();
    await page.waitForSelector('#voice-events li[data-kind="command"]', { timeout: 30_000 });
    await shot(page, 'e2e-voice-confirmed');
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.close();
  }
});
