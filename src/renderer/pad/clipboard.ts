/** Copy text to the clipboard, with a confirmation toast; the old execCommand path where the Clipboard API is refused. */
import { h } from '../dom';
import { toast } from '../toasts';

export async function copyText(text: string, what: string): Promise<void> {
  const t = text.trim();
  if (!t) {
    toast('info', `Nothing to copy: ${what} is empty.`);
    return;
  }
  try {
    await navigator.clipboard.writeText(t);
  } catch {
    // Insecure origins and some embedders refuse the async API; a selected textarea still copies.
    const area = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
    area.value = t;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) {
      toast('error', `Could not copy ${what}.`, 'Select the text and press Ctrl+C.');
      return;
    }
  }
  toast('info', `Copied “${t.length > 40 ? `${t.slice(0, 40)}…` : t}”.`);
}
