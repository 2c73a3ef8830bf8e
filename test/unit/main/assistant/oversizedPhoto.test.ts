/**
 * The same oversized photo gets the same answer from the app (WebSocket/IPC: ocr.readThis) as from
 * `mamba read`: TOO_LARGE naming its size (issue 13.10: the app said BAD_INPUT).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assistant } from '../../../../src/main/assistant/assistant';
import { dispatch } from '../../../../src/main/runtime/handlerTable';
import { pngClaiming } from '../../../fixtures/pngClaiming';

const ROOT = path.resolve(__dirname, '../../../..');

test('a 20000x20000 photo: TOO_LARGE from ocr.readThis, as from mamba read', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-big-'));
  const png = pngClaiming(20000, 20000);
  const assistant = await Assistant.create({ userDataDir: path.join(dir, 'data'), transport: 'websocket' });
  try {
    const r = await dispatch(assistant.handlers(), 'ocr.readThis', { imageBase64: png.toString('base64'), source: 'file' }, { transport: 'websocket', clientId: 't' });
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringMatching(/20000x20000 pixels/) } });
  } finally {
    await assistant.close();
  }
  const file = path.join(dir, 'big.png');
  writeFileSync(file, png);
  const cli = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src/apps/cli/main.ts'), 'read', file], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  expect(cli.status).toBe(1);
  expect(cli.stderr).toMatch(/20000x20000 pixels/);
});
