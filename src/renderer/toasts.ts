/**
 * Error and info toasts: every failed call shows what went wrong and the fix. One toast per
 * cause: a second report of the same cause (the status chip and the failed call both saying
 * "no Vosk model") refreshes the toast already shown instead of stacking a copy.
 */
import { h, byId } from './dom';
import { toApiError } from './api';

const MAX_TOASTS = 4;

/** The identity of a failure for de-duplication: its code and message, not the context around it. */
export function causeKey(e: { code: string; message: string }): string {
  return `${e.code}:${e.message}`;
}

const shown = new Map<string, { el: HTMLElement; timer: number }>();

export function toast(kind: 'error' | 'info', title: string, fix?: string, ms = kind === 'error' || fix ? 9000 : 4000, key = `${kind}:${title}:${fix ?? ''}`): void {
  const host = byId('toasts');
  const same = shown.get(key);
  const remove = (el: HTMLElement) => {
    el.remove();
    if (shown.get(key)?.el === el) shown.delete(key);
  };
  if (same && same.el.isConnected) {
    window.clearTimeout(same.timer);
    same.timer = window.setTimeout(() => remove(same.el), ms);
    return;
  }
  const close = h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss', text: '✕' });
  const el = h(
    'div',
    { class: 'toast', 'data-kind': kind, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-title', text: title }),
    close,
    fix ? h('span', { class: 'toast-fix', text: fix }) : null,
  );
  close.addEventListener('click', () => remove(el));
  host.append(el);
  shown.set(key, { el, timer: window.setTimeout(() => remove(el), ms) });
  while (host.children.length > MAX_TOASTS) host.firstElementChild?.remove();
}

/** Show any failure as a toast (MambaError data from main: message + fix). */
export function toastError(e: unknown, context?: string): void {
  const err = toApiError(e);
  if (err.code === 'CANCELLED') return;
  toast('error', context ? `${context}: ${err.message}` : err.message, err.fix, undefined, causeKey(err));
}
