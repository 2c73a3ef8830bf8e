/** Electron's entry (package.json "main"): the real Electron API into the desktop shell. */
import * as electron from 'electron';
import { registerSchemes, startDesktopApp } from './desktopApp';

registerSchemes(electron);
startDesktopApp(electron, {
  appRoot: electron.app.getAppPath(),
  launchCommand: `${process.execPath} ${electron.app.isPackaged ? '' : electron.app.getAppPath() + ' '}--capture`,
}).catch((e: unknown) => {
  electron.dialog.showErrorBox('Mamba could not start', e instanceof Error ? e.message : String(e));
  electron.app.exit(1);
});
