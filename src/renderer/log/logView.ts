/**
 * The conversation log panel: history from disk on start (log.list), live entries
 * (log.appended), search (log.search) with matches marked, older pages on demand.
 */
import type { LogEntry, LogKind } from '../../shared/types';
import type { Client } from '../api';
import { byId, formatTime, h } from '../dom';
import { languageName } from '../../shared/languageNames';
import { toastError } from '../toasts';

const PAGE = 200;
const SEARCH_DEBOUNCE_MS = 250;

/** What each kind of entry reads as in the list. */
const KIND_LABEL: Record<LogKind, string> = {
  drawing: 'wrote',
  recognition: 'recognised',
  speech: 'said',
  transcript: 'heard',
  translation: 'translated',
  capture: 'captured',
  ocr: 'read',
  spoken: 'spoke',
  command: 'command',
  error: 'error',
  correction: 'corrected',
};

export class LogView {
  private readonly list = byId<HTMLOListElement>('log-list');
  private readonly empty = byId('log-empty');
  private readonly count = byId('log-count');
  private readonly search = byId<HTMLInputElement>('log-search');
  private query = '';
  private searchTimer: number | undefined;
  private oldestId: string | undefined;
  private readonly ids = new Set<string>();
  private moreButton: HTMLButtonElement | null = null;

  constructor(private readonly api: Client) {
    this.search.addEventListener('input', () => {
      window.clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => void this.load(this.search.value.trim()), SEARCH_DEBOUNCE_MS);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.search.value) {
        e.preventDefault();
        e.stopPropagation();
        this.search.value = '';
        void this.load('');
      }
    });
    api.on('log.appended', (entry) => this.onAppended(entry));
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  /** (Re)load the newest page for a query ('' = everything). */
  async load(query = this.query): Promise<void> {
    this.query = query;
    try {
      const page = query
        ? await this.api.invoke('log.search', { query, limit: PAGE })
        : await this.api.invoke('log.list', { limit: PAGE });
      if (query !== this.query) return; // typed on meanwhile
      this.ids.clear();
      this.list.replaceChildren();
      this.oldestId = page.entries[0]?.id;
      for (const e of page.entries) this.list.append(this.render(e));
      this.setMore(page.hasMore);
      this.updateCount();
      this.scrollToEnd();
    } catch (e) {
      toastError(e, query ? 'Could not search the conversation' : 'Could not load the conversation');
    }
  }

  private async loadOlder(): Promise<void> {
    if (!this.oldestId) return;
    try {
      const before = this.oldestId;
      const page = this.query
        ? await this.api.invoke('log.search', { query: this.query, limit: PAGE, before })
        : await this.api.invoke('log.list', { limit: PAGE, before });
      const first = this.moreButton?.parentElement?.nextElementSibling ?? this.list.firstElementChild;
      const frag = document.createDocumentFragment();
      for (const e of page.entries) if (!this.ids.has(e.id)) frag.append(this.render(e));
      this.list.insertBefore(frag, first);
      this.oldestId = page.entries[0]?.id ?? this.oldestId;
      this.setMore(page.hasMore);
      this.updateCount();
    } catch (e) {
      toastError(e, 'Could not load older entries');
    }
  }

  private setMore(hasMore: boolean): void {
    this.moreButton?.parentElement?.remove();
    this.moreButton = null;
    if (!hasMore) return;
    const b = h('button', { type: 'button', class: 'button ghost small', text: 'Show older' });
    b.addEventListener('click', () => void this.loadOlder());
    this.moreButton = b;
    this.list.prepend(h('li', { class: 'log-more' }, b));
  }

  private onAppended(entry: LogEntry): void {
    if (this.ids.has(entry.id)) return;
    if (this.query && !matches(entry, this.query)) return;
    const nearEnd = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    this.list.append(this.render(entry));
    this.updateCount();
    if (nearEnd) this.scrollToEnd();
  }

  private updateCount(): void {
    const n = this.ids.size;
    this.empty.hidden = n > 0;
    this.empty.textContent = this.query ? `Nothing matches “${this.query}”.` : 'No conversation yet.';
    this.count.textContent = n ? `${n}${this.query ? ' found' : ''}` : '';
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  private render(e: LogEntry): HTMLLIElement {
    this.ids.add(e.id);
    const label = KIND_LABEL[e.kind] ?? e.kind;
    const details: string[] = [];
    if (e.lang) details.push(languageName(e.lang));
    if (typeof e.ms === 'number') details.push(`${Math.round(e.ms)} ms`);
    const li = h(
      'li',
      { class: 'entry', 'data-role': e.role, 'data-kind': e.kind, 'data-id': e.id },
      h('span', { class: 'entry-avatar', 'aria-hidden': 'true', text: e.role === 'user' ? 'You' : 'M' }),
      h(
        'div',
        { class: 'entry-head' },
        h('span', { class: 'visually-hidden', text: e.role === 'user' ? 'You' : 'Mamba' }),
        h('span', { class: 'entry-kind', text: label }),
        details.length ? h('span', { class: 'entry-details', text: details.join(' · ') }) : null,
        h('time', { class: 'entry-time', datetime: e.at, title: new Date(e.at).toLocaleString(), text: formatTime(e.at) }),
      ),
      highlight(h('div', { class: 'entry-body' }), e.text || '—', this.query),
    );
    if (e.lang) li.lang = e.lang;
    if (e.thumbnail && /^data:image\/(jpeg|png|webp);base64,/.test(e.thumbnail))
      li.append(h('img', { class: 'entry-thumb', src: e.thumbnail, alt: `Capture: ${e.text.slice(0, 60)}`, loading: 'lazy' }));
    return li;
  }
}

function matches(e: LogEntry, q: string): boolean {
  return e.text.toLowerCase().includes(q.toLowerCase());
}

/** Put text into el with every case-insensitive occurrence of q wrapped in <mark>. */
function highlight(el: HTMLElement, text: string, q: string): HTMLElement {
  if (!q) {
    el.textContent = text;
    return el;
  }
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  let i = 0;
  for (let j = lower.indexOf(needle); j >= 0; j = lower.indexOf(needle, i)) {
    if (j > i) el.append(text.slice(i, j));
    el.append(h('mark', { text: text.slice(j, j + needle.length) }));
    i = j + needle.length;
  }
  if (i < text.length) el.append(text.slice(i));
  return el;
}
