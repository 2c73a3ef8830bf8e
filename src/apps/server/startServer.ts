/**
 * Browser mode in one call: the assistant (log, settings, lazy engines) behind the
 * WebSocket transport, serving the built renderer. Used by `mamba serve`, `npm start`
 * without Electron, the end-to-end tests and the start-up benchmark.
 */
import { Assistant } from '../../main/assistant/assistant';
import type { EngineFactories } from '../../main/runtime/engineFactories';
import { defaultUserDataDir, rendererDir } from '../../main/platform/appPaths';
import { startWsTransport } from '../../main/transport/wsServer';

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  userDataDir?: string;
  /** Built renderer; default <package>/dist/renderer. */
  staticDir?: string;
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
  /** Bytes of answers and events not yet written to the clients. */
  bufferedBytes(): number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const userDataDir = opts.userDataDir ?? defaultUserDataDir();
  const assistant = await Assistant.create({ userDataDir, transport: 'websocket', engines: opts.engines });
  try {
    const ws = await startWsTransport({
      handlers: assistant.handlers(),
      events: assistant.events,
      port: opts.port ?? 0,
      staticDir: opts.staticDir ?? rendererDir(),
      token: opts.token,
      onRefused: opts.onRefused,
      onClientClosed: (clientId) => void assistant.clientGone(clientId),
    });
    await assistant.dataLock.update({ url: `http://127.0.0.1:${ws.port}/` }); // named to a second instance (no token)
    let closing: Promise<void> | undefined;
    return {
      url: ws.url,
      wsUrl: ws.wsUrl,
      token: ws.token,
      port: ws.port,
      userDataDir,
      assistant,
      bufferedBytes: () => ws.bufferedBytes(),
      close: () => (closing ??= ws.close().then(() => assistant.close())),
    };
  } catch (e) {
    await assistant.close();
    throw e;
  }
}
