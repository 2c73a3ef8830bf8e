/** A request with a negative id is refused without echoing that id (issue 13.10). Real server, no engine loaded. */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import WebSocket from 'ws';
import { startServer } from '../../../../src/apps/server/startServer';
import { UNPARSEABLE_ID } from '../../../../src/main/transport/wsServer';

test('a negative request id is answered with the unparseable id, not echoed', async () => {
  const server = await startServer({ userDataDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'mamba-ids-')), 'data') });
  const ws = new WebSocket(server.wsUrl);
  try {
    await new Promise((r) => ws.once('open', r));
    const answer = new Promise<{ id: number; ok: boolean; error?: { code: string } }>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ id: -5, channel: 'app.info', payload: {} }));
    const a = await answer;
    expect(a).toMatchObject({ id: UNPARSEABLE_ID, ok: false, error: { code: 'BAD_INPUT' } });
  } finally {
    ws.close();
    await server.close();
  }
});
