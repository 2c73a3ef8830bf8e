/**
 * `mamba serve [--port N] [--open] [--data DIR]`: the engines and the UI for a browser, on
 * 127.0.0.1 only. Prints the address (it carries this run's access token) and runs until
 * interrupted.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, usageError } from '../io';
import { startServer } from '../../server/startServer';
import { rendererDir } from '../../../main/platform/appPaths';

const USAGE = 'mamba serve [--port N] [--open] [--data DIR]';

export interface ServeArgs {
  port: number;
  open: boolean;
  dataDir?: string;
}

export function parseServeArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { port: 0, open: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--open') out.open = true;
    else if (a === '--port' || a === '--data') {
      const v = args[++i];
      if (v === undefined) throw usageError(USAGE);
      if (a === '--data') out.dataDir = path.resolve(v);
      else {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(USAGE);
        out.port = n;
      }
    } else throw usageError(USAGE);
  }
  return out;
}

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

export const run: CliCommand = async (args, io) => {
  const opts = parseServeArgs(args);
  if (!fs.existsSync(path.join(rendererDir(), 'index.html')))
    io.err("mamba: the interface is not built yet (run 'npm run build'); serving the engines only.");
  const server = await startServer({
    port: opts.port,
    userDataDir: opts.dataDir,
    onRefused: (why) => io.progress(`mamba: refused a connection (${why})`),
  });
  for (const n of server.assistant.notices()) io.err(`mamba: ${n.message}${n.fix ? ` (fix: ${n.fix})` : ''}`);
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
};
