/**
 * Engine status chips: idle (loads on first use) / loading (with progress) / ready / error,
 * plus the connection in browser mode. The strip keeps one line: a chip shows its name and a
 * short state; hovering shows the details, clicking opens them (message and fix) in a popover.
 */
import { ENGINE_NAMES, type EngineName, type EngineStatus } from '../../shared/types';
import type { Client, ConnectionState } from '../api';
import { byId, h } from '../dom';
import { causeKey, toast } from '../toasts';

const LABEL: Record<EngineName, string> = {
  handwriting: 'Handwriting',
  translate: 'Translate',
  tts: 'Speech out',
  speech: 'Speech in',
  ocr: 'Read this',
};

/** What an idle engine waits for: said instead of a grey "not loaded" (first launch looks broken otherwise). */
const FIRST_USE: Record<EngineName, string> = {
  handwriting: 'Loads the first time you write on the pad (about a second).',
  translate: 'Starts the first time you translate.',
  tts: 'Starts the first time Mamba speaks.',
  speech: 'Loads when you turn on the microphone.',
  ocr: 'Loads the first time you read a page or picture (a few seconds).',
};

type ChipState = EngineStatus['state'] | 'offline';
const STATE_TEXT: Record<ChipState, string> = { idle: 'on first use', loading: 'loading', ready: 'ready', error: 'error', offline: 'not connected' };

/** Short form of an engine's detail ("handwriting: model ready, loaded in 80 ms" -> "model ready"). */
function shortDetail(d: string | undefined): string {
  return (d ?? '').replace(/^[a-z-]+: /, '').replace(/,?\s*loaded in \d+ ms/, '').trim();
}

interface ChipInfo {
  title: string;
  text: string;
  fix?: string;
}

export class StatusBar {
  private readonly bar = byId<HTMLUListElement>('status-bar');
  private readonly popover = byId('status-popover');
  private readonly chips = new Map<string, { button: HTMLButtonElement; info: ChipInfo }>();
  private readonly last = new Map<EngineName, EngineStatus>();
  private openFor: string | null = null;

  constructor(private readonly api: Client) {
    for (const name of ENGINE_NAMES) {
      this.addChip(name, LABEL[name]);
      this.update({ engine: name, state: 'idle' });
    }
    this.addChip('connection', 'Connection');
    api.on('engine.status', (s) => this.update(s, true));
    api.onConnection((s) => this.setConnection(s));
    document.addEventListener('pointerdown', (e) => {
      if (this.openFor && !this.popover.contains(e.target as Node) && !this.bar.contains(e.target as Node)) this.closeDetails();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.openFor) {
        const chip = this.chips.get(this.openFor)?.button;
        this.closeDetails();
        chip?.focus();
      }
    });
  }

  private addChip(key: string, label: string): void {
    const button = h('button', { type: 'button', class: key === 'connection' ? 'engine connection' : 'engine', 'data-engine': key, 'data-state': 'idle', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' });
    button.addEventListener('click', () => (this.openFor === key ? this.closeDetails() : this.openDetails(key)));
    this.chips.set(key, { button, info: { title: label, text: '' } });
    this.bar.append(h('li', {}, button));
  }

  async refresh(): Promise<void> {
    try {
      for (const s of await this.api.invoke('engines.status')) this.update(s);
    } catch {
      /* the connection chip already says what is wrong */
    }
  }

  update(s: EngineStatus, live = false): void {
    const chip = this.chips.get(s.engine);
    if (!chip) return;
    const prev = this.last.get(s.engine);
    this.last.set(s.engine, s);
    const label = LABEL[s.engine];
    let state: string = STATE_TEXT[s.state];
    const extra: Node[] = [];
    let info: ChipInfo;
    if (s.state === 'loading') {
      const d = shortDetail(s.detail);
      state = typeof s.progress === 'number' && s.progress > 0 ? `loading ${Math.round(s.progress * 100)}%` : 'loading';
      const p = h('progress', { max: '1', 'aria-label': `${label} loading` });
      if (typeof s.progress === 'number') p.value = s.progress;
      extra.push(p);
      info = { title: `${label}: loading`, text: d ? `Loading: ${d}.` : 'Loading…' };
    } else if (s.state === 'error' && s.error) {
      info = { title: `${label}: not working`, text: s.error.message, fix: s.error.fix };
    } else if (s.state === 'ready') {
      const d = shortDetail(s.detail);
      info = { title: `${label}: ready`, text: d && s.engine !== 'ocr' ? `Ready (${d}).` : 'Ready.' };
    } else {
      info = { title: `${label}: loads on first use`, text: FIRST_USE[s.engine] };
    }
    this.render(s.engine, label, s.state, state, extra, info);
    // One toast per new failure; the chip keeps the details.
    if (live && s.state === 'error' && s.error && !(prev?.state === 'error' && prev.error?.message === s.error.message))
      toast('error', `${label}: ${s.error.message}`, s.error.fix, undefined, causeKey(s.error));
  }

  private render(key: string, label: string, dataState: ChipState, state: string, extra: Node[], info: ChipInfo): void {
    const chip = this.chips.get(key);
    if (!chip) return;
    chip.info = info;
    chip.button.dataset.state = dataState;
    chip.button.replaceChildren(
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'engine-name', text: label }),
      h('span', { class: 'engine-state', text: state }),
      ...extra,
    );
    chip.button.title = `${info.title}\n${info.text}${info.fix ? `\nFix: ${info.fix}` : ''}`;
    chip.button.setAttribute('aria-label', `${info.title}. ${info.text}${info.fix ? ` Fix: ${info.fix}` : ''}`);
    if (this.openFor === key) this.fillDetails(info);
  }

  private setConnection(s: ConnectionState): void {
    const chip = this.chips.get('connection');
    if (!chip) return;
    if (this.api.transport === 'electron') {
      (chip.button.parentElement as HTMLElement).hidden = true;
      return;
    }
    const text = s === 'open' ? 'connected' : s === 'connecting' ? 'connecting…' : 'lost, retrying…';
    const info: ChipInfo =
      s === 'closed'
        ? { title: 'Connection lost', text: 'Mamba stopped or restarted. This page reconnects by itself as soon as it is back.', fix: 'Start `mamba serve` again (same --data folder): this tab and a reload find it.' }
        : { title: `Connection: ${text}`, text: s === 'open' ? 'Connected to Mamba on this computer.' : 'Connecting to Mamba…' };
    this.render('connection', 'Connection', s === 'open' ? 'ready' : s === 'connecting' ? 'loading' : 'error', text, [], info);
    // While disconnected the engines' states are unknown: do not keep saying "ready".
    if (s !== 'open')
      for (const name of ENGINE_NAMES) this.render(name, LABEL[name], 'offline', STATE_TEXT.offline, [], { title: `${LABEL[name]}: unknown`, text: 'Not connected to Mamba.' });
  }

  private openDetails(key: string): void {
    const chip = this.chips.get(key);
    if (!chip) return;
    this.closeDetails();
    this.openFor = key;
    chip.button.setAttribute('aria-expanded', 'true');
    this.fillDetails(chip.info);
    this.popover.hidden = false;
    const r = chip.button.getBoundingClientRect();
    const w = this.popover.offsetWidth;
    this.popover.style.left = `${Math.max(8, Math.min(r.left, window.innerWidth - w - 8))}px`;
    this.popover.style.top = `${r.bottom + 6}px`;
  }

  private fillDetails(info: ChipInfo): void {
    byId('status-popover-title').textContent = info.title;
    byId('status-popover-text').textContent = info.text;
    const fix = byId('status-popover-fix');
    fix.hidden = !info.fix;
    fix.textContent = info.fix ? `Fix: ${info.fix}` : '';
  }

  private closeDetails(): void {
    if (!this.openFor) return;
    this.chips.get(this.openFor)?.button.setAttribute('aria-expanded', 'false');
    this.openFor = null;
    this.popover.hidden = true;
  }
}
