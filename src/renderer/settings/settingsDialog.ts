/**
 * Settings dialog: languages, voice, engines, quick-capture shortcut, theme. Reads
 * settings.get, writes a patch with settings.set, follows settings.changed from elsewhere.
 */
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch, type ShortcutStatus } from '../../shared/contract';
import { SPEECH_ENGINES, TTS_ENGINES, type SpeechEngineChoice, type TtsEngineChoice } from '../../shared/types';
import type { Client } from '../api';
import { byId, h } from '../dom';
import { languageName } from '../../shared/languageNames';
import { toast, toastError } from '../toasts';

interface Field {
  id: string;
  label: string;
  control: HTMLInputElement | HTMLSelectElement | HTMLButtonElement;
  hint?: string;
}

const SPEECH_LABEL: Record<SpeechEngineChoice, string> = { auto: 'Automatic', vosk: 'Vosk', pocketsphinx: 'PocketSphinx' };
const TTS_LABEL: Record<TtsEngineChoice, string> = { auto: 'Automatic', 'espeak-ng': 'espeak-ng', say: 'System voice (macOS, Windows)' };

function select(id: string, options: [string, string][]): HTMLSelectElement {
  return h('select', { id }, ...options.map(([v, t]) => h('option', { value: v, text: t })));
}

export class SettingsDialog {
  private readonly dialog = byId<HTMLDialogElement>('settings-dialog');
  private readonly form = byId<HTMLFormElement>('settings-form');
  private readonly host = byId('settings-fields');
  private settings: Settings | null = null;
  private shortcutStatus: ShortcutStatus | null = null;
  private languages: string[] = ['en', 'es'];
  private platform = '';
  private readonly listeners: ((s: Settings) => void)[] = [];

  constructor(private readonly api: Client) {
    byId('settings-open').addEventListener('click', () => this.open());
    byId('settings-cancel').addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    api.on('settings.changed', (s) => this.apply(s));
  }

  get current(): Settings | null {
    return this.settings;
  }

  onChange(cb: (s: Settings) => void): void {
    this.listeners.push(cb);
  }

  setLanguages(codes: string[]): void {
    this.languages = codes;
  }

  /** The OS main runs on: the system voice is offered only where it exists (macOS, Windows). */
  setPlatform(p: string): void {
    this.platform = p;
  }

  setShortcutStatus(s: ShortcutStatus): void {
    this.shortcutStatus = s;
  }

  async load(): Promise<Settings | null> {
    try {
      this.apply(await this.api.invoke('settings.get'));
    } catch (e) {
      toastError(e, 'Could not load settings');
    }
    return this.settings;
  }

  apply(s: Settings): void {
    this.settings = s;
    for (const cb of this.listeners) cb(s);
  }

  /** Change settings from elsewhere in the UI (theme toggle, pickers). */
  async patch(p: SettingsPatch): Promise<void> {
    try {
      this.apply(await this.api.invoke('settings.set', p));
    } catch (e) {
      toastError(e, 'Could not save settings');
    }
  }

  open(): void {
    if (!this.settings) {
      toast('error', 'Settings are not loaded yet.', 'Wait for Mamba to connect, then try again.');
      return;
    }
    this.render(this.settings);
    this.dialog.showModal();
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  private fields(s: Settings): Field[] {
    const langs = this.languages.map((c): [string, string] => [c, languageName(c)]);
    const f: Field[] = [
      { id: 'set-input', label: 'I speak and write', control: select('set-input', [['en', 'English'], ['es', 'Spanish']]) },
      { id: 'set-from', label: 'Translate from', control: select('set-from', [['auto', 'Detect'], ...langs]) },
      { id: 'set-to', label: 'Translate to', control: select('set-to', langs) },
      { id: 'set-voice', label: 'Voice', control: h('input', { id: 'set-voice', type: 'text', placeholder: 'default for the language' }), hint: 'An espeak-ng voice name, e.g. en-us, es, en+f3.' },
      { id: 'set-rate', label: 'Speaking rate', control: h('input', { id: 'set-rate', type: 'number', min: '80', max: '400', step: '10' }), hint: 'Words per minute (80–400).' },
      { id: 'set-wake', label: 'Wake word “Mamba”', control: h('input', { id: 'set-wake', type: 'checkbox' }) },
      { id: 'set-model', label: 'Handwriting', control: select('set-model', [['letters', 'Letters A–Z'], ['full', 'Letters + digits']]) },
      {
        id: 'set-forget-corrections',
        label: 'Learnt from you',
        control: this.forgetButton(),
        hint: 'Mamba learns your way of writing from the letters you correct on the pad, on this computer only.',
      },
      { id: 'set-speech', label: 'Speech recogniser', control: select('set-speech', SPEECH_ENGINES.map((id) => [id, SPEECH_LABEL[id]])) },
      {
        id: 'set-tts',
        label: 'Speech synthesiser',
        control: select('set-tts', TTS_ENGINES.map((id) => [id, TTS_LABEL[id]])),
        ...(this.hasSystemVoice ? {} : { hint: 'The system voice exists on macOS and Windows only; here Mamba speaks with espeak-ng.' }),
      },
      {
        id: 'set-shortcut',
        label: 'Quick capture shortcut',
        control: h('input', { id: 'set-shortcut', type: 'text', placeholder: 'CommandOrControl+Shift+M' }),
        hint: this.shortcutStatus?.error
          ? `Not active: ${this.shortcutStatus.error.message}${this.shortcutStatus.error.fix ? ` ${this.shortcutStatus.error.fix}` : ''}`
          : 'Leave empty to turn it off.',
      },
      {
        id: 'set-region-shortcut',
        label: 'Screen region shortcut',
        control: h('input', { id: 'set-region-shortcut', type: 'text', placeholder: DEFAULT_SETTINGS.regionShortcut }),
        hint: 'Desktop app: takes a screenshot to select the text to read. Leave empty to turn it off.',
      },
      { id: 'set-theme', label: 'Theme', control: select('set-theme', [['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']]) },
    ];
    const v = (id: string, val: string | number | boolean) => {
      const c = f.find((x) => x.id === id)!.control;
      if (c instanceof HTMLInputElement && c.type === 'checkbox') c.checked = Boolean(val);
      else c.value = String(val);
    };
    v('set-input', s.languages.input);
    v('set-from', s.languages.translateFrom);
    v('set-to', s.languages.translateTo);
    v('set-voice', s.voice.name);
    v('set-rate', s.voice.rate);
    v('set-wake', s.voice.wakeWord);
    v('set-model', s.engines.handwritingModel);
    v('set-speech', s.engines.speech);
    v('set-tts', s.engines.tts);
    v('set-shortcut', s.shortcut);
    v('set-region-shortcut', s.regionShortcut ?? DEFAULT_SETTINGS.regionShortcut ?? '');
    v('set-theme', s.theme);
    const sayOption = f.find((x) => x.id === 'set-tts')!.control.querySelector<HTMLOptionElement>('option[value="say"]');
    if (sayOption && !this.hasSystemVoice && s.engines.tts !== 'say') sayOption.disabled = true;
    return f;
  }

  /** "Forget my handwriting corrections": asks first, then deletes every saved correction. */
  private forgetButton(): HTMLButtonElement {
    const b = h('button', { id: 'set-forget-corrections', type: 'button', class: 'button ghost small', text: 'Forget my handwriting corrections' });
    b.addEventListener('click', () => {
      if (!window.confirm('Forget every handwriting correction you made? Mamba will read your writing as it did at first.')) return;
      b.disabled = true;
      this.api
        .invoke('handwriting.forgetCorrections')
        .then((r) => toast('info', r.removed ? `Forgot ${r.removed} handwriting correction${r.removed === 1 ? '' : 's'}.` : 'There were no handwriting corrections to forget.'))
        .catch((e) => toastError(e, 'Could not forget the corrections'))
        .finally(() => (b.disabled = false));
    });
    return b;
  }

  private get hasSystemVoice(): boolean {
    return this.platform === '' || this.platform === 'darwin' || this.platform === 'win32';
  }

  private render(s: Settings): void {
    const nodes: Node[] = [];
    for (const f of this.fields(s)) {
      nodes.push(h('label', { for: f.id, text: f.label }), f.control);
      if (f.hint) nodes.push(h('span', { class: 'hint', id: `${f.id}-hint`, text: f.hint }));
      if (f.hint) f.control.setAttribute('aria-describedby', `${f.id}-hint`);
    }
    this.host.replaceChildren(...nodes);
  }

  private value(id: string): string {
    return (this.host.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement).value;
  }

  private async save(): Promise<void> {
    const patch: SettingsPatch = {
      languages: {
        input: this.value('set-input') as 'en' | 'es',
        translateFrom: this.value('set-from'),
        translateTo: this.value('set-to'),
      },
      voice: {
        name: this.value('set-voice').trim(),
        rate: Number(this.value('set-rate')),
        wakeWord: (this.host.querySelector('#set-wake') as HTMLInputElement).checked,
      },
      engines: {
        handwritingModel: this.value('set-model') as Settings['engines']['handwritingModel'],
        speech: this.value('set-speech') as Settings['engines']['speech'],
        tts: this.value('set-tts') as Settings['engines']['tts'],
      },
      shortcut: this.value('set-shortcut').trim(),
      regionShortcut: this.value('set-region-shortcut').trim(),
      theme: this.value('set-theme') as Settings['theme'],
    };
    try {
      this.apply(await this.api.invoke('settings.set', patch));
      this.dialog.close();
      toast('info', 'Settings saved.');
      // A new shortcut may have been refused by the desktop: say so now.
      const info = await this.api.invoke('app.info');
      this.shortcutStatus = info.shortcut;
      if (info.shortcut.accelerator && !info.shortcut.registered && info.shortcut.error)
        toast('error', info.shortcut.error.message, info.shortcut.error.fix);
    } catch (e) {
      toastError(e, 'Could not save settings');
    }
  }
}
