/**
 * The contract over a WebSocket on 127.0.0.1, plus the built renderer over HTTP on the same
 * port: the browser mode (`mamba serve`) and the end-to-end tests use it. Same handler table
 * and same validation as Electron IPC.
 *
 * Who may connect: loopback peers only, presenting the per-run token (URL query), with a
 * Host header naming the loopback address (stops DNS rebinding) and, when a browser sends an
 * Origin, our own origin (stops other web pages). The page itself is only served with the
 * token, so another local user cannot read it from the HTML either.
 */
import { randomBytes, timingSafeEqual } from 'crypto';
import { promises as fs } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { WebSocket, WebSocketServer, RawData } from 'ws';
import { LIMITS, WS_PATH, WS_TOKEN_PARAM, WireResponse, validateWireRequest } from '../../shared/contract';
import { MambaError } from '../../shared/errors';
import { jsonDepth } from '../../shared/validate';
import { CallContext, HandlerTable, dispatch } from '../runtime/handlerTable';
import { EventBus } from '../runtime/eventBus';
import { ClientRequests } from './clientRequests';
import { contentSecurityPolicy, contentType, injectMeta, resolveStatic } from './staticFiles';

export interface WsTransportOptions {
  handlers: HandlerTable;
  events: EventBus;
  /** 0 picks a free port. */
  port?: number;
  /** Built renderer to serve (dist/renderer); omitted: only the WebSocket is served. */
  staticDir?: string;
  /** Fixed token (tests); default a fresh random one per run. */
  token?: string;
  /** Called for connections refused (logged by the caller). */
  onRefused?: (reason: string) => void;
  /** A client's socket closed (its requests are already cancelled): end what it owned, e.g. its voice session. */
  onClientClosed?: (clientId: string) => void;
}

export interface WsTransport {
  port: number;
  token: string;
  /** Page URL with the token (what `mamba serve` prints). */
  url: string;
  /** WebSocket URL with the token. */
  wsUrl: string;
  clients(): number;
  /** Bytes waiting to be written to all clients (bounded by backpressure; tests and bench). */
  bufferedBytes(): number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/**
 * Backpressure per socket: above HIGH_WATER bytes waiting to be written, the server stops reading that
 * client's requests (so it makes no more answers for it) and drops its progress events; below LOW_WATER
 * it reads again. A client that lets MAX_BUFFERED pile up has stopped reading for good: disconnected.
 */
export const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
export const MAX_BUFFERED = 64 * 1024 * 1024;
/** Events a slow client may miss (the next one supersedes them). */
const DROPPABLE_EVENTS = new Set(['engine.status', 'voice.partial']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Id used for answers to frames that could not be read as a request. */
export const UNPARSEABLE_ID = -1;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWsTransport(opts: WsTransportOptions): Promise<WsTransport> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frameBytes });
  let port = 0;
  let nextClient = 1;

  const allowedHosts = (): Set<string> => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  const refuse = (reason: string): void => opts.onRefused?.(reason);

  server.on('request', (req, res) => {
    void serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function serveHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const security = {
      'X-Content-Type-Options': 'nosniff',
      // The page URL carries the token: never send it anywhere as a referrer.
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || !allowedHosts().has(req.headers.host ?? '')) {
      refuse(`http: bad peer or host ${req.headers.host ?? ''}`);
      res.writeHead(403, security).end('Forbidden');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, security).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (isPage && !sameSecret(url.searchParams.get(WS_TOKEN_PARAM) ?? '', token)) {
      refuse('http: page requested without the token');
      res.writeHead(403, { ...security, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Open the address printed by `mamba serve`: it carries the access token for this run.\n');
      return;
    }
    const csp = contentSecurityPolicy([`ws://${HOST}:${port}`, `ws://localhost:${port}`]);
    const file = opts.staticDir ? await resolveStatic(opts.staticDir, url.pathname) : null;
    if (!file) {
      if (isPage) {
        res.writeHead(503, { ...security, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end("Mamba's interface is not built. Run `npm run build`, then start `mamba serve` again.\n");
      } else res.writeHead(404, security).end('Not found');
      return;
    }
    let body: Buffer = await fs.readFile(file);
    if (file.endsWith('.html')) {
      const html = injectMeta(body.toString('utf8'), {
        'mamba-transport': 'websocket',
        'mamba-ws-url': `ws://${HOST}:${port}${WS_PATH}?${WS_TOKEN_PARAM}=${token}`,
      });
      body = Buffer.from(html, 'utf8');
    }
    res.writeHead(200, {
      ...security,
      'Content-Type': contentType(file),
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  server.on('upgrade', (req, socket, head) => {
    const deny = (reason: string): void => {
      refuse(`ws: ${reason}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    };
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return deny('peer is not loopback');
    if (url.pathname !== WS_PATH) return deny(`wrong path ${url.pathname}`);
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(`bad host ${req.headers.host ?? ''}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return deny(`bad origin ${origin}`);
    if (!sameSecret(url.searchParams.get(WS_TOKEN_PARAM) ?? '', token)) return deny('bad or missing token');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const requests = new ClientRequests();
  const paused = new WeakSet<WebSocket>();
  const send = (ws: WebSocket, frame: string, droppable = false): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const buffered = ws.bufferedAmount;
    if (droppable && buffered > HIGH_WATER) return;
    if (buffered + frame.length > MAX_BUFFERED) {
      refuse(`ws: client stopped reading (${buffered} bytes unsent): disconnected`);
      ws.terminate();
      return;
    }
    ws.send(frame, () => {
      if (paused.has(ws) && ws.bufferedAmount < LOW_WATER) {
        paused.delete(ws);
        ws.resume();
      }
    });
    if (!paused.has(ws) && ws.bufferedAmount > HIGH_WATER) {
      paused.add(ws);
      ws.pause();
    }
  };

  const unsubscribe = opts.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const ws of wss.clients) send(ws, frame, DROPPABLE_EVENTS.has(event));
  });

  wss.on('connection', (ws: WebSocket) => {
    const clientId = `ws-${nextClient++}`;
    const reply = (r: WireResponse): void => send(ws, JSON.stringify(r));
    const fail = (id: number, e: MambaError): void => reply({ id, ok: false, error: e.toJSON() });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return fail(UNPARSEABLE_ID, new MambaError('BAD_INPUT', 'Binary frames are not part of the protocol.', 'Send JSON text frames; put bytes in payloads as base64.'));
      const text = data.toString();
      if (jsonDepth(text) > LIMITS.frameDepth)
        return fail(UNPARSEABLE_ID, new MambaError('BAD_INPUT', `Request nested deeper than ${LIMITS.frameDepth} levels.`, 'Send the payload described in docs/app.md.'));
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return fail(UNPARSEABLE_ID, new MambaError('BAD_INPUT', 'Request is not valid JSON.', 'Send {"id", "channel", "payload"} as JSON text.'));
      }
      let req;
      try {
        req = validateWireRequest(raw, 'request');
      } catch (e) {
        // Only a valid id is echoed (a negative one would collide with UNPARSEABLE_ID's meaning).
        const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
        const maybeId = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : UNPARSEABLE_ID;
        return fail(maybeId, e instanceof MambaError ? e : new MambaError('BAD_INPUT', String(e)));
      }
      let job;
      try {
        job = requests.begin(clientId, req.channel);
      } catch (e) {
        return fail(req.id, e as MambaError);
      }
      const ctx: CallContext = { transport: 'websocket', clientId, signal: job.signal };
      const end = job.end;
      void dispatch(opts.handlers, req.channel, req.payload, ctx).then((r) => {
        end();
        reply({ id: req.id, ...r });
      });
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      requests.cancelClient(clientId);
      opts.onClientClosed?.(clientId);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE')
      throw new MambaError('ENGINE_UNAVAILABLE', `Port ${opts.port} is already in use.`, 'Pick another with --port N, or --port 0 for any free port.');
    throw e;
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?${WS_TOKEN_PARAM}=${token}`,
    wsUrl: `ws://${HOST}:${port}${WS_PATH}?${WS_TOKEN_PARAM}=${token}`,
    clients: () => wss.clients.size,
    bufferedBytes: () => [...wss.clients].reduce((n, ws) => n + ws.bufferedAmount, 0),
    close: async () => {
      unsubscribe();
      requests.cancelAll();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
