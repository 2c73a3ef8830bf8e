/** Settings recovery gaps (issue 13.9): a BOM, one .bad copy per damaged content, a folder in the file's place. */
import { promises as fs, mkdtempSync, mkdirSync, readdirSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SettingsStore } from '../../../../src/main/settings/settingsStore';
import { DEFAULT_SETTINGS } from '../../../../src/shared/contract';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'mamba-setrec-'));

describe('settings recovery', () => {
  it('a UTF-8 BOM (saved by an editor) keeps the settings instead of falling back to defaults', async () => {
    const dir = tmp();
    const mine = { ...DEFAULT_SETTINGS, theme: DEFAULT_SETTINGS.theme === 'dark' ? 'light' : 'dark' };
    await fs.writeFile(path.join(dir, 'settings.json'), '\uFEFF' + JSON.stringify(mine));
    const s = await SettingsStore.open({ dir });
    expect(s.get().theme).toBe(mine.theme);
    expect(s.notices).toEqual([]);
  });

  it('starting again on an unrepaired file does not add another .bad copy', async () => {
    const dir = tmp();
    await fs.writeFile(path.join(dir, 'settings.json'), '{ not json');
    for (let i = 0; i < 3; i++) {
      const s = await SettingsStore.open({ dir });
      expect(s.notices[0]?.fix).toMatch(/settings\.json\.bad-\d+/);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(readdirSync(dir).filter((n) => n.includes('.bad-'))).toHaveLength(1);
    await fs.writeFile(path.join(dir, 'settings.json'), '{ other damage');
    await SettingsStore.open({ dir });
    expect(readdirSync(dir).filter((n) => n.includes('.bad-'))).toHaveLength(2);
  });

  it('a folder in place of the file: the fix says to move the folder, not "make writable"', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'settings.json'));
    const s = await SettingsStore.open({ dir });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.notices[0].message).toMatch(/is a folder/);
    expect(s.notices[0].fix).toMatch(/Move or rename the folder/);
    const err = await s.set({ theme: 'dark' }).catch((e: unknown) => e as { code: string; fix?: string });
    expect(err).toMatchObject({ code: 'STORAGE' });
    expect((err as { fix?: string }).fix).toMatch(/Move or rename the folder/);
  });
});
