/** Open the app in a fresh browser context and wait until it is ready; page errors are collected. */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions in the page: a working UI has none. */
  errors: string[];
}

export interface OpenOptions {
  width?: number;
  height?: number;
  dark?: boolean;
  /** Browser permissions to grant, e.g. 'clipboard-read'. */
  permissions?: string[];
  /** Called with the page before it loads (listeners that must see the first frames, screenshots on failure). */
  onPage?: (page: Page) => void;
}

export async function openApp(browser: Browser, url: string, opts: OpenOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    ...(opts.dark !== undefined ? { colorScheme: opts.dark ? 'dark' : 'light' } : {}),
    ...(opts.permissions ? { permissions: opts.permissions } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  opts.onPage?.(page);
  // MAMBA_E2E_DEBUG=1 prints the page's console and every frame from the server.
  if (process.env.MAMBA_E2E_DEBUG) {
    page.on('console', (m) => console.log(`console.${m.type()}: ${m.text()}`));
    page.on('websocket', (ws) => ws.on('framereceived', (f) => console.log(`<- ${String(f.payload).slice(0, 300)}`)));
  }
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, context, errors };
}
