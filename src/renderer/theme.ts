/** Light/dark: follows the system unless the user picks one (toggle cycles system -> light -> dark). */
import type { Theme } from '../shared/contract';
import { byId } from './dom';
import { icon, type IconName } from './icons';

const ICONS: Record<Theme, IconName> = { system: 'contrast', light: 'sun', dark: 'moon' };
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  const btn = byId('theme-toggle');
  btn.setAttribute('aria-label', `Theme: ${theme}`);
  btn.title = `Theme: ${theme} (Alt+T)`;
  byId('theme-icon').replaceChildren(icon(ICONS[theme]));
}

export function nextTheme(t: Theme): Theme {
  return NEXT[t];
}
