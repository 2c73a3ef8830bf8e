/** Debian's Chromium driven by playwright-core, with fake camera/microphone fed from files. */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.MAMBA_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserMedia {
  /** A .y4m file the fake camera loops. */
  video?: string;
  /** A WAV file the fake microphone plays. */
  audio?: string;
  /** No fake permission prompt, so camera and microphone requests are refused (as a user saying no). */
  denyMedia?: boolean;
}

export async function launchBrowser(media: BrowserMedia = {}): Promise<Browser> {
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
