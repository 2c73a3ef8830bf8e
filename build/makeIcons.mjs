// Renders the app icons (build/icons/*.png, tray.png) from the renderer's logo with sharp.
// Run after changing src/renderer/assets/mamba.svg: node build/makeIcons.mjs
import sharp from 'sharp';
import { mkdirSync, readFileSync } from 'node:fs';

const svg = readFileSync('src/renderer/assets/mamba.svg');
mkdirSync('build/icons', { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  await sharp(svg, { density: 384 }).resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toFile(`build/icons/${size}x${size}.png`);
}
// Tray icons are small; 32 px is crisp on HiDPI panels and scaled down elsewhere.
await sharp(svg, { density: 384 }).resize(32, 32, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toFile('build/icons/tray.png');
await sharp(svg, { density: 384 }).resize(1024, 1024, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toFile('build/icon.png');
console.log('icons written to build/icons and build/icon.png');
