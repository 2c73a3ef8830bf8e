/** Error and info toasts: every failed call shows what went wrong and the fix. */
import { h, byId } from './dom';
import { toApiError } from './api';

const MAX_TOASTS = 4;

export function toast(kind: 'error' | 'info', title: string, fix?: string, ms = kind === 'error' ? 9000 : 4000): void {
  const host = byId('toasts');
  const close = h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss', text: '✕' });
  const el = h(
    'div',
    { class: 'toast', 'data-kind': kind, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-title', text: title }),
    close,
    fix ? h('span', { class: 'toast-fix', text: fix }) : null,
  );
  const remove = () => el.remove();
  close.addEventListener('click', remove);
  host.append(el);
  while (host.children.length > MAX_TOASTS) host.firstElementChild?.remove();
  window.setTimeout(remove, ms);
}

/** Show any failure as a toast (MambaError data from main: message + fix). */
export function toastError(e: unknown, context?: string): void {
  const err = toApiError(e);
  if (err.code === 'CANCELLED') return;
  toast('error', context ? `${context}: ${err.message}` : err.message, err.fix);
}
