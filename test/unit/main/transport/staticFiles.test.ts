import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveStatic } from '../../../../src/main/transport/staticFiles';

describe('resolveStatic refuses symbolic links inside the served folder (static server and app://)', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'mamba-static-'));
  const root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<html></html>');
  writeFileSync(path.join(root, 'assets', 'app.js'), '1');
  writeFileSync(path.join(base, 'secret.txt'), 'outside');
  mkdirSync(path.join(base, 'elsewhere'));
  writeFileSync(path.join(base, 'elsewhere', 'x.js'), 'x');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'secret.txt'));
  symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'linked'));
  symlinkSync(path.join(root, 'index.html'), path.join(root, 'alias.html'));
  const linkedRoot = path.join(base, 'root-link');
  symlinkSync(root, linkedRoot);

  it('serves plain files', async () => {
    expect(await resolveStatic(root, '/')).toBe(path.join(root, 'index.html'));
    expect(await resolveStatic(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it.each(['/secret.txt', '/linked/x.js', '/alias.html'])('refuses %s (a link, wherever it points)', async (p) => {
    expect(await resolveStatic(root, p)).toBeNull();
  });

  it('a root that is itself a link (an install path) still serves its files', async () => {
    expect(await resolveStatic(linkedRoot, '/assets/app.js')).toBe(path.join(linkedRoot, 'assets', 'app.js'));
  });
});
