/** Debian's Chromium driven by playwright-core, with fake camera/microphone fed from files. */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.MAMBA_CHROMIUM ?? '/usr/bin/chromium';

/** `denyMedia`: no fake permission prompt, so camera and microphone requests are refused (as a user saying no). */
export async function launchBrowser(media: { video?: string; audio?: string; denyMedia?: boolean } = {}): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    ...(media.denyMedia ? [] : ['--use-fake-ui-for-media-stream']),
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (media.video) args.push(`--use-file-for-fake-video-capture=${media.video}`);
  if (media.audio) args.push(`--use-file-for-fake-audio-capture=${media.audio}`);
  return chromium.launch({ executablePath: CHROMIUM, args });
}
