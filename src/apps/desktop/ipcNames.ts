/** Electron IPC channel names shared by main (ipc.ts) and the preload. */

/** Preload -> main invoke channel for contract channel `c` (namespaced so nothing else clashes). */
export const ipcChannel = (c: string): string => `mamba:${c}`;
/** Main -> preload event channel; args: (eventName, payload). */
export const IPC_EVENT = 'mamba:event';
