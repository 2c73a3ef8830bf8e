/**
 * Loads opencv-js (wasm) once per process and contains its side effects.
 *
 * Why a wrapper: the module object is "thenable" (returning it from an async function makes
 * the runtime await it forever) and its Emscripten glue installs process-wide
 * uncaughtException/unhandledRejection listeners that would swallow or rethrow the host's
 * errors. We remove exactly the listeners it added, and hand the module out inside a box.
 */
import type CvModule from '@techstark/opencv-js';

export type Cv = typeof CvModule;

const WATCHED = ['uncaughtException', 'unhandledRejection'] as const;
type Listener = (...a: unknown[]) => void;
const listenersOf = (ev: (typeof WATCHED)[number]): Listener[] => process.listeners(ev as 'uncaughtException') as Listener[];

let loading: Promise<{ cv: Cv }> | undefined;

/** Resolves to `{ cv }` (boxed: never resolve a promise with the thenable module itself). */
export function loadOpenCv(): Promise<{ cv: Cv }> {
  if (!loading) {
    loading = new Promise<{ cv: Cv }>((resolve, reject) => {
      const before = new Map(WATCHED.map((ev) => [ev, new Set(listenersOf(ev))]));
      const restore = (): void => {
        for (const ev of WATCHED) {
          for (const l of listenersOf(ev)) {
            if (!before.get(ev)?.has(l)) process.removeListener(ev, l);
          }
        }
      };
      let mod: Cv & { onRuntimeInitialized?: () => void };
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        mod = require('@techstark/opencv-js') as Cv & { onRuntimeInitialized?: () => void };
      } catch (e) {
        restore();
        reject(e);
        return;
      }
      restore();
      const ready = (): void => {
        restore();
        resolve({ cv: mod });
      };
      // The wasm may already be initialised (synchronous instantiate) or still compiling.
      if (typeof (mod as { Mat?: unknown }).Mat === 'function') ready();
      else mod.onRuntimeInitialized = ready;
    });
  }
  return loading;
}
