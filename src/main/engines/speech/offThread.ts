/**
 * Native calls that can take long (a whole-file or free-text decode, loading a model) run on one of
 * koffi's worker threads (`fn.async`), so Electron's main process keeps its event loop while they work.
 * A decoder is not thread-safe: every call on one decoder goes through that decoder's SerialQueue, so
 * at most one of them is in flight at a time.
 */

/** A koffi function (what `lib.func(decl)` returns) with its signature: callable here or on a worker thread. */
export type NativeFn<F extends (...args: never[]) => unknown> = F & {
  async: (...args: [...Parameters<F>, (err: unknown, result: ReturnType<F>) => void]) => void;
};

/** Call `f` on a koffi worker thread. The arguments (typed arrays included) must stay untouched until it resolves. */
export function offThread<F extends (...args: never[]) => unknown>(f: NativeFn<F>, ...args: Parameters<F>): Promise<ReturnType<F>> {
  return new Promise<ReturnType<F>>((resolve, reject) => f.async(...args, (err, result) => (err ? reject(err) : resolve(result))));
}

/** Runs jobs one after another (a failed job does not stop the next). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(job: () => Promise<T>): Promise<T> {
    const r = this.tail.then(job);
    this.tail = r.catch(() => undefined);
    return r;
  }
  /** Resolves when every job queued so far has finished. */
  drained(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
