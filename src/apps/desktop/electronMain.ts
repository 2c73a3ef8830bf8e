/** Electron's entry (package.json "main"): the real Electron API into the desktop shell. */
import * as electron from 'electron';
import { registerSchemes, startDesktopApp } from './desktopApp';
import { CAPTURE_FLAG } from './shortcut';

// Global shortcuts on Wayland go through the xdg GlobalShortcuts portal, which Chromium only
// uses with this feature (documented for globalShortcut); elsewhere it changes nothing.
electron.app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
registerSchemes(electron);

/** The command a desktop shortcut can run to trigger a capture (shown when the global shortcut is refused). */
function launchCommand(): string {
  // In an AppImage process.execPath is inside a mount that changes each run; APPIMAGE is the file itself.
  const exe = process.env.APPIMAGE || process.execPath;
  const quote = (p: string): string => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
  return [exe, ...(electron.app.isPackaged ? [] : [electron.app.getAppPath()]), CAPTURE_FLAG].map(quote).join(' ');
}

startDesktopApp(electron, {
  appRoot: electron.app.getAppPath(),
  launchCommand: launchCommand(),
  argv: process.argv,
}).catch((e: unknown) => {
  electron.dialog.showErrorBox('Mamba could not start', e instanceof Error ? e.message : String(e));
  electron.app.exit(1);
});
