/**
 * Jest's global set-up: bundle the renderer once, before any test file runs, so the e2e pages test what
 * the app ships. Once, not per file: two workers building at the same time rewrote dist/renderer under
 * each other (CI saw cpSync fail with ENOENT on index.html, and a page could load a half-written bundle).
 */
import { execFileSync } from 'child_process';
import { packageRoot } from '../src/main/platform/appPaths';

export default function buildRendererOnce(): void {
  execFileSync(process.execPath, ['scripts/buildRenderer.mjs'], { cwd: packageRoot(), stdio: 'inherit' });
}
