/** The tray menu as a template (pure, so its wiring is testable without a desktop). */
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  captureWebcam(): void;
  captureClipboard(): void;
  captureScreen(): void;
  /** Screenshot -> the window's region selector -> read the selected rectangle. */
  captureRegion(): void;
  toggleWindow(): void;
  quit(): void;
}

export function trayMenuTemplate(a: TrayActions, o: { windowVisible: boolean; shortcut?: string; regionShortcut?: string }): MenuItemConstructorOptions[] {
  return [
    { id: 'capture-webcam', label: 'Read this (webcam)', accelerator: o.shortcut || undefined, click: () => a.captureWebcam() },
    { id: 'capture-region', label: 'Read a screen region…', accelerator: o.regionShortcut || undefined, click: () => a.captureRegion() },
    { id: 'capture-clipboard', label: 'Read the clipboard image', click: () => a.captureClipboard() },
    { id: 'capture-screen', label: 'Read the whole screen', click: () => a.captureScreen() },
    { type: 'separator' },
    { id: 'toggle-window', label: o.windowVisible ? 'Hide Mamba' : 'Show Mamba', click: () => a.toggleWindow() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Mamba', click: () => a.quit() },
  ];
}
