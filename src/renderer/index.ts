/**
 * Renderer entry: connects to main (api.ts), builds the views, wires tabs, keyboard
 * shortcuts, the typed command bar and app-wide events. Everything talks through the contract.
 */
import { DEFAULT_UI_SETTINGS, UI_TABS, validateCaptureRequest, type LanguagePair, type Settings, type Theme, type UiSettings, type UiTab } from '../shared/contract';
import { createClient, type Client } from './api';
import { stopSpeech } from './audio';
import { CameraView } from './camera/cameraView';
import { byId, fillLanguageSelect } from './dom';
import { hydrateIcons } from './icons';
import { LogView } from './log/logView';
import { PadView } from './pad/padView';
import { SettingsDialog } from './settings/settingsDialog';
import { StatusBar } from './status/statusBar';
import { applyTheme, nextTheme } from './theme';
import { toast, toastError } from './toasts';
import { VoiceView } from './voice/voiceView';

type Tab = UiTab;
const TABS: readonly Tab[] = UI_TABS;

class App {
  readonly pad: PadView;
  readonly log: LogView;
  readonly camera: CameraView;
  readonly voice: VoiceView;
  readonly status: StatusBar;
  readonly settings: SettingsDialog;
  private tab: Tab = 'write';
  private theme: Theme = 'system';
  private pairs: LanguagePair[] = [];
  /** Settings applied once at start (last tab, always-listen); later changes only update controls. */
  private restored = false;

  constructor(readonly api: Client) {
    this.status = new StatusBar(api);
    this.log = new LogView(api);
    this.pad = new PadView(api);
    this.camera = new CameraView(api);
    this.settings = new SettingsDialog(api);
    this.voice = new VoiceView(api, {
      onCaptureRequest: () => {
        // Spoken "read this": the hands are busy holding the page, so count down first.
        this.select('read');
        void this.camera.readThis({ countdown: true });
      },
      lang: () => this.settings.current?.languages.input ?? 'en',
      onListening: (on) => {
        byId('mic-indicator').hidden = !on;
        document.body.dataset.listening = String(on);
      },
      onAlwaysListen: (on) => void this.settings.patch({ ui: { alwaysListen: on } }),
    });
    this.camera.onSettings((p) => void this.settings.patch(p));
    byId('mic-indicator').addEventListener('click', () => this.select('voice', true));
    this.wireLogDrawer();
    this.wireReconnect();
    this.settings.onChange((s) => this.applySettings(s));
    this.wireTabs();
    this.wireCommandBar();
    this.wireShortcuts();
    byId('theme-toggle').addEventListener('click', () => this.toggleTheme());
    api.on('capture.request', (payload) => {
      let req;
      try {
        req = validateCaptureRequest(payload, 'capture.request');
      } catch (e) {
        toastError(e, 'Could not take the capture');
        return;
      }
      if (req.source === 'webcam') {
        this.select('read');
        void this.camera.start();
      } else if (req.source === 'screen' && req.image) {
        // Tray / shortcut "Read a screen region": pick the text on the screenshot main took.
        this.select('read', false, false);
        void this.camera.readScreenshot(req.image);
      }
    });
    api.on('app.notice', (n) => toast(n.level === 'info' ? 'info' : 'error', n.message, n.fix));
    // Follow the system theme live when set to "system" (the pad repaints its ink colour).
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.pad.ink.repaint());
  }

  async start(): Promise<void> {
    document.body.dataset.ready = 'loading';
    await Promise.all([this.status.refresh(), this.log.load(), this.loadPairs(), this.settings.load(), this.loadInfo()]);
    this.restore(this.settings.current?.ui ?? DEFAULT_UI_SETTINGS);
    document.body.dataset.ready = 'true';
  }

  /** What the user left: the tab last used, always-listen. */
  private restore(ui: UiSettings): void {
    if (this.restored) return;
    this.restored = true;
    if (ui.tab !== this.tab) this.select(ui.tab, false, true, false);
    this.voice.setAlwaysListen(ui.alwaysListen);
    if (ui.alwaysListen) void this.voice.start();
  }

  /** After the server comes back (restart, sleep), refresh what this tab shows from it. */
  private wireReconnect(): void {
    let wasOpen = false;
    let lost = false;
    this.api.onConnection((s) => {
      if (s === 'open' && wasOpen && lost) {
        lost = false;
        void Promise.all([this.status.refresh(), this.log.load(), this.settings.load(), this.loadPairs()]).then(() => toast('info', 'Reconnected to Mamba.'));
      }
      if (s === 'open') wasOpen = true;
      if (s === 'closed' && wasOpen) lost = true;
    });
  }

  /** Narrow windows: the conversation is a drawer opened from the top bar (Alt+L). */
  private wireLogDrawer(): void {
    const toggle = byId('log-toggle');
    const badge = byId('log-unseen');
    toggle.addEventListener('click', () => this.setLogOpen(document.body.dataset.logOpen !== 'true'));
    this.log.onUnseen((n) => {
      badge.hidden = n === 0;
      badge.textContent = n > 99 ? '99+' : String(n);
    });
  }

  private setLogOpen(open: boolean, focus = true): void {
    document.body.dataset.logOpen = String(open);
    byId('log-toggle').setAttribute('aria-expanded', String(open));
    if (open) {
      this.log.shown();
      if (focus) this.log.focusSearch();
    } else if (focus && byId('log-panel').contains(document.activeElement)) byId('log-toggle').focus();
  }

  private get logIsDrawer(): boolean {
    return getComputedStyle(byId('log-toggle')).display !== 'none';
  }

  private async loadInfo(): Promise<void> {
    try {
      const info = await this.api.invoke('app.info');
      this.settings.setShortcutStatus(info.shortcut);
      this.settings.setPlatform(info.platform);
      for (const n of info.notices) toast(n.level === 'info' ? 'info' : 'error', n.message, n.fix);
      if (info.shortcut.accelerator && !info.shortcut.registered && info.shortcut.error && info.transport === 'electron')
        toast('error', info.shortcut.error.message, info.shortcut.error.fix);
    } catch (e) {
      toastError(e, 'Could not reach Mamba');
    }
  }

  private async loadPairs(): Promise<void> {
    try {
      this.pairs = await this.api.invoke('translate.pairs');
    } catch (e) {
      this.pairs = [];
      toastError(e, 'Translation is unavailable');
    }
    const froms = [...new Set(this.pairs.map((p) => p.from))];
    this.settings.setLanguages([...new Set([...froms, ...this.pairs.map((p) => p.to)])]);
    this.pad.setPairs(this.pairs, this.settings.current?.languages.input);
    if (this.settings.current) this.pad.applySettings(this.settings.current);
    this.fillTargets();
  }

  /** Targets offered for "read this" (any installed pair); the pad fills its own. */
  private fillTargets(): void {
    const camTo = byId<HTMLSelectElement>('cam-to');
    const keep = camTo.value;
    fillLanguageSelect(camTo, [...new Set(this.pairs.map((p) => p.to))], keep, true);
    // The pairs may arrive after the settings: set Read this's target again now its options exist.
    if (this.settings.current) this.camera.applySettings(this.settings.current);
  }

  private applySettings(s: Settings): void {
    this.theme = s.theme;
    applyTheme(s.theme);
    this.pad.ink.repaint();
    this.pad.applySettings(s);
    this.fillTargets();
  }

  private toggleTheme(): void {
    this.theme = nextTheme(this.theme);
    applyTheme(this.theme);
    this.pad.ink.repaint();
    void this.settings.patch({ theme: this.theme });
  }

  // ---------------------------------------------------------------- tabs (WAI-ARIA tabs pattern)

  /**
   * Show a tab. `focus`: move focus into it (Alt+1..3: its main control, so Space acts at
   * once); `remember`: keep it as the tab to open next time.
   */
  select(tab: Tab, focus = false, camera = true, remember = true): void {
    const changed = tab !== this.tab;
    this.tab = tab;
    for (const t of TABS) {
      const btn = byId(`tab-${t}`);
      const on = t === tab;
      btn.setAttribute('aria-selected', String(on));
      btn.tabIndex = on ? 0 : -1;
      byId(`panel-${t}`).hidden = !on;
    }
    if (focus) this.focusPanel(tab);
    if (changed && remember && this.restored) void this.settings.patch({ ui: { tab } });
    document.body.dataset.tab = tab;
    if (tab === 'read' && camera) void this.camera.start();
    else if (this.camera.running) this.camera.stop(); // the camera light goes off when not looking
    if (tab === 'write') this.pad.ink.repaint();
  }

  /** Focus lands in the panel, not on the tab button (Space would press the button). */
  private focusPanel(tab: Tab): void {
    const target = tab === 'write' ? byId('pad') : tab === 'voice' ? byId('mic-button') : byId('panel-read');
    target.focus();
  }

  private wireTabs(): void {
    for (const t of TABS) {
      const btn = byId(`tab-${t}`);
      btn.addEventListener('click', () => this.select(t));
      btn.addEventListener('keydown', (e) => {
        const i = TABS.indexOf(t);
        const next =
          e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[TABS.length - 1] : null;
        if (next) {
          e.preventDefault();
          this.select(next);
          byId(`tab-${next}`).focus();
        }
      });
    }
  }

  // ---------------------------------------------------------------- typed commands

  private wireCommandBar(): void {
    const form = byId<HTMLFormElement>('command-form');
    const input = byId<HTMLInputElement>('command-input');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) {
        toast('error', 'Type a command first.', 'For example “what time is it” or “translate good morning to Spanish”.');
        return;
      }
      input.disabled = true;
      try {
        const reply = await this.api.invoke('assistant.command', { text, lang: this.settings.current?.languages.input ?? 'en' });
        input.value = '';
        if (reply.say) toast('info', reply.say);
        this.voice.showReply({ ...reply, say: '' });
      } catch (err) {
        toastError(err, 'Could not run the command');
      } finally {
        input.disabled = false;
        input.focus();
      }
    });
  }

  // ---------------------------------------------------------------- keyboard

  private wireShortcuts(): void {
    document.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      const mod = e.ctrlKey || e.metaKey;
      if (e.altKey && !mod && /^[123]$/.test(e.key)) {
        e.preventDefault();
        this.select(TABS[Number(e.key) - 1], true);
      } else if (e.altKey && !mod && e.key.toLowerCase() === 't') {
        e.preventDefault();
        this.toggleTheme();
      } else if (e.altKey && !mod && e.key.toLowerCase() === 'r') {
        e.preventDefault();
        this.select('read', false, false);
        void this.camera.readScreenRegion();
      } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        this.select('read', false, false);
        byId('cam-file').click();
      } else if (e.altKey && !mod && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        if (this.logIsDrawer) this.setLogOpen(document.body.dataset.logOpen !== 'true');
        else this.log.focusSearch();
      } else if (e.key === 'Escape' && document.body.dataset.logOpen === 'true' && this.logIsDrawer) {
        this.setLogOpen(false);
      } else if (e.altKey && !mod && e.key.toLowerCase() === 'm') {
        e.preventDefault();
        this.select('voice');
        void this.voice.toggle();
      } else if (mod && e.key === ',') {
        e.preventDefault();
        this.settings.open();
      } else if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        if (this.logIsDrawer) this.setLogOpen(true);
        else this.log.focusSearch();
      } else if (mod && e.key === 'Enter') {
        e.preventDefault();
        if (this.tab === 'write') void this.pad.translateAndSpeak();
        else if (this.tab === 'read') void this.camera.readThis();
        else void this.voice.toggle();
      } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'z' && !typing && this.tab === 'write') {
        e.preventDefault();
        this.pad.undo();
      } else if (e.key === '/' && !typing && !mod) {
        e.preventDefault();
        byId('command-input').focus();
      } else if (e.key === ' ' && !typing && this.tab === 'read' && target?.tagName !== 'BUTTON') {
        e.preventDefault();
        void this.camera.readThis();
      } else if (e.key === 'Escape' && !this.settings.isOpen) {
        stopSpeech();
      }
    });
  }
}

hydrateIcons();
const app = new App(createClient());
void app.start();
