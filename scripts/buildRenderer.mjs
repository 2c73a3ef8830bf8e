// Bundles the browser-side code with esbuild: the renderer (page script, AudioWorklet module,
// stylesheet, static files) and the Electron preload. One flat list of entries so each part
// adds its own line. `node scripts/buildRenderer.mjs --watch` rebuilds on change.
import { build, context } from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

if (!existsSync('src/renderer/index.ts')) process.exit(0);

/** Bundled entries: source -> output file. */
const entries = [
  // renderer (browser, strict CSP: no eval, no inline code)
  { in: 'src/renderer/index.ts', out: 'dist/renderer/index.js', platform: 'browser', format: 'iife' },
  { in: 'src/renderer/voice/downsampler.worklet.ts', out: 'dist/renderer/downsampler.worklet.js', platform: 'browser', format: 'iife' },
  { in: 'src/renderer/styles.css', out: 'dist/renderer/styles.css', platform: 'browser' },
  // Electron preload (sandboxed: one file, only 'electron' left to require)
  { in: 'src/apps/desktop/preload.ts', out: 'dist/preload/preload.js', platform: 'browser', format: 'cjs', external: ['electron'] },
];

/** Files copied as they are: source -> destination. */
const copies = [
  ['src/renderer/index.html', 'dist/renderer/index.html'],
  ['src/renderer/assets', 'dist/renderer/assets'],
];

const watch = process.argv.includes('--watch');
mkdirSync('dist/renderer', { recursive: true });
for (const [from, to] of copies) if (existsSync(from)) cpSync(from, to, { recursive: true });

for (const e of entries) {
  if (!existsSync(e.in)) continue;
  const opts = {
    entryPoints: [e.in],
    outfile: e.out,
    bundle: true,
    platform: e.platform,
    format: e.format,
    target: e.platform === 'node' ? 'node20' : 'chrome120',
    sourcemap: true,
    minify: false,
    logLevel: 'warning',
    ...(e.external ? { external: e.external } : {}),
  };
  if (watch) await (await context(opts)).watch();
  else await build(opts);
}
