/** Runs named pipeline steps, reporting progress before each and recording how long each took. */
import type { ProgressFn } from '../../../shared/types';

export interface StepTimer {
  readonly steps: { name: string; ms: number }[];
  run<T>(name: string, fn: () => T | Promise<T>, detail?: string): Promise<T>;
}

export function createStepTimer(onProgress: ProgressFn | undefined, names: readonly string[]): StepTimer {
  const steps: { name: string; ms: number }[] = [];
  return {
    steps,
    async run(name, fn, detail) {
      const i = names.indexOf(name);
      onProgress?.({ step: name, fraction: i < 0 ? undefined : i / names.length, detail });
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        steps.push({ name, ms: Math.round((performance.now() - t0) * 10) / 10 });
      }
    },
  };
}
