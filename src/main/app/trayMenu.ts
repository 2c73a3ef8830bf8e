/** The tray menu as a template (pure, so its wiring is testable without a desktop). */
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  captureWebcam(): void;
  captureClipboard(): void;
  captureScreen(): void;
  toggleWindow(): void;
  quit(): void;
}

export function trayMenuTemplate(a: TrayActions, o: { windowVisible: boolean; shortcut?: string }): MenuItemConstructorOptions[] {
  return [
    { id: 'capture-webcam', label: 'Read this (webcam)', accelerator: o.shortcut || undefined, click: () => a.captureWebcam() },
    { id: 'capture-clipboard', label: 'Read the clipboard image', click: () => a.captureClipboard() },
    { id: 'capture-screen', label: 'Read the screen', click: () => a.captureScreen() },
    { type: 'separator' },
    { id: 'toggle-window', label: o.windowVisible ? 'Hide Mamba' : 'Show Mamba', click: () => a.toggleWindow() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Mamba', click: () => a.quit() },
  ];
}
