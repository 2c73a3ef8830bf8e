/**
 * The Electron shell, wired against the Electron API passed in (electronMain.ts passes the
 * real module; tests pass a fake where the binary cannot be installed): single instance,
 * app:// protocol, permission handlers, IPC, the window, the tray, the global shortcut, and
 * the platform hooks (clipboard, screenshot) the assistant uses.
 */
import type * as Electron from 'electron';
import * as path from 'path';
import { DEFAULT_SETTINGS, type ScreenImage, type Settings, type ShortcutStatus } from '../../shared/contract';
import { toMambaError } from '../../shared/errors';
import { Assistant } from '../../main/assistant/assistant';
import type { EngineFactories } from '../../main/runtime/engineFactories';
import { readImageBytes } from '../../main/assistant/flows/readThisFlow';
import { APP_SCHEME_PRIVILEGES, makeAppProtocolHandler } from './appProtocol';
import { captureScreen, readClipboardImage } from './capture';
import { forwardEvents, registerIpc } from './ipc';
import { installPermissionHandlers, lockNavigation } from './permissions';
import { CAPTURE_FLAG, CAPTURE_REGION_FLAG, registerQuickCapture } from './shortcut';
import { trayMenuTemplate } from './trayMenu';
import { APP_INDEX_URL, APP_SCHEME, mainWindowOptions } from './windowOptions';

export type ElectronApi = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'Tray' | 'Menu' | 'globalShortcut' | 'protocol' | 'session' | 'clipboard' | 'desktopCapturer' | 'screen'
>;

export interface DesktopOptions {
  /** Folder holding dist/ and build/ (app.getAppPath() in a packaged app). */
  appRoot: string;
  userDataDir?: string;
  engines?: EngineFactories;
  /** Command that triggers a capture from outside (shown when the shortcut is refused). */
  launchCommand?: string;
  /** This instance's command line (process.argv): `--capture` / `--capture-region` act on start too. */
  argv?: string[];
}

export interface DesktopApp {
  assistant: Assistant;
  window: Electron.BrowserWindow;
  tray: Electron.Tray | null;
  shortcut(): ShortcutStatus;
  /** The "read a screen region" shortcut's status (refusals are also sent as notices). */
  regionShortcut(): ShortcutStatus;
  /** ms from start to the window's page loaded. */
  readonly timings: { assistantMs: number; windowMs?: number };
  quickCapture(): void;
  /** Screenshot -> region selector in the window (tray, shortcut, `--capture-region`). */
  captureRegion(): void;
  quit(): void;
}

export function appPaths(appRoot: string): { renderer: string; preload: string; trayIcon: string; windowIcon: string } {
  return {
    renderer: path.join(appRoot, 'dist', 'renderer'),
    preload: path.join(appRoot, 'dist', 'preload', 'preload.js'),
    trayIcon: path.join(appRoot, 'build', 'icons', 'tray.png'),
    windowIcon: path.join(appRoot, 'build', 'icons', '512x512.png'),
  };
}

/** On quit, how long the assistant may take to close (log flushed, engines stopped) before we exit anyway. */
const CLOSE_TIMEOUT_MS = 3000;

/** Compositors may still show a just-hidden window for a frame or two; wait before grabbing the screen. */
const HIDE_SETTLE_MS = 150;

/** Must run before the app is ready (Electron only accepts privileged schemes then). */
export function registerSchemes(E: ElectronApi): void {
  E.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** Returns null when another instance is running (it is told to show itself and we quit). */
export async function startDesktopApp(E: ElectronApi, o: DesktopOptions): Promise<DesktopApp | null> {
  const t0 = Date.now();
  if (!E.app.requestSingleInstanceLock()) {
    E.app.quit();
    return null;
  }
  await E.app.whenReady();
  const paths = appPaths(o.appRoot);
  const userDataDir = o.userDataDir ?? E.app.getPath('userData');
  const assistant = await Assistant.create({ userDataDir, transport: 'electron', engines: o.engines });
  const timings: { assistantMs: number; windowMs?: number } = { assistantMs: Date.now() - t0 };
  const { events } = assistant;
  const notify = (e: unknown): void => events.emit('app.notice', { level: 'error', ...toMambaError(e).toJSON() });

  E.protocol.handle(APP_SCHEME, makeAppProtocolHandler(paths.renderer));
  installPermissionHandlers(E.session.defaultSession);
  registerIpc(
    E.ipcMain,
    assistant.handlers(),
    (why) => void assistant.flow.journal.record({ role: 'mamba', kind: 'error', text: `Refused: ${why}` }),
    (clientId) => void assistant.clientGone(clientId),
  );

  let tray: Electron.Tray | null = null;
  let shortcut: ShortcutStatus = { accelerator: '', registered: false };
  let regionShortcut: ShortcutStatus = { accelerator: '', registered: false };
  const win = new E.BrowserWindow(mainWindowOptions(paths.preload, paths.windowIcon, E.app.isPackaged));
  lockNavigation(win.webContents);
  forwardEvents(events, () => (win.isDestroyed() ? null : win.webContents));
  let quitting = false;
  win.once('ready-to-show', () => win.show());
  win.webContents.once('did-finish-load', () => (timings.windowMs = Date.now() - t0));
  // Closing the window keeps Mamba in the tray; Quit (tray) really quits.
  win.on('close', (e) => {
    if (!quitting && tray) {
      e.preventDefault();
      win.hide();
      refreshTray();
    }
  });
  void win.loadURL(APP_INDEX_URL).catch(notify);

  const showWindow = (): void => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const captureWebcam = (): void => {
    showWindow();
    events.emit('capture.request', { source: 'webcam' });
  };
  const readOsImage = (source: 'clipboard' | 'screen', grab: () => Promise<Uint8Array | null>): void => {
    void (async () => {
      const image = await grab();
      showWindow();
      await readImageBytes(assistant.flow, image, source); // result arrives as log.appended entries
    })().catch(notify);
  };
  /** A screenshot with Mamba's own window kept out of it (hidden meanwhile, shown again after). */
  const grabScreen = async (): Promise<ScreenImage> => {
    const wasVisible = !win.isDestroyed() && win.isVisible();
    if (wasVisible) {
      win.hide();
      await new Promise((r) => setTimeout(r, HIDE_SETTLE_MS));
    }
    try {
      return await captureScreen(E.desktopCapturer, E.screen);
    } finally {
      if (wasVisible) showWindow();
    }
  };
  const platform = {
    readClipboardImage: async () => readClipboardImage(E.clipboard),
    captureScreen: grabScreen, // the window's "Screen region" button (capture.screen)
  };
  const captureClipboard = (): void => readOsImage('clipboard', platform.readClipboardImage);
  const captureScreenNow = (): void => readOsImage('screen', async () => new Uint8Array(Buffer.from((await grabScreen()).imageBase64, 'base64')));
  const captureRegion = (): void => {
    void (async () => {
      const image = await grabScreen();
      showWindow();
      // The window shows its region selector; the pick comes back as ocr.readThis {region, source: 'screen'}.
      events.emit('capture.request', { source: 'screen', image });
    })().catch(notify);
  };
  const quit = (): void => {
    quitting = true;
    E.app.quit();
  };

  const refreshTray = (): void => {
    tray?.setContextMenu(
      E.Menu.buildFromTemplate(
        trayMenuTemplate(
          { captureWebcam, captureClipboard, captureScreen: captureScreenNow, captureRegion, toggleWindow: () => (win.isVisible() ? win.hide() : showWindow()), quit },
          {
            windowVisible: !win.isDestroyed() && win.isVisible(),
            shortcut: shortcut.registered ? shortcut.accelerator : undefined,
            regionShortcut: regionShortcut.registered ? regionShortcut.accelerator : undefined,
          },
        ),
      ),
    );
  };

  const reportRefused = (st: ShortcutStatus): void => {
    if (!st.error) return;
    // Said in the UI (notice + settings) and kept in the log.
    events.emit('app.notice', { level: 'warning', ...st.error });
    void assistant.flow.journal.record({ role: 'mamba', kind: 'error', text: `${st.error.message} ${st.error.fix ?? ''}`.trim(), meta: { shortcut: st.accelerator } });
  };
  const regionAccelerator = (s: Settings): string => s.regionShortcut ?? DEFAULT_SETTINGS.regionShortcut ?? '';
  const applyShortcut = (s: Settings): void => {
    shortcut = registerQuickCapture(E.globalShortcut, s.shortcut, captureWebcam, { previous: shortcut.registered ? shortcut.accelerator : undefined, launchCommand: o.launchCommand });
    reportRefused(shortcut);
    refreshTray();
  };
  const applyRegionShortcut = (s: Settings): void => {
    const launch = o.launchCommand ? o.launchCommand.replace(CAPTURE_FLAG, CAPTURE_REGION_FLAG) : undefined;
    regionShortcut = registerQuickCapture(E.globalShortcut, regionAccelerator(s), captureRegion, {
      previous: regionShortcut.registered ? regionShortcut.accelerator : undefined,
      launchCommand: launch ?? `mamba-app ${CAPTURE_REGION_FLAG}`,
      what: 'read a screen region',
    });
    reportRefused(regionShortcut);
    refreshTray();
  };

  try {
    tray = new E.Tray(paths.trayIcon);
    tray.setToolTip('Mamba');
    tray.on('click', () => (win.isVisible() ? win.hide() : showWindow()));
  } catch (e) {
    tray = null; // some desktops have no tray; the window then quits on close
    events.emit('app.notice', { level: 'warning', code: 'ENGINE_UNAVAILABLE', message: `No tray icon on this desktop (${toMambaError(e).message}).`, fix: 'Use the window and the global shortcut instead.' });
  }
  applyShortcut(assistant.settings.get());
  applyRegionShortcut(assistant.settings.get());
  win.on('show', refreshTray);
  win.on('hide', refreshTray);

  assistant.setPlatform({
    ...platform,
    shortcutStatus: () => shortcut,
    onSettingsChanged: (s) => {
      if (s.shortcut !== shortcut.accelerator) applyShortcut(s);
      if (regionAccelerator(s) !== regionShortcut.accelerator) applyRegionShortcut(s);
    },
  });

  // Chromium may reorder argv and append switches (documented for 'second-instance'): look for the flag anywhere.
  const onArgv = (argv: readonly string[]): void => {
    if (argv.includes(CAPTURE_REGION_FLAG)) captureRegion();
    else if (argv.includes(CAPTURE_FLAG)) captureWebcam();
    else showWindow();
  };
  E.app.on('second-instance', (_e, argv) => onArgv(argv));
  // A desktop shortcut running `mamba-app --capture` while Mamba is not running starts this instance:
  // honour it once the page is there to receive the capture request.
  const startArgv = o.argv ?? [];
  if (startArgv.includes(CAPTURE_FLAG) || startArgv.includes(CAPTURE_REGION_FLAG)) win.webContents.once('did-finish-load', () => onArgv(startArgv));
  E.app.on('window-all-closed', () => {
    if (!tray) quit();
  });
  E.app.on('before-quit', () => (quitting = true));
  // Electron exits right after 'will-quit' unless it is prevented: hold the exit until the
  // assistant has closed (log flushed, engine processes stopped), then quit again.
  let closed = false;
  E.app.on('will-quit', (e) => {
    E.globalShortcut.unregisterAll();
    if (closed) return;
    e.preventDefault();
    const timeout = new Promise<void>((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref());
    void Promise.race([assistant.close().catch(() => undefined), timeout]).finally(() => {
      closed = true;
      E.app.quit();
    });
  });

  return { assistant, window: win, tray, shortcut: () => shortcut, regionShortcut: () => regionShortcut, timings, quickCapture: captureWebcam, captureRegion, quit };
}
