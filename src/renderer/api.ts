/**
 * The renderer's only way to main: the typed contract (src/shared/contract.ts) over
 * Electron IPC (`window.mamba`, exposed by the preload) when present, otherwise over the
 * WebSocket of `mamba serve`, which served this page and put its token in the query string.
 */
import {
  WS_PATH,
  WS_TOKEN_PARAM,
  type ChannelName,
  type EventName,
  type MambaApi,
  type WireEvent,
  type WireResponse,
} from '../shared/contract';
import type { MambaErrorCode, MambaErrorData } from '../shared/errors';

declare global {
  interface Window {
    mamba?: MambaApi;
  }
}

/** What every failed call rejects with: the main side's MambaError, as data plus Error. */
export class ApiError extends Error {
  readonly code: MambaErrorCode;
  readonly fix?: string;
  constructor(data: MambaErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.fix = data.fix;
  }
}

/** Turn whatever a transport rejected with into an ApiError (Electron serialises errors lossy). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; fix?: unknown };
    // Electron prefixes remote errors: "Error invoking remote method 'x': Error: msg".
    const message = typeof o.message === 'string' ? o.message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '') : String(e);
    return new ApiError({
      code: typeof o.code === 'string' ? (o.code as MambaErrorCode) : 'INTERNAL',
      message,
      ...(typeof o.fix === 'string' ? { fix: o.fix } : {}),
    });
  }
  return new ApiError({ code: 'INTERNAL', message: String(e) });
}

/** Connection state of the WebSocket transport (Electron IPC is always 'open'). */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Client extends MambaApi {
  readonly transport: 'electron' | 'websocket';
  onConnection(cb: (s: ConnectionState) => void): () => void;
}

type Listener = (payload: unknown) => void;

/** Minimal event fan-out shared by both transports. */
class Emitter {
  private readonly map = new Map<string, Set<Listener>>();
  on(name: string, cb: Listener): () => void {
    let set = this.map.get(name);
    if (!set) this.map.set(name, (set = new Set()));
    set.add(cb);
    return () => set!.delete(cb);
  }
  emit(name: string, payload: unknown): void {
    for (const cb of this.map.get(name) ?? []) {
      try {
        cb(payload);
      } catch (e) {
        console.error(`listener for ${name} failed`, e);
      }
    }
  }
}

/** The preload's API, with errors normalised. */
function electronClient(api: MambaApi): Client {
  return {
    transport: 'electron',
    invoke: (async (channel: ChannelName, payload?: unknown) => {
      try {
        return await (api.invoke as (c: ChannelName, p?: unknown) => Promise<unknown>)(channel, payload ?? {});
      } catch (e) {
        throw toApiError(e);
      }
    }) as MambaApi['invoke'],
    on: api.on.bind(api),
    onConnection(cb) {
      cb('open');
      return () => undefined;
    },
  };
}

/**
 * Where the WebSocket lives: `mamba serve` injects <meta name="mamba-ws-url"> into the page;
 * failing that, the same host as the page with the token from the page's `?token=`.
 */
export function webSocketUrl(doc: Document, loc: Location): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="mamba-ws-url"]')?.content;
  if (meta && /^wss?:\/\//.test(meta)) return meta;
  const token = new URLSearchParams(loc.search).get(WS_TOKEN_PARAM) ?? '';
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${WS_PATH}?${WS_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** JSON frames over one WebSocket; reconnects with backoff and fails pending calls on loss. */
function webSocketClient(url: string): Client {
  const events = new Emitter();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: ApiError) => void }>();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let opened: Promise<void>;
  let retry = 0;

  const setState = (s: ConnectionState) => {
    state = s;
    events.emit('__connection', s);
  };

  const connect = (): Promise<void> =>
    new Promise<void>((resolve) => {
      setState('connecting');
      const sock = new WebSocket(url);
      ws = sock;
      sock.onopen = () => {
        retry = 0;
        setState('open');
        resolve();
      };
      sock.onmessage = (ev) => {
        if (typeof ev.data !== 'string') return;
        let msg: unknown;
        try {
          msg = JSON.parse(ev.data);
        } catch {
          return;
        }
        if (!msg || typeof msg !== 'object') return;
        if ('event' in msg) {
          const e = msg as WireEvent;
          events.emit(e.event, e.payload);
          return;
        }
        const r = msg as WireResponse;
        const p = pending.get(r.id);
        if (!p) return;
        pending.delete(r.id);
        if (r.ok) p.resolve(r.result);
        else p.reject(new ApiError(r.error));
      };
      sock.onclose = () => {
        for (const [, p] of pending)
          p.reject(new ApiError({ code: 'INTERNAL', message: 'Lost the connection to Mamba.', fix: 'Check that `mamba serve` is still running, then try again.' }));
        pending.clear();
        setState('closed');
        // Reconnect: the server may be restarting (or the laptop woke up).
        const delay = Math.min(5000, 250 * 2 ** retry++);
        setTimeout(() => {
          opened = connect();
        }, delay);
        resolve();
      };
    });

  opened = connect();

  return {
    transport: 'websocket',
    invoke: (async (channel: ChannelName, payload?: unknown) => {
      if (state !== 'open') await opened;
      if (!ws || ws.readyState !== WebSocket.OPEN)
        throw new ApiError({ code: 'INTERNAL', message: 'Not connected to Mamba.', fix: 'Check that `mamba serve` is running, then reload the page.' });
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload: payload ?? {} });
      return new Promise<unknown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws!.send(frame);
      });
    }) as MambaApi['invoke'],
    on: ((event: EventName, cb: (p: never) => void) => events.on(event, cb as Listener)) as MambaApi['on'],
    onConnection(cb) {
      cb(state);
      return events.on('__connection', cb as Listener);
    },
  };
}

/** The client for this page: Electron's preload if present, else the WebSocket. */
export function createClient(): Client {
  if (window.mamba) return electronClient(window.mamba);
  return webSocketClient(webSocketUrl(document, window.location));
}
