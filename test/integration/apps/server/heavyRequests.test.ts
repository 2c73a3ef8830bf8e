/**
 * `mamba serve` with the real engines under adversarial load: textured photos (noise, grass, stripes,
 * 3000x2500 noise) sent to ocr.readThis by one client while another asks app.info. The engines run in
 * worker threads, so app.info is answered before the heavy request finishes (the figures, how long each
 * takes, are in `npm run bench`: scripts/bench/robustness.ts). Also: cancellation when a newer request
 * arrives or the socket closes, and voice sessions ending with their socket.
 */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { adversarialPhoto } from '../../../../scripts/lib/adversarialPhotos';
import { startServer, RunningServer } from '../../../../src/apps/server/startServer';
import type { OffThreadOcr } from '../../../../src/main/runtime/offThreadEngines';
import { connectClient, TestClient } from '../../../../scripts/lib/wsClient';

let server: RunningServer;
let heavy: TestClient;
let light: TestClient;

beforeAll(async () => {
  server = await startServer({ userDataDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'mamba-heavy-')), 'data') });
  heavy = await connectClient(server.wsUrl);
  light = await connectClient(server.wsUrl);
  const loaded = await light.call('engines.load', { engine: 'ocr' });
  expect(loaded).toMatchObject({ ok: true, result: { state: 'ready' } });
}, 300_000);
afterAll(async () => {
  await heavy?.close();
  await light?.close();
  await server?.close();
});

const photo = async (kind: 'noise' | 'grass' | 'stripes', width = 1280, height = 720): Promise<string> =>
  (await adversarialPhoto({ kind, width, height })).toString('base64');

describe('a textured photo never holds up another client', () => {
  it.each([
    ['noise', 1280, 720],
    ['grass', 1280, 720],
    ['stripes', 1280, 720],
    ['noise', 3000, 2500],
  ] as const)('%s %ix%i: read this answers (a result or an error), app.info from another client answers first', async (kind, w, h) => {
    const image = await photo(kind, w, h); // made before the clock that matters starts: the read below
    const read = heavy.call('ocr.readThis', { imageBase64: image, source: 'file' });
    // Asked once the read has reached the server (the same socket order: the read frame is parsed first).
    await new Promise((r) => setTimeout(r, 30));
    const info = await light.call('app.info');
    const answer = await read;
    expect(info.ok).toBe(true);
    expect(info.at).toBeLessThan(answer.at);
    if (answer.ok) expect((answer.result as { ocr: { text: string } }).ocr.text).toBe('');
    else expect(['EMPTY_INPUT', 'IMAGE_QUALITY']).toContain(answer.error.code);
  }, 300_000); // a 3000x2500 photo is made, encoded and sent here; the machine may be shared
});

describe('a drawing of 2,000 ten-point strokes over one spot (the documented limits) never holds up another client', () => {
  it('handwriting.recognize answers (a result or an error); app.info from another client answers first', async () => {
    const strokes: [number, number, number][][] = [];
    let t = 0;
    for (let i = 0; i < 2000; i++) strokes.push(Array.from({ length: 10 }, (_, k) => [100 + ((i * 7 + k * 13) % 40), 100 + ((i * 11 + k * 5) % 40), (t += 5)] as [number, number, number]));
    const recognize = heavy.call('handwriting.recognize', { drawing: { strokes } });
    await new Promise((r) => setTimeout(r, 30));
    const info = await light.call('app.info');
    const answer = await recognize;
    expect(info.ok).toBe(true);
    expect(info.at).toBeLessThan(answer.at);
    if (!answer.ok) expect(['EMPTY_INPUT', 'TIMEOUT']).toContain(answer.error.code);
  }, 300_000);
});

describe('cancellation', () => {
  it('a newer read from the same client cancels the older one', async () => {
    const image = await photo('grass');
    const first = heavy.call('ocr.readThis', { imageBase64: image, source: 'file' });
    const second = heavy.call('ocr.readThis', { imageBase64: image, source: 'file' });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(b.ok).toBe(true);
  });

  it("a closed socket's queued read is dropped, not run", async () => {
    const ocr = (await server.assistant.engines.get('ocr')) as unknown as OffThreadOcr;
    const image = await photo('noise');
    // Big photos (seconds each, even on a quiet machine) keep the read that leaves queued until the server
    // has seen its socket close; small ones finished first on some runs.
    const big = await photo('noise', 3000, 2500);
    const gone = await connectClient(server.wsUrl);
    const others = await Promise.all([1, 2].map(() => connectClient(server.wsUrl)));
    // Two clients' reads hold the one OCR worker; the third client's read waits behind them, then it leaves.
    const answers = others.map((c) => c.call('ocr.readThis', { imageBase64: big, source: 'file' }));
    for (let i = 0; i < 400 && ocr.host.pending < 2; i++) await new Promise((r) => setTimeout(r, 50));
    void gone.call('ocr.readThis', { imageBase64: image, source: 'file' });
    for (let i = 0; i < 400 && ocr.host.pending < 3; i++) await new Promise((r) => setTimeout(r, 50));
    const dropped = ocr.host.dropped;
    await gone.close();
    await Promise.all(answers);
    expect(ocr.host.dropped).toBe(dropped + 1);
    await Promise.all(others.map((c) => c.close()));
  });
});

describe('voice sessions end with their socket', () => {
  it('a client that starts voice and disconnects leaves no session behind', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => connectClient(server.wsUrl)));
    const started = await Promise.all(clients.map((c) => c.call('voice.start', { lang: 'en' })));
    for (const s of started) expect(s.ok).toBe(true);
    expect(server.assistant.voiceSessionCount()).toBe(3);
    await Promise.all(clients.map((c) => c.close()));
    for (let i = 0; i < 50 && server.assistant.voiceSessionCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.assistant.voiceSessionCount()).toBe(0);
  });
});

describe('backpressure', () => {
  it('a client that stops reading does not make the server buffer its answers without bound', async () => {
    for (let i = 0; i < 500; i++) server.assistant.log.add({ role: 'user', kind: 'speech', text: `${i} ${'x'.repeat(900)}` });
    await server.assistant.log.flush();
    const slow = await connectClient(server.wsUrl);
    (slow.ws as unknown as { _socket: import('net').Socket })._socket.pause(); // reads nothing from now on
    let most = 0;
    for (let i = 0; i < 300; i++) {
      void slow.call('log.list', { limit: 500 }); // ~0.5 MB per answer: 150 MB if all were buffered
      if (i % 10 === 0) {
        await new Promise((r) => setTimeout(r, 20));
        most = Math.max(most, server.bufferedBytes());
      }
    }
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      most = Math.max(most, server.bufferedBytes());
    }
    expect(most).toBeLessThan(16 * 1024 * 1024);
    // The server still answers everybody else.
    expect((await light.call('app.info')).ok).toBe(true);
    slow.ws.terminate();
  });
});
