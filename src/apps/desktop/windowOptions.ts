/**
 * The main window's options: the renderer runs isolated (contextIsolation, sandbox, no Node)
 * and can reach main only through the preload's contract.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'mamba';
/** The page's origin; the only sender IPC accepts and the only origin granted media. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Devtools only in development: never in a packaged build, whatever the environment says. */
export function devToolsAllowed(packaged: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return !packaged && !env.MAMBA_NO_DEVTOOLS;
}

export function mainWindowOptions(preloadPath: string, iconPath?: string, packaged = true): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 560,
    minHeight: 420,
    show: false, // shown on ready-to-show: no white flash
    title: 'Mamba',
    backgroundColor: '#1b1f1d',
    autoHideMenuBar: true,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: devToolsAllowed(packaged),
    },
  };
}

/** Is this URL our own page (and not, say, a file:// page or something navigated to)? */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
