/**
 * app://mamba/ serves the built renderer inside Electron: a proper origin (so the sender
 * check and the media permission have something exact to match) with the same CSP as the
 * browser mode, instead of file:// which every local file shares.
 */
import { promises as fs } from 'fs';
import { contentSecurityPolicy, contentType, injectMeta, resolveStatic } from '../../main/transport/staticFiles';
import { APP_HOST, APP_SCHEME } from './windowOptions';

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function makeAppProtocolHandler(rendererDir: string): (req: Request) => Promise<Response> {
  return async (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST || req.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await resolveStatic(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    let body: Buffer = await fs.readFile(file);
    if (file.endsWith('.html')) body = Buffer.from(injectMeta(body.toString('utf8'), { 'mamba-transport': 'electron' }), 'utf8');
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentType(file),
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}
