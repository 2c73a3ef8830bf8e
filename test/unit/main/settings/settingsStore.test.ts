import { spawn } from 'child_process';
import { mkdtempSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_SETTINGS, validateSettings } from '../../../../src/shared/contract';
import { SettingsStore } from '../../../../src/main/settings/settingsStore';
import { writeAtomic } from '../../../../src/main/platform/atomicWrite';
import { defaultUserDataDir, packageRoot } from '../../../../src/main/platform/appPaths';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'mamba-settings-'));

describe('settings store', () => {
  test('defaults without a file; changes merge, validate and persist', async () => {
    const dir = tmp();
    const s = await SettingsStore.open({ dir });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.notices).toEqual([]);
    const next = await s.set({ languages: { translateTo: 'fr' }, voice: { rate: 200 }, shortcut: 'Alt+Shift+R' });
    expect(next.languages).toEqual({ ...DEFAULT_SETTINGS.languages, translateTo: 'fr' });
    expect(next.voice.wakeWord).toBe(DEFAULT_SETTINGS.voice.wakeWord);
    const again = await SettingsStore.open({ dir });
    expect(again.get()).toEqual(next);
    // get() hands out copies: editing one changes nothing.
    again.get().voice.rate = 1;
    expect(again.get().voice.rate).toBe(200);
  });

  test('a bad file: defaults where invalid, valid sections kept, a warning, the old file kept aside', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    await fs.writeFile(file, JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'dark', voice: { rate: 'fast' } }));
    const s = await SettingsStore.open({ dir });
    expect(s.get().theme).toBe('dark');
    expect(s.get().voice).toEqual(DEFAULT_SETTINGS.voice);
    expect(s.notices[0]).toMatchObject({ level: 'warning', message: expect.stringMatching(/settings\.voice/) });
    expect((await fs.readdir(dir)).some((f) => f.startsWith('settings.json.bad-'))).toBe(true);

    await fs.writeFile(file, '{"languages": {"input": "en",'); // torn JSON
    const t = await SettingsStore.open({ dir });
    expect(t.get()).toEqual(DEFAULT_SETTINGS);
    expect(t.notices[0].message).toMatch(/not valid JSON/);
  });

  test('an invalid change is refused and nothing changes', async () => {
    const dir = tmp();
    const s = await SettingsStore.open({ dir });
    await expect(s.set({ voice: { rate: 5 } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  test('atomic writes: a writer killed -9 mid-stream never leaves a torn or invalid file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    // A child rewriting a large settings file as fast as it can; killed at a random moment.
    const script = `
      const { writeAtomic } = require(${JSON.stringify(path.join(packageRoot(), 'src', 'main', 'platform', 'atomicWrite'))});
      const base = ${JSON.stringify(DEFAULT_SETTINGS)};
      (async () => { for (let i = 0; ; i++) { await writeAtomic(${JSON.stringify(file)}, JSON.stringify({ ...base, voice: { ...base.voice, rate: 80 + (i % 300) }, pad: 'x'.repeat(200000) }) ); if (i === 5) process.stdout.write('go\\n'); } })();`;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((r) => child.stdout.once('data', () => r()));
      await new Promise((r) => setTimeout(r, 20 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const parsed = JSON.parse(await fs.readFile(file, 'utf8'));
      expect(parsed.pad.length).toBe(200000);
      delete parsed.pad;
      expect(validateSettings(parsed, 'settings').voice.rate).toBeGreaterThanOrEqual(80);
    }
  });

  test('write failure is a STORAGE error and the previous settings stay in effect', async () => {
    const dir = tmp();
    const s = await SettingsStore.open({ dir });
    await s.set({ theme: 'dark' });
    // The data dir replaced by a file: mkdir/rename cannot succeed (works as root too).
    const blocked = path.join(tmp(), 'not-a-dir');
    await fs.writeFile(blocked, 'x');
    await expect(writeAtomic(path.join(blocked, 'settings.json'), '{}')).rejects.toMatchObject({ code: 'STORAGE', fix: expect.any(String) });
    expect(s.get().theme).toBe('dark');
  });

  test('the user data dir matches Electron\'s per platform, overridable by MAMBA_USER_DATA', () => {
    expect(defaultUserDataDir({ HOME: '/h' } as NodeJS.ProcessEnv, 'linux')).toMatch(/\.config\/Mamba$/);
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/x' } as NodeJS.ProcessEnv, 'linux')).toBe('/x/Mamba');
    expect(defaultUserDataDir({ APPDATA: 'C:\\A' } as NodeJS.ProcessEnv, 'win32')).toMatch(/Mamba$/);
    expect(defaultUserDataDir({ MAMBA_USER_DATA: '/tmp/m' } as NodeJS.ProcessEnv, 'linux')).toBe('/tmp/m');
  });
});
