/**
 * App start-up and log figures. Start to ready = a fresh process-level start of the assistant
 * (log + settings opened, engines NOT loaded: they are lazy) and the WebSocket transport, a
 * client connected, and its first IPC answered. Goal < 3 s. Also: the page served, the first
 * engine (translate) on first use, and conversation-log durability costs.
 *   npx tsx scripts/bench/app.ts
 */
import * as http from 'http';
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import WebSocket from 'ws';
import { ConversationLog } from '../../src/main/log/conversationLog';
import { runStandalone } from '../benchStandalone';

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number): number => Math.round(x * 10) / 10;

function call(ws: WebSocket, id: number, channel: string, payload: unknown = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const on = (d: WebSocket.RawData): void => {
      const m = JSON.parse(d.toString());
      if (m.id !== id) return;
      ws.off('message', on);
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error.message));
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}

export async function runBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mamba-bench-app-'));

  // --- start to ready
  const t0 = process.hrtime.bigint();
  const { startServer } = await import('../../src/apps/server/startServer'); // module load counts too
  const server = await startServer({ userDataDir: path.join(dir, 'data') });
  const tListen = ms(t0);
  const ws = new WebSocket(server.wsUrl);
  await new Promise((r) => ws.once('open', r));
  await call(ws, 1, 'app.info');
  const tReady = ms(t0);
  const statuses = (await call(ws, 2, 'engines.status')) as { state: string }[];
  out.start_to_listen_ms = round(tListen);
  out.start_to_first_ipc_ms = round(tReady);
  out.engines_loaded_at_ready = statuses.filter((s) => s.state !== 'idle').length;
  out.start_goal_ms = 3000;
  log(`app: start -> listening ${out.start_to_listen_ms} ms; -> first IPC answered ${out.start_to_first_ipc_ms} ms (goal < 3000 ms); engines loaded at ready: ${out.engines_loaded_at_ready}`);

  const tPage = process.hrtime.bigint();
  const status = await new Promise<number>((resolve, reject) =>
    http.get(server.url, (res) => (res.resume(), res.on('end', () => resolve(res.statusCode ?? 0)))).on('error', reject),
  );
  out.page_ms = round(ms(tPage));
  log(`app: page served (HTTP ${status}) in ${out.page_ms} ms`);

  const tTr = process.hrtime.bigint();
  await call(ws, 3, 'translate.text', { text: 'good morning', from: 'en', to: 'es' });
  out.first_translate_incl_engine_load_ms = round(ms(tTr));
  const tTr2 = process.hrtime.bigint();
  await call(ws, 4, 'translate.text', { text: 'good night', from: 'en', to: 'es' });
  out.warm_translate_ms = round(ms(tTr2));
  log(`app: first translate (engine loads lazily) ${out.first_translate_incl_engine_load_ms} ms, warm ${out.warm_translate_ms} ms`);

  const rtts: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = process.hrtime.bigint();
    await call(ws, 100 + i, 'settings.get');
    rtts.push(ms(t));
  }
  rtts.sort((a, b) => a - b);
  out.ipc_roundtrip_p50_ms = round(rtts[100]);
  out.ipc_roundtrip_p95_ms = round(rtts[190]);
  log(`app: WebSocket IPC round trip p50 ${out.ipc_roundtrip_p50_ms} ms, p95 ${out.ipc_roundtrip_p95_ms} ms`);
  ws.close();
  await server.close();

  // --- conversation log: fsync per entry vs group commit, and reopening a big log
  const logDir = path.join(dir, 'log');
  const l = await ConversationLog.open({ dir: logDir });
  const tSeq = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) await l.append({ role: 'user', kind: 'command', text: `sequential ${i}` });
  out.log_append_sequential_ms_per_entry = round(ms(tSeq) / 200);
  const tGroup = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 2000 }, (_, i) => l.append({ role: 'mamba', kind: 'spoken', text: `grouped ${i} ${'x'.repeat(100)}` })));
  out.log_append_grouped_entries_per_s = Math.round(2000 / (ms(tGroup) / 1000));
  for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 1000 }, (_, k) => l.add({ role: 'user', kind: 'command', text: `bulk ${i}.${k} some words to search` })));
  await l.close();
  const tOpen = process.hrtime.bigint();
  const reopened = await ConversationLog.open({ dir: logDir });
  out.log_open_10k_entries_ms = round(ms(tOpen));
  const tSearch = process.hrtime.bigint();
  await reopened.list({ query: 'bulk 7.99', limit: 50 });
  out.log_search_10k_ms = round(ms(tSearch));
  await reopened.close();
  log(`log: append+fsync ${out.log_append_sequential_ms_per_entry} ms/entry sequential, ${out.log_append_grouped_entries_per_s} entries/s grouped; open 10k entries ${out.log_open_10k_entries_ms} ms; search ${out.log_search_10k_ms} ms`);
  return out;
}

if (require.main === module) runStandalone('app', runBench);
