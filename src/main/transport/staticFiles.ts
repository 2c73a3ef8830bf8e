/**
 * Serving the built renderer (dist/renderer) to a page: path resolution that cannot escape
 * the root, content types, and the Content-Security-Policy. Shared by the WebSocket
 * transport's HTTP side and the Electron app:// protocol so both pages get the same policy.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Strict CSP: only our own scripts and styles, no inline script, no eval, no remote content.
 * data:/blob: for images and audio (thumbnails, webcam frames, synthesised WAVs).
 * `connect` lists the WebSocket endpoint in browser mode; Electron needs none.
 */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob: mediastream:",
    "worker-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${connect.length ? ' ' + connect.join(' ') : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Resolve a URL path under root, or null if it escapes root, is not a file, or passes through a symbolic
 * link below root (a link could lead anywhere: the served folder holds only our own built files, so none
 * is followed). The root itself may be a link (an install path).
 */
export async function resolveStatic(root: string, urlPath: string): Promise<string | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const rootAbs = path.resolve(root);
  const file = path.resolve(rootAbs, '.' + path.posix.normalize('/' + rel));
  if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return null;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return null;
    const [rootReal, fileReal] = await Promise.all([fs.realpath(rootAbs), fs.realpath(file)]);
    return fileReal === path.join(rootReal, path.relative(rootAbs, file)) ? file : null;
  } catch {
    return null;
  }
}

/** Put <meta> tags right after <head> so the page learns its transport without inline script. */
export function injectMeta(html: string, meta: Record<string, string>): string {
  const tags = Object.entries(meta)
    .map(([k, v]) => `<meta name="${escapeAttr(k)}" content="${escapeAttr(v)}">`)
    .join('');
  const m = /<head[^>]*>/i.exec(html);
  if (!m) return tags + html;
  return html.slice(0, m.index + m[0].length) + tags + html.slice(m.index + m[0].length);
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
