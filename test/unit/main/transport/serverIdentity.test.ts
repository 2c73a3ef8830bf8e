/**
 * Browser mode survives a restart: the same data folder gives the same token and port, so the
 * open tab reconnects and a reload of the old address works (it used to be a bare 403).
 * The real server (startServer) with its lazy engines; nothing is loaded by these requests.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { startServer } from '../../../../src/apps/server/startServer';
import { SERVER_IDENTITY_FILE, loadServerIdentity } from '../../../../src/main/transport/serverIdentity';

let tmp: string;
let staticDir: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamba-identity-'));
  staticDir = path.join(tmp, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head></head><body>Mamba</body></html>');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => http.get(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject));
}

test('a restart on the same data folder keeps the address: the old page URL still loads', async () => {
  const data = path.join(tmp, 'data-a');
  const first = await startServer({ userDataDir: data, staticDir });
  const url = first.url;
  expect(await get(url)).toBe(200);
  await first.close();
  const second = await startServer({ userDataDir: data, staticDir });
  try {
    expect(second.url).toBe(url);
    expect(await get(url)).toBe(200);
    expect(second.warnings).toEqual([]);
  } finally {
    await second.close();
  }
  const mode = fs.statSync(path.join(data, SERVER_IDENTITY_FILE)).mode & 0o777;
  expect(mode & 0o077).toBe(0); // only the owner can read the token
});

test('another data folder gets another token; a wrong token is still refused', async () => {
  const a = await startServer({ userDataDir: path.join(tmp, 'data-b'), staticDir, port: 0 });
  const b = await startServer({ userDataDir: path.join(tmp, 'data-c'), staticDir, port: 0 });
  try {
    expect(a.token).not.toBe(b.token);
    expect(await get(`http://127.0.0.1:${a.port}/?token=${b.token}`)).toBe(403);
  } finally {
    await a.close();
    await b.close();
  }
});

test('the remembered port taken by someone else: any free port, same token', async () => {
  const data = path.join(tmp, 'data-d');
  const first = await startServer({ userDataDir: data, staticDir });
  const { port, token } = first;
  await first.close();
  const squatter = http.createServer();
  await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
  try {
    const second = await startServer({ userDataDir: data, staticDir });
    expect(second.port).not.toBe(port);
    expect(second.token).toBe(token);
    await second.close();
  } finally {
    await new Promise<void>((r) => squatter.close(() => r()));
  }
});

test('a damaged identity file is replaced, not fatal', async () => {
  const data = path.join(tmp, 'data-e');
  fs.mkdirSync(data, { recursive: true });
  fs.writeFileSync(path.join(data, SERVER_IDENTITY_FILE), '{"token": 5');
  const id = await loadServerIdentity(data);
  expect(id.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(id.port).toBe(0);
});
