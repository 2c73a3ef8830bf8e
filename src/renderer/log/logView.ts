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
  private readonly emptyText = byId('log-empty-text');
  private readonly welcome = byId('log-welcome');
  private readonly latest = byId<HTMLButtonElement>('log-latest');
  /** Follow new entries: true while the list is scrolled to its end (the user scrolling up unpins it). */
  private pinned = true;
  /** Entries that arrived while the user was reading older ones (or the drawer was closed). */
  private unseen = 0;
  private readonly unseenListeners: ((n: number) => void)[] = [];
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
    // Only the user unpins (wheel, touch, keys, the scrollbar): a scroll caused by content
    // growing after we scrolled (a thumbnail decoding) must not stop the following.
    let userScrollAt = 0;
    const userScroll = () => (userScrollAt = performance.now());
    for (const ev of ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const) this.list.addEventListener(ev, userScroll, { passive: true });
    this.list.addEventListener('scroll', () => {
      if (this.atEnd()) this.pinned = true;
      else if (performance.now() - userScrollAt < 1500) this.pinned = false;
      else this.follow();
      if (this.pinned && this.visible()) this.setUnseen(0);
      this.latest.hidden = this.pinned;
    });
    this.latest.addEventListener('click', () => this.scrollToEnd());
    // A thumbnail decoding after it was added, or the panel changing size, must not leave a
    // following list short of its end (the bug was: 7,507 of 8,499 px after a capture).
    this.list.addEventListener('load', () => this.follow(), true);
    new ResizeObserver(() => this.follow()).observe(this.list);
  }

  /** Called with the number of entries not yet seen (the drawer's badge). */
  onUnseen(cb: (n: number) => void): void {
    this.unseenListeners.push(cb);
  }

  /** The panel became visible (the drawer opened): its newest entries are now seen. */
  shown(): void {
    this.follow();
    if (this.pinned) this.setUnseen(0);
  }

  private setUnseen(n: number): void {
    if (n === this.unseen) return;
    this.unseen = n;
    for (const cb of this.unseenListeners) cb(n);
  }

  /** On screen (not in a closed drawer). */
  private visible(): boolean {
    return this.list.offsetParent !== null && getComputedStyle(this.list).visibility !== 'hidden';
  }

  private atEnd(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 24;
  }

  private follow(): void {
    if (this.pinned) this.list.scrollTop = this.list.scrollHeight;
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
    this.list.append(this.render(entry));
    this.updateCount();
    if (this.pinned) this.follow();
    if (!this.pinned || !this.visible()) this.setUnseen(this.unseen + 1);
    this.latest.hidden = this.pinned;
  }

  private updateCount(): void {
    const n = this.ids.size;
    this.empty.hidden = n > 0;
    this.emptyText.textContent = this.query ? `Nothing matches “${this.query}”.` : 'No conversation yet.';
    this.welcome.hidden = !!this.query;
    this.count.textContent = n ? `${n}${this.query ? ' found' : ''}` : '';
  }

  private scrollToEnd(): void {
    this.pinned = true;
    this.latest.hidden = true;
    this.list.scrollTop = this.list.scrollHeight;
    if (this.visible()) this.setUnseen(0);
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
