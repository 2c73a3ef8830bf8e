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
import { isAppUrl } from './windowOptions';
import { IPC_EVENT, ipcChannel } from './ipcNames';

export { ipcChannel, IPC_EVENT };

type SenderLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: Pick<WebContents, 'id'> };

/** The one sender check: the calling frame is our page's main frame. */
export function isAllowedSender(e: SenderLike): boolean {
  const frame = e.senderFrame;
  if (!frame) return false; // frame navigated away or destroyed mid-call
  return isAppUrl(frame.url) && frame.parent === null;
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: HandlerTable, onRefused?: (why: string) => void): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(channel), async (e: IpcMainInvokeEvent, payload: unknown): Promise<DispatchResult> => {
      if (!isAllowedSender(e)) {
        onRefused?.(`ipc ${channel} from ${e.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: new MambaError('FORBIDDEN', 'This page may not talk to Mamba.', 'Only the Mamba window can use Mamba.').toJSON() };
      }
      return dispatch(handlers, channel, payload, { transport: 'electron', clientId: `wc-${e.sender.id}` });
    });
  }
  return () => {
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
