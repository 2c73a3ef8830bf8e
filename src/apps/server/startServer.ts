/**
 * Browser mode in one call: the assistant (log, settings, lazy engines) behind the
 * WebSocket transport, serving the built renderer. Used by `mamba serve`, `npm start`
 * without Electron, the end-to-end tests and the start-up benchmark.
 */
import { Assistant } from '../../main/assistant/assistant';
import type { EngineFactories } from '../../main/runtime/engineFactories';
import { defaultUserDataDir, rendererDir } from '../../main/platform/appPaths';
import { loadServerIdentity, saveServerIdentity } from '../../main/transport/serverIdentity';
import { startWsTransport, type WsTransport, type WsTransportOptions } from '../../main/transport/wsServer';

export interface ServerOptions {
  /** A fixed port; 0 picks a free one; absent: the port this data folder's server used last if it is free (so open tabs and reloads find it again), else a free one. */
  port?: number;
  userDataDir?: string;
  /** Built renderer; default <package>/dist/renderer. */
  staticDir?: string;
  /** Fixed token; absent: this data folder's token (serverIdentity.ts), made on first start. */
  token?: string;
  /** Engine factories (tests may observe creation); default the real engines. */
  engines?: EngineFactories;
  onRefused?: (reason: string) => void;
}

export interface RunningServer {
  /** Page URL with the token. */
  url: string;
  wsUrl: string;
  token: string;
  port: number;
  userDataDir: string;
  assistant: Assistant;
  /** Start-up problems that cost a convenience, not the service (printed by `mamba serve`). */
  warnings: string[];
  /** Bytes of answers and events not yet written to the clients. */
  bufferedBytes(): number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const userDataDir = opts.userDataDir ?? defaultUserDataDir();
  const assistant = await Assistant.create({ userDataDir, transport: 'websocket', engines: opts.engines });
  try {
    const identity = await loadServerIdentity(userDataDir);
    const transport: WsTransportOptions = {
      handlers: assistant.handlers(),
      events: assistant.events,
      port: opts.port ?? identity.port,
      staticDir: opts.staticDir ?? rendererDir(),
      token: opts.token ?? identity.token,
      onRefused: opts.onRefused,
      onClientClosed: (clientId) => void assistant.clientGone(clientId),
    };
    let ws: WsTransport;
    try {
      ws = await startWsTransport(transport);
    } catch (e) {
      // The remembered port is taken (another program got it meanwhile): any free one will do.
      if (opts.port !== undefined || !transport.port) throw e;
      ws = await startWsTransport({ ...transport, port: 0 });
    }
    const warnings: string[] = [];
    if (opts.token === undefined) {
      const problem = await saveServerIdentity(userDataDir, { token: ws.token, port: ws.port });
      if (problem) warnings.push(problem);
    }
    await assistant.dataLock.update({ url: `http://127.0.0.1:${ws.port}/` }); // named to a second instance (no token)
    let closing: Promise<void> | undefined;
    return {
      url: ws.url,
      wsUrl: ws.wsUrl,
      token: ws.token,
      port: ws.port,
      userDataDir,
      assistant,
      warnings,
      bufferedBytes: () => ws.bufferedBytes(),
      close: () => (closing ??= ws.close().then(() => assistant.close())),
    };
  } catch (e) {
    await assistant.close();
    throw e;
  }
}
