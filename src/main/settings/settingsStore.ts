/**
 * Settings persisted as JSON in the user data dir. Written atomically (temp file, fsync,
 * rename, fsync dir) so a crash leaves either the old or the new file, never half of one.
 * Validated on load with the contract's validator: a bad file falls back to defaults
 * (section by section, keeping what is valid) with a warning, and is kept aside.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { AppNotice, DEFAULT_PAD_SETTINGS, DEFAULT_SETTINGS, DEFAULT_UI_SETTINGS, Settings, SettingsPatch, validateSettings } from '../../shared/contract';
import { toMambaError } from '../../shared/errors';
import { storageError, writeAtomic } from '../platform/atomicWrite';

type Section = keyof Settings;
const SECTIONS = Object.keys(DEFAULT_SETTINGS) as Section[];

function clone(s: Settings): Settings {
  return JSON.parse(JSON.stringify(s)) as Settings;
}

/** Apply a validated patch: nested sections merge, scalars replace. */
export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  const next = clone(base);
  if (patch.languages) Object.assign(next.languages, patch.languages);
  if (patch.voice) Object.assign(next.voice, patch.voice);
  if (patch.engines) Object.assign(next.engines, patch.engines);
  if (patch.shortcut !== undefined) next.shortcut = patch.shortcut;
  if (patch.regionShortcut !== undefined) next.regionShortcut = patch.regionShortcut;
  if (patch.theme !== undefined) next.theme = patch.theme;
  if (patch.pad) next.pad = { ...(next.pad ?? DEFAULT_PAD_SETTINGS), ...patch.pad };
  if (patch.ui) next.ui = { ...DEFAULT_UI_SETTINGS, ...next.ui, ...patch.ui };
  return next;
}

/** Keep each valid section of a damaged settings object; defaults for the rest. */
function salvage(raw: unknown): { settings: Settings; bad: string[] } {
  const settings = clone(DEFAULT_SETTINGS);
  const bad: string[] = [];
  const src = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  for (const key of SECTIONS) {
    if (!(key in src)) continue;
    const candidate = { ...clone(DEFAULT_SETTINGS), [key]: src[key] };
    try {
      const ok = validateSettings(candidate, 'settings');
      (settings as unknown as Record<string, unknown>)[key] = ok[key];
    } catch (e) {
      bad.push(toMambaError(e).message);
    }
  }
  return { settings, bad };
}

export class SettingsStore {
  readonly file: string;
  readonly notices: AppNotice[] = [];
  private current: Settings = clone(DEFAULT_SETTINGS);
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(file: string) {
    this.file = file;
  }

  static async open(opts: { dir: string; fileName?: string }): Promise<SettingsStore> {
    const store = new SettingsStore(path.join(opts.dir, opts.fileName ?? 'settings.json'));
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR')
        this.notices.push({
          level: 'warning',
          code: 'STORAGE',
          message: `${this.file} is a folder, not a settings file; using default settings.`,
          fix: `Move or rename the folder ${this.file}: Mamba keeps its settings file there.`,
        });
      else if (code !== 'ENOENT')
        this.notices.push({ level: 'warning', ...storageError(e, this.file).toJSON(), message: `Could not read ${this.file}; using default settings.` });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte order mark (saved by an editor) is not JSON
    } catch {
      raw = undefined;
    }
    try {
      this.current = validateSettings(raw, 'settings');
      return;
    } catch (e) {
      const { settings, bad } = raw === undefined ? { settings: clone(DEFAULT_SETTINGS), bad: ['not valid JSON'] } : salvage(raw);
      this.current = settings;
      const aside = await this.keepAside(text);
      this.notices.push({
        level: 'warning',
        code: 'BAD_INPUT',
        message: `Settings file was invalid (${bad.length ? bad.join('; ') : toMambaError(e).message}); using defaults for what could not be read.`,
        fix: `Check your settings again; the old file is kept as ${path.basename(aside)}.`,
      });
    }
  }

  /**
   * Keeps the damaged file as <file>.bad-<time>, once: when a copy with the same content exists (the
   * file was not repaired since the last start), that copy is named again instead of adding another.
   */
  private async keepAside(text: string): Promise<string> {
    const dir = path.dirname(this.file);
    const prefix = `${path.basename(this.file)}.bad-`;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(prefix)).sort().reverse()) {
      const old = await fs.readFile(path.join(dir, name), 'utf8').catch(() => null);
      if (old === text) return path.join(dir, name);
    }
    const aside = `${this.file}.bad-${Date.now()}`;
    await fs.copyFile(this.file, aside).catch(() => undefined);
    return aside;
  }

  get(): Settings {
    return clone(this.current);
  }

  /** Merge, validate, write atomically; on a storage failure nothing changes. */
  async set(patch: SettingsPatch): Promise<Settings> {
    const run = this.writing.then(async () => {
      const next = validateSettings(mergeSettings(this.current, patch), 'settings');
      await writeAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
      this.current = next;
      return clone(next);
    });
    this.writing = run.catch(() => undefined); // one failure must not block later writes
    return run;
  }
}
