// Bundles the renderer (browser code) and the preload with esbuild. Filled in by the app work.
import { existsSync } from 'node:fs';
if (!existsSync('src/renderer/index.ts')) process.exit(0);
