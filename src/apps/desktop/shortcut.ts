/**
 * The global quick-capture shortcut. Desktops may refuse it (Wayland does not let apps grab
 * keys; another app may own the combination): that is reported with a way out, never thrown.
 */
import type { GlobalShortcut } from 'electron';
import type { ShortcutStatus } from '../../shared/contract';
import { MambaError } from '../../shared/errors';

/** Command-line flag that triggers a quick capture in the running instance (for desktop-bound shortcuts). */
export const CAPTURE_FLAG = '--capture';
/** Same, for "read a screen region". */
export const CAPTURE_REGION_FLAG = '--capture-region';

export function isWayland(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || (!!env.WAYLAND_DISPLAY && !env.DISPLAY);
}

export function registerQuickCapture(
  gs: Pick<GlobalShortcut, 'register' | 'unregister'>,
  accelerator: string,
  onPress: () => void,
  opts: { previous?: string; env?: NodeJS.ProcessEnv; launchCommand?: string; what?: string } = {},
): ShortcutStatus {
  if (opts.previous) {
    try {
      gs.unregister(opts.previous);
    } catch {
      /* it was never registered */
    }
  }
  if (!accelerator) return { accelerator, registered: false };
  let ok: boolean;
  try {
    ok = gs.register(accelerator, onPress);
  } catch (e) {
    return {
      accelerator,
      registered: false,
      error: new MambaError('BAD_INPUT', `The shortcut '${accelerator}' is not a valid key combination (${e instanceof Error ? e.message : String(e)}).`, "Pick one like 'CommandOrControl+Shift+M' in Settings.").toJSON(),
    };
  }
  if (ok) return { accelerator, registered: true };
  const launch = opts.launchCommand ?? `mamba-app ${CAPTURE_FLAG}`;
  const error = isWayland(opts.env)
    ? new MambaError(
        'ENGINE_UNAVAILABLE',
        `The desktop (Wayland) does not let apps register the global shortcut ${accelerator}${opts.what ? ` (${opts.what})` : ''}.`,
        `Add a custom shortcut in your desktop's keyboard settings that runs: ${launch}`,
      )
    : new MambaError('ENGINE_UNAVAILABLE', `The shortcut ${accelerator}${opts.what ? ` (${opts.what})` : ''} is already taken by another application.`, 'Choose another shortcut in Settings.');
  return { accelerator, registered: false, error: error.toJSON() };
}
