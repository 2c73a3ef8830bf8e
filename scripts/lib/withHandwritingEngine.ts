/** The handwriting engine as the evaluation scripts measure it (one thread, no worker pool), closed after `fn` however it ends. */
import { createHandwritingEngine, type HandwritingEngine } from '../../src/main/engines/handwriting';

export async function withHandwritingEngine<T>(fn: (engine: HandwritingEngine) => Promise<T>): Promise<T> {
  const engine = await createHandwritingEngine({ workers: 0 });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
