/**
 * The WebSocket transport over a real socket: the real assistant (log, settings; the
 * translator for a real engine round trip) behind it, checked the way a hostile page or
 * another local program would probe it.
 */
import * as http from 'http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import WebSocket from 'ws';
import { startServer, RunningServer } from '../../../../src/apps/server/startServer';
import type { WireEvent, WireResponse } from '../../../../src/shared/contract';

let server: RunningServer;
let staticDir: string;
const refused: string[] = [];

beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mamba-ws-'));
  staticDir = path.join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body>ui</body></html>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  server = await startServer({ userDataDir: path.join(root, 'data'), staticDir, onRefused: (r) => refused.push(r) });
});
afterAll(() => server.close());

/** A connected client that collects responses by id and events. */
async function connect(url = server.wsUrl, headers: Record<string, string> = {}): Promise<{
  ws: WebSocket;
  call(channel: string, payload?: unknown): Promise<WireResponse>;
  sendRaw(data: string | Buffer, binary?: boolean): Promise<WireResponse>;
  events: WireEvent[];
}> {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const waiting = new Map<number, (r: WireResponse) => void>();
  const events: WireEvent[] = [];
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as WireResponse | WireEvent;
    if ('event' in msg) events.push(msg);
    else waiting.get(msg.id)?.(msg);
  });
  let next = 1;
  const expect1 = (id: number): Promise<WireResponse> => new Promise((r) => waiting.set(id, r));
  return {
    ws,
    events,
    call(channel, payload) {
      const id = next++;
      const p = expect1(id);
      ws.send(JSON.stringify({ id, channel, payload }));
      return p;
    },
    sendRaw(data, binary = false) {
      const p = expect1(-1);
      ws.send(data, { binary });
      return p;
    },
  };
}

function httpGet(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: urlPath, headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('WebSocket transport (real socket, real assistant)', () => {
  test('binds to 127.0.0.1 only and hands out a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  });

  test('round trip: settings.set answers and broadcasts settings.changed; settings persist', async () => {
    const c = await connect();
    const got = await c.call('settings.get', {});
    expect(got).toMatchObject({ id: 1, ok: true, result: { theme: 'system' } });
    const set = await c.call('settings.set', { theme: 'dark', voice: { rate: 200 } });
    expect(set).toMatchObject({ ok: true, result: { theme: 'dark', voice: { rate: 200, wakeWord: true } } });
    await new Promise((r) => setTimeout(r, 50));
    expect(c.events.find((e) => e.event === 'settings.changed')?.payload).toMatchObject({ theme: 'dark' });
    expect(server.assistant.settings.get().theme).toBe('dark');
    c.ws.close();
  });

  test('real engine over the wire: translate.text logs the step and emits log.appended', async () => {
    const c = await connect();
    const r = await c.call('translate.text', { text: 'the house', from: 'en', to: 'es' });
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.result as { text: string }).text.toLowerCase()).toContain('casa');
    await new Promise((res) => setTimeout(res, 50));
    const appended = c.events.filter((e) => e.event === 'log.appended').map((e) => e.payload as { kind: string; text: string });
    expect(appended.some((e) => e.kind === 'translation' && /casa/i.test(e.text))).toBe(true);
    expect(c.events.some((e) => e.event === 'engine.status' && (e.payload as { state: string }).state === 'ready')).toBe(true);
    const log = await c.call('log.search', { query: 'casa' });
    expect(log.ok && (log.result as { entries: unknown[] }).entries.length).toBe(1);
    c.ws.close();
  });

  test('unknown channel, bad payload, bad JSON, binary frames, deep nesting: clean errors, connection stays up', async () => {
    const c = await connect();
    expect(await c.call('engines.selfDestruct', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await c.call('constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await c.call('translate.text', { text: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await c.call('handwriting.recognize', { drawing: { strokes: [] } })).toMatchObject({ ok: false, error: { code: 'EMPTY_INPUT', fix: expect.any(String) } });
    expect(await c.sendRaw('{not json')).toMatchObject({ id: -1, ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/not valid JSON/) } });
    expect(await c.sendRaw(Buffer.from([1, 2, 3]), true)).toMatchObject({ id: -1, ok: false, error: { message: expect.stringMatching(/Binary/) } });
    expect(await c.sendRaw('['.repeat(5000) + ']'.repeat(5000))).toMatchObject({ id: -1, ok: false, error: { message: expect.stringMatching(/nested deeper/) } });
    const huge = JSON.stringify({ id: 77, channel: 'ocr.readThis', payload: { imageBase64: 'A'.repeat(15 * 1024 * 1024 + 8) } });
    const p = new Promise<WireResponse>((resolve) => c.ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.id === 77) resolve(m);
    }));
    c.ws.send(huge);
    expect(await p).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    // Still serving after all that.
    expect(await c.call('engines.status')).toMatchObject({ ok: true });
    c.ws.close();
  });

  test('refuses a missing or wrong token, a foreign Origin, a foreign Host, a wrong path', async () => {
    const base = `ws://127.0.0.1:${server.port}`;
    await expect(connect(`${base}/ws`)).rejects.toThrow(/403/);
    // Its last character changed (a token that already ends in 'x' gets a 'y'; it is random base64url).
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('x') ? 'y' : 'x');
    await expect(connect(`${base}/ws?token=${wrong}`)).rejects.toThrow(/403/);
    await expect(connect(server.wsUrl, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(server.wsUrl, { Origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow(/403/);
    await expect(connect(server.wsUrl, { Host: `evil.example:${server.port}` })).rejects.toThrow(/403/);
    await expect(connect(`${base}/other?token=${server.token}`)).rejects.toThrow(/403/);
    // Our own page's origin is fine.
    const ok = await connect(server.wsUrl, { Origin: `http://127.0.0.1:${server.port}` });
    expect(await ok.call('app.info')).toMatchObject({ ok: true, result: { transport: 'websocket' } });
    ok.ws.close();
    expect(refused.some((r) => /origin/.test(r))).toBe(true);
    expect(refused.some((r) => /token/.test(r))).toBe(true);
  });

  test('serves the page only with the token, with CSP and the transport meta; no path traversal; Host checked', async () => {
    expect((await httpGet('/')).status).toBe(403);
    const page = await httpGet(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="mamba-ws-url" content="ws://127.0.0.1:${server.port}/ws?token=${server.token}">`);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-(inline|eval)/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await httpGet('/../secret.txt')).status).toBe(404);
    expect((await httpGet('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await httpGet(`/?token=${server.token}`, { Host: `attacker.example:${server.port}` })).status).toBe(403);
  });
});
