/**
 * The set-up every e2e file shares (the renderer bundle itself is built once per jest run, by
 * test/globalSetup.ts): make test-artifacts/ and a temp dir, and launch Chromium with the fake
 * media the file makes in that temp dir; after the file, close the browser and remove the temp dir.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type BrowserMedia } from './browser';
import { packageRoot } from '../../../src/main/platform/appPaths';

/** Screenshots for people to look at (git-ignored). */
export const ARTIFACTS = path.join(packageRoot(), 'test-artifacts');

/** A screenshot of the page as test-artifacts/<name>.png. */
export const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

export interface E2eSuite {
  /** Filled in by beforeAll. */
  browser: Browser;
  /** The file's temp dir (user data dirs, media), removed after the file. */
  tmp: string;
}

/**
 * Registers the file's beforeAll/afterAll. `media` makes the fake camera/microphone input in the temp
 * dir (it may also make other files the tests use); `timeoutMs` is beforeAll's limit.
 */
export function useE2eSuite(tmpPrefix: string, media?: (tmp: string) => BrowserMedia | Promise<BrowserMedia>, timeoutMs = 60_000): E2eSuite {
  const suite = {} as E2eSuite;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    suite.tmp = mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    suite.browser = await launchBrowser(media ? await media(suite.tmp) : {});
  }, timeoutMs);
  afterAll(async () => {
    await suite.browser?.close();
    if (suite.tmp) rmSync(suite.tmp, { recursive: true, force: true });
  });
  return suite;
}
