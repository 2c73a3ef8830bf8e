/**
 * The preload (sandboxed, bundled by scripts/buildRenderer.mjs): exposes exactly the contract
 * as `window.mamba` — invoke(channel, payload) for contract channels, on(event, cb) for
 * contract events — and nothing else of Electron or Node.
 */
import { contextBridge, ipcRenderer, IpcRendererEvent } from 'electron';
import { EventName, isChannelName, isEventName, unknownChannel } from '../../shared/contract';
import type { MambaErrorData } from '../../shared/errors';
import { IPC_EVENT, ipcChannel } from './ipcNames';

type Envelope = { ok: true; result: unknown } | { ok: false; error: MambaErrorData };

/**
 * What a failed invoke rejects with: a plain object, not an Error. contextBridge copies a
 * rejected Error as a new Error with the message only (custom properties such as code and fix
 * are dropped), while plain objects are copied with all their keys. The renderer's
 * toApiError (src/renderer/api.ts) turns it back into an ApiError.
 */
function toRejection(data: MambaErrorData): MambaErrorData & { name: string } {
  return { name: 'MambaError', code: data.code, message: data.message, ...(data.fix ? { fix: data.fix } : {}) };
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC_EVENT, (_e: IpcRendererEvent, event: unknown, payload: unknown) => {
  if (typeof event !== 'string') return;
  for (const cb of listeners.get(event) ?? []) {
    try {
      cb(payload);
    } catch (err) {
      console.error(`mamba: listener for ${event} failed`, err);
    }
  }
});

const api = {
  async invoke(channel: unknown, payload?: unknown): Promise<unknown> {
    if (!isChannelName(channel)) throw toRejection(unknownChannel(channel).toJSON());
    const r = (await ipcRenderer.invoke(ipcChannel(channel), payload)) as Envelope;
    if (r.ok) return r.result;
    throw toRejection(r.error);
  },
  on(event: unknown, cb: unknown): () => void {
    if (!isEventName(event) || typeof cb !== 'function') throw new TypeError('mamba.on(event, callback): unknown event or no callback');
    const name: EventName = event;
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const fn = cb as (payload: unknown) => void;
    set.add(fn);
    return () => {
      set?.delete(fn);
    };
  },
};

contextBridge.exposeInMainWorld('mamba', api);
