/** The real browser-mode server (assistant + engines + WebSocket transport) on a free port. */
import { startServer, type RunningServer } from '../../../src/apps/server/startServer';
import { rendererDir } from '../../../src/main/platform/appPaths';

export type TestServer = RunningServer;

/** Serves this checkout's dist/renderer with the real engines, keeping state in userDataDir. */
export function startTestServer(userDataDir: string): Promise<TestServer> {
  return startServer({ port: 0, userDataDir, staticDir: rendererDir() });
}
