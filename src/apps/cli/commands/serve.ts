/**
 * `mamba serve [--port N] [--open] [--data DIR]`: the engines and the UI for a browser, on
 * 127.0.0.1 only. Prints the address (it carries this run's access token) and runs until
 * interrupted.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { defineCommand } from '../command';
import { startServer } from '../../server/startServer';
import { rendererDir } from '../../../main/platform/appPaths';

/** Open a URL with the desktop's handler; failing that, the printed address is enough. */
function openInBrowser(url: string, warn: (l: string) => void): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => warn(`mamba: could not start ${cmd}; open the address above in your browser.`));
    child.unref();
  } catch {
    warn(`mamba: could not start ${cmd}; open the address above in your browser.`);
  }
}

export const { spec, run } = defineCommand(
  {
    name: 'serve',
    summary: 'Serve the engines and the UI to your browser, on 127.0.0.1 only, until interrupted.',
    options: {
      port: { type: 'string', value: 'N', int: { min: 0, max: 65535 }, help: 'port; 0 picks a free one (default: the port this data folder used last, when free, so open tabs and reloads find it again)' },
      open: { type: 'boolean', help: 'open the address in the default browser' },
      data: { type: 'string', value: 'DIR', help: 'user data folder (default: the app\'s)' },
    },
    notes: ['The printed address carries the access token; it stays the same across restarts on the same data folder (kept in server.json there).'],
  },
  async ({ values }, io) => {
    const opts = { port: values.port === undefined ? undefined : Number(values.port), open: values.open, dataDir: values.data === undefined ? undefined : path.resolve(values.data) };
    if (!fs.existsSync(path.join(rendererDir(), 'index.html')))
      io.err("mamba: the interface is not built yet (run 'npm run build'); serving the engines only.");
    const server = await startServer({
      port: opts.port,
      userDataDir: opts.dataDir,
      onRefused: (why) => io.progress(`mamba: refused a connection (${why})`),
    });
    for (const n of server.assistant.notices()) io.err(`mamba: ${n.message}${n.fix ? ` (fix: ${n.fix})` : ''}`);
    for (const w of server.warnings) io.err(`mamba: ${w}`);
    io.out(`Mamba is running at ${server.url}`);
    io.progress(`data: ${server.userDataDir}; press Ctrl+C to stop`);
    if (opts.open) openInBrowser(server.url, io.err);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
);
