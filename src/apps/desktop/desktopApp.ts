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

/** What the steps below share: the Electron API, the assistant, the window and the shell's mutable state. */
interface Shell {
  readonly E: ElectronApi;
  readonly assistant: Assistant;
  readonly win: Electron.BrowserWindow;
  /** Shows an error to the user as an app.notice. */
  readonly notify: (e: unknown) => void;
  tray: Electron.Tray | null;
  shortcut: ShortcutStatus;
  regionShortcut: ShortcutStatus;
  /** Set once the user really quits (the window's close then closes instead of hiding to the tray). */
  quitting: boolean;
}

/** What the tray, the shortcuts and the command line can ask the shell to do. */
interface ShellActions {
  showWindow(): void;
  toggleWindow(): void;
  captureWebcam(): void;
  captureClipboard(): void;
  captureScreen(): void;
  captureRegion(): void;
  quit(): void;
  /** A screenshot with Mamba's own window kept out of it. */
  grabScreen(): Promise<ScreenImage>;
  readClipboardImage(): Promise<Uint8Array | null>;
}

const NO_SHORTCUT: ShortcutStatus = { accelerator: '', registered: false };

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
  const notify = (e: unknown): void => assistant.events.emit('app.notice', { level: 'error', ...toMambaError(e).toJSON() });

  serveAppProtocol(E, paths.renderer);
  wireIpc(E, assistant);
  const win = createMainWindow(E, assistant, paths, () => (timings.windowMs = Date.now() - t0));
  const shell: Shell = { E, assistant, win, notify, tray: null, shortcut: NO_SHORTCUT, regionShortcut: NO_SHORTCUT, quitting: false };
  const actions = shellActions(shell);
  hideToTrayOnClose(shell, actions);
  void win.loadURL(APP_INDEX_URL).catch(notify);

  shell.tray = createTray(shell, paths.trayIcon, actions);
  applyShortcut(shell, actions, assistant.settings.get(), o.launchCommand);
  applyRegionShortcut(shell, actions, assistant.settings.get(), o.launchCommand);
  win.on('show', () => refreshTray(shell, actions));
  win.on('hide', () => refreshTray(shell, actions));
  connectPlatform(shell, actions, o.launchCommand);
  handleLaunchArguments(shell, actions, o.argv ?? []);
  quitAfterAssistantCloses(shell, actions);

  return {
    assistant,
    window: win,
    tray: shell.tray,
    shortcut: () => shell.shortcut,
    regionShortcut: () => shell.regionShortcut,
    timings,
    quickCapture: actions.captureWebcam,
    captureRegion: actions.captureRegion,
    quit: actions.quit,
  };
}

/** Protocol step: the renderer served over app://, with the permission handlers for that origin. */
function serveAppProtocol(E: ElectronApi, rendererDir: string): void {
  E.protocol.handle(APP_SCHEME, makeAppProtocolHandler(rendererDir));
  installPermissionHandlers(E.session.defaultSession);
}

/** IPC step: one handler per contract channel; refused calls are kept in the log. */
function wireIpc(E: ElectronApi, assistant: Assistant): void {
  registerIpc(
    E.ipcMain,
    assistant.handlers(),
    (why) => void assistant.flow.journal.record({ role: 'mamba', kind: 'error', text: `Refused: ${why}` }),
    (clientId) => void assistant.clientGone(clientId),
  );
}

/** Window step: the locked-down main window, receiving the assistant's events, shown when ready (not yet loaded). */
function createMainWindow(E: ElectronApi, assistant: Assistant, paths: ReturnType<typeof appPaths>, onLoaded: () => void): Electron.BrowserWindow {
  const win = new E.BrowserWindow(mainWindowOptions(paths.preload, paths.windowIcon, E.app.isPackaged));
  lockNavigation(win.webContents);
  forwardEvents(assistant.events, () => (win.isDestroyed() ? null : win.webContents));
  win.once('ready-to-show', () => win.show());
  win.webContents.once('did-finish-load', onLoaded);
  return win;
}

/** Closing the window keeps Mamba in the tray; Quit (tray) really quits. */
function hideToTrayOnClose(shell: Shell, actions: ShellActions): void {
  shell.win.on('close', (e) => {
    if (!shell.quitting && shell.tray) {
      e.preventDefault();
      shell.win.hide();
      refreshTray(shell, actions);
    }
  });
}

/** Capture step: the window and capture actions the tray, the shortcuts and the command line share. */
function shellActions(shell: Shell): ShellActions {
  const { E, win, assistant, notify } = shell;
  const { events } = assistant;
  const showWindow = (): void => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const readOsImage = (source: 'clipboard' | 'screen', grab: () => Promise<Uint8Array | null>): void => {
    void (async () => {
      const image = await grab();
      showWindow();
      await readImageBytes(assistant.flow, image, source); // result arrives as log.appended entries
    })().catch(notify);
  };
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
  const readClipboard = async (): Promise<Uint8Array | null> => readClipboardImage(E.clipboard);
  return {
    showWindow,
    toggleWindow: () => (win.isVisible() ? win.hide() : showWindow()),
    captureWebcam: () => {
      showWindow();
      events.emit('capture.request', { source: 'webcam' });
    },
    captureClipboard: () => readOsImage('clipboard', readClipboard),
    captureScreen: () => readOsImage('screen', async () => new Uint8Array(Buffer.from((await grabScreen()).imageBase64, 'base64'))),
    captureRegion: () => {
      void (async () => {
        const image = await grabScreen();
        showWindow();
        // The window shows its region selector; the pick comes back as ocr.readThis {region, source: 'screen'}.
        events.emit('capture.request', { source: 'screen', image });
      })().catch(notify);
    },
    quit: () => {
      shell.quitting = true;
      E.app.quit();
    },
    grabScreen,
    readClipboardImage: readClipboard,
  };
}

/** Tray step: the icon with its tooltip and click; null (with a notice) on desktops without a tray. */
function createTray(shell: Shell, trayIcon: string, actions: ShellActions): Electron.Tray | null {
  try {
    const tray = new shell.E.Tray(trayIcon);
    tray.setToolTip('Mamba');
    tray.on('click', actions.toggleWindow);
    return tray;
  } catch (e) {
    // Some desktops have no tray; the window then quits on close.
    shell.assistant.events.emit('app.notice', { level: 'warning', code: 'ENGINE_UNAVAILABLE', message: `No tray icon on this desktop (${toMambaError(e).message}).`, fix: 'Use the window and the global shortcut instead.' });
    return null;
  }
}

/** The tray menu says what is true now: window shown or hidden, which shortcuts are registered. */
function refreshTray(shell: Shell, actions: ShellActions): void {
  const { win } = shell;
  shell.tray?.setContextMenu(
    shell.E.Menu.buildFromTemplate(
      trayMenuTemplate(actions, {
        windowVisible: !win.isDestroyed() && win.isVisible(),
        shortcut: shell.shortcut.registered ? shell.shortcut.accelerator : undefined,
        regionShortcut: shell.regionShortcut.registered ? shell.regionShortcut.accelerator : undefined,
      }),
    ),
  );
}

/** A refused shortcut is said in the UI (notice + settings) and kept in the log. */
function reportRefusedShortcut(assistant: Assistant, st: ShortcutStatus): void {
  if (!st.error) return;
  assistant.events.emit('app.notice', { level: 'warning', ...st.error });
  void assistant.flow.journal.record({ role: 'mamba', kind: 'error', text: `${st.error.message} ${st.error.fix ?? ''}`.trim(), meta: { shortcut: st.accelerator } });
}

const regionAccelerator = (s: Settings): string => s.regionShortcut ?? DEFAULT_SETTINGS.regionShortcut ?? '';

/** Shortcut step: the quick-capture (webcam) shortcut from the settings, replacing the previous one. */
function applyShortcut(shell: Shell, actions: ShellActions, s: Settings, launchCommand: string | undefined): void {
  shell.shortcut = registerQuickCapture(shell.E.globalShortcut, s.shortcut, actions.captureWebcam, { previous: shell.shortcut.registered ? shell.shortcut.accelerator : undefined, launchCommand });
  reportRefusedShortcut(shell.assistant, shell.shortcut);
  refreshTray(shell, actions);
}

/** Shortcut step: the "read a screen region" shortcut from the settings, replacing the previous one. */
function applyRegionShortcut(shell: Shell, actions: ShellActions, s: Settings, launchCommand: string | undefined): void {
  const launch = launchCommand ? launchCommand.replace(CAPTURE_FLAG, CAPTURE_REGION_FLAG) : undefined;
  shell.regionShortcut = registerQuickCapture(shell.E.globalShortcut, regionAccelerator(s), actions.captureRegion, {
    previous: shell.regionShortcut.registered ? shell.regionShortcut.accelerator : undefined,
    launchCommand: launch ?? `mamba-app ${CAPTURE_REGION_FLAG}`,
    what: 'read a screen region',
  });
  reportRefusedShortcut(shell.assistant, shell.regionShortcut);
  refreshTray(shell, actions);
}

/** The OS hooks the assistant uses: clipboard, screenshot, shortcut status, and shortcuts re-applied on a settings change. */
function connectPlatform(shell: Shell, actions: ShellActions, launchCommand: string | undefined): void {
  shell.assistant.setPlatform({
    readClipboardImage: actions.readClipboardImage,
    captureScreen: actions.grabScreen, // the window's "Screen region" button (capture.screen)
    shortcutStatus: () => shell.shortcut,
    onSettingsChanged: (s) => {
      if (s.shortcut !== shell.shortcut.accelerator) applyShortcut(shell, actions, s, launchCommand);
      if (regionAccelerator(s) !== shell.regionShortcut.accelerator) applyRegionShortcut(shell, actions, s, launchCommand);
    },
  });
}

/** `--capture` / `--capture-region` from a second instance, or from this one's own start. */
function handleLaunchArguments(shell: Shell, actions: ShellActions, startArgv: readonly string[]): void {
  // Chromium may reorder argv and append switches (documented for 'second-instance'): look for the flag anywhere.
  const onArgv = (argv: readonly string[]): void => {
    if (argv.includes(CAPTURE_REGION_FLAG)) actions.captureRegion();
    else if (argv.includes(CAPTURE_FLAG)) actions.captureWebcam();
    else actions.showWindow();
  };
  shell.E.app.on('second-instance', (_e, argv) => onArgv(argv));
  // A desktop shortcut running `mamba-app --capture` while Mamba is not running starts this instance:
  // honour it once the page is there to receive the capture request.
  if (startArgv.includes(CAPTURE_FLAG) || startArgv.includes(CAPTURE_REGION_FLAG)) shell.win.webContents.once('did-finish-load', () => onArgv(startArgv));
}

/** Quit step: without a tray, closing the window quits; the exit waits (bounded) for the assistant to close. */
function quitAfterAssistantCloses(shell: Shell, actions: ShellActions): void {
  const { E, assistant } = shell;
  E.app.on('window-all-closed', () => {
    if (!shell.tray) actions.quit();
  });
  E.app.on('before-quit', () => (shell.quitting = true));
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
}
