/**
 * Electron hardening that only a packaged build shows (the Electron binary cannot be installed here, so
 * this checks the configuration electron-builder applies, against electron-builder's own schema).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { devToolsAllowed, mainWindowOptions } from '../../../../src/apps/desktop/windowOptions';

const ROOT = path.resolve(__dirname, '../../../..');

/** A top-level YAML mapping of `key: true|false` lines (all electronFuses is), without a YAML parser. */
function flatBlock(yaml: string, name: string): Record<string, boolean> {
  const lines = yaml.split('\n');
  const start = lines.indexOf(`${name}:`);
  const out: Record<string, boolean> = {};
  for (const line of start < 0 ? [] : lines.slice(start + 1)) {
    const m = /^\s+(\w+):\s*(true|false)\s*$/.exec(line);
    if (!m) break;
    out[m[1]] = m[2] === 'true';
  }
  return out;
}

test('electron-builder.yml sets the fuses (run-as-node, NODE_OPTIONS, --inspect off), all known to the schema', () => {
  const fuses = flatBlock(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'), 'electronFuses');
  expect(fuses).toMatchObject({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as { definitions: Record<string, { properties: Record<string, unknown> }> };
  const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
  for (const k of Object.keys(fuses)) expect(known).toContain(k);
});

test('devtools are off in a packaged build whatever the environment says, on in development unless turned off', () => {
  expect(devToolsAllowed(true, {})).toBe(false);
  expect(devToolsAllowed(false, {})).toBe(true);
  expect(devToolsAllowed(false, { MAMBA_NO_DEVTOOLS: '1' })).toBe(false);
  expect(mainWindowOptions('/p.js', undefined, true).webPreferences?.devTools).toBe(false);
});
