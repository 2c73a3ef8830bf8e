/**
 * The contract over Electron IPC: one ipcMain.handle per channel, the sender checked (our
 * app:// page, main frame) before the payload is validated and dispatched to the same handler
 * table the WebSocket serves. Results come back as the same {ok, result | error} envelope so
 * the error code and fix survive (Electron flattens thrown errors to a message).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNEL_NAMES, EventName } from '../../shared/contract';
import { MambaError } from '../../shared/errors';
import { DispatchResult, HandlerTable, dispatch } from '../../main/runtime/handlerTable';
import type { EventBus } from '../../main/runtime/eventBus';
import { ClientRequests } from '../../main/transport/clientRequests';
import { isAppUrl } from './windowOptions';
import { IPC_EVENT, ipcChannel } from './ipcNames';

export { ipcChannel, IPC_EVENT };

type SenderLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: Pick<WebContents, 'id'> & { once?: WebContents['once'] } };

/** The one sender check: the calling frame is our page's main frame. */
export function isAllowedSender(e: SenderLike): boolean {
  const frame = e.senderFrame;
  if (!frame) return false; // frame navigated away or destroyed mid-call
  return isAppUrl(frame.url) && frame.parent === null;
}

/**
 * Serves the handler table on ipcMain. Like the WebSocket, each window's requests are tracked
 * (transport/clientRequests.ts): at most a few in flight, a newer pad/read request cancels the older one,
 * and when the window's page goes away its requests are cancelled and `onClientGone` ends what it owned.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: HandlerTable,
  onRefused?: (why: string) => void,
  onClientGone?: (clientId: string) => void,
): () => void {
  const requests = new ClientRequests();
  const watched = new Set<number>();
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(channel), async (e: IpcMainInvokeEvent, payload: unknown): Promise<DispatchResult> => {
      if (!isAllowedSender(e)) {
        onRefused?.(`ipc ${channel} from ${e.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: new MambaError('FORBIDDEN', 'This page may not talk to Mamba.', 'Only the Mamba window can use Mamba.').toJSON() };
      }
      const clientId = `wc-${e.sender.id}`;
      if (!watched.has(e.sender.id) && typeof e.sender.once === 'function') {
        watched.add(e.sender.id);
        const id = e.sender.id;
        e.sender.once('destroyed', () => {
          watched.delete(id);
          requests.cancelClient(clientId);
          onClientGone?.(clientId);
        });
      }
      let job;
      try {
        job = requests.begin(clientId, channel);
      } catch (err) {
        return { ok: false, error: (err as MambaError).toJSON() };
      }
      try {
        return await dispatch(handlers, channel, payload, { transport: 'electron', clientId, signal: job.signal });
      } finally {
        job.end();
      }
    });
  }
  return () => {
    requests.cancelAll();
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(ipcChannel(channel));
  };
}

/** Forward contract events to a window (if it still exists). */
export function forwardEvents(events: EventBus, target: () => { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void } | null): () => void {
  return events.subscribe(<E extends EventName>(event: E, payload: unknown) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT, event, payload);
  });
}
