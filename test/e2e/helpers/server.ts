/** The real browser-mode server (assistant + engines + WebSocket transport) on a free port. */
import * as path from 'path';
import { startServer, type RunningServer } from '../../../src/apps/server/startServer';

export type TestServer = RunningServer;

/** Serves this checkout's dist/renderer with the real engines, keeping state in userDataDir. */
export function startTestServer(userDataDir: string): Promise<TestServer> {
  return startServer({ port: 0, userDataDir, staticDir: path.join(__dirname, '..', '..', '..', 'dist', 'renderer') });
}
