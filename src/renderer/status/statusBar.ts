/** Engine status chips: idle / loading (with progress) / ready / error (with the fix), plus the connection. */
import { ENGINE_NAMES, type EngineName, type EngineStatus } from '../../shared/types';
import type { Client, ConnectionState } from '../api';
import { byId, h } from '../dom';
import { toast } from '../toasts';

const LABEL: Record<EngineName, string> = {
  handwriting: 'Handwriting',
  translate: 'Translate',
  tts: 'Speech out',
  speech: 'Speech in',
  ocr: 'Read this',
};
const STATE_TEXT = { idle: 'not loaded', loading: 'loading', ready: 'ready', error: 'error' } as const;

/** Short form of an engine's detail for the chip ("handwriting: model ready" -> "model ready"); the full text is the tooltip. */
function shortDetail(d: string | undefined): string {
  return (d ?? '').replace(/^[a-z-]+: /, '').replace(/,?\s*loaded in \d+ ms/, '').trim();
}

export class StatusBar {
  private readonly bar = byId<HTMLUListElement>('status-bar');
  private readonly chips = new Map<EngineName, HTMLLIElement>();
  private readonly connection: HTMLLIElement;

  constructor(private readonly api: Client) {
    for (const name of ENGINE_NAMES) {
      const li = h('li', { class: 'engine', 'data-engine': name, 'data-state': 'idle' });
      this.chips.set(name, li);
      this.bar.append(li);
      this.update({ engine: name, state: 'idle' });
    }
    this.connection = h('li', { class: 'engine connection', 'data-state': 'loading' });
    this.bar.append(this.connection);
    api.on('engine.status', (s) => this.update(s, true));
    api.onConnection((s) => this.setConnection(s));
  }

  async refresh(): Promise<void> {
    try {
      for (const s of await this.api.invoke('engines.status')) this.update(s);
    } catch {
      /* the connection chip already says what is wrong */
    }
  }

  update(s: EngineStatus, live = false): void {
    const li = this.chips.get(s.engine);
    if (!li) return;
    const wasError = li.dataset.state === 'error';
    li.dataset.state = s.state;
    const parts: (Node | string)[] = [
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'engine-name', text: LABEL[s.engine] }),
    ];
    if (s.state === 'loading') {
      parts.push(h('span', { text: shortDetail(s.detail) || 'loading' }));
      const p = h('progress', { max: '1', 'aria-label': `${LABEL[s.engine]} loading` });
      if (typeof s.progress === 'number') p.value = s.progress;
      parts.push(p);
    } else if (s.state === 'error' && s.error) {
      parts.push(h('span', { text: s.error.message }));
      if (s.error.fix) parts.push(h('span', { class: 'engine-fix', text: `Fix: ${s.error.fix}` }));
    } else {
      const d = s.state === 'ready' ? shortDetail(s.detail) : '';
      // OCR reports its reading steps as details of 'ready': those are the camera view's business.
      parts.push(h('span', { text: d && s.engine !== 'ocr' ? `${STATE_TEXT.ready} · ${d}` : STATE_TEXT[s.state] }));
    }
    li.replaceChildren(...parts);
    li.title = s.error ? `${s.error.message}${s.error.fix ? `\nFix: ${s.error.fix}` : ''}` : `${LABEL[s.engine]}: ${STATE_TEXT[s.state]}${s.detail ? ` (${s.detail})` : ''}`;
    if (live && s.state === 'error' && s.error && !wasError) toast('error', `${LABEL[s.engine]}: ${s.error.message}`, s.error.fix);
  }

  private setConnection(s: ConnectionState): void {
    if (this.api.transport === 'electron') {
      this.connection.hidden = true;
      return;
    }
    this.connection.dataset.state = s === 'open' ? 'ready' : s === 'connecting' ? 'loading' : 'error';
    this.connection.replaceChildren(
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'engine-name', text: 'Connection' }),
      h('span', { text: s === 'open' ? 'connected' : s === 'connecting' ? 'connecting…' : 'lost, retrying…' }),
    );
  }
}
