/**
 * Every assistant step goes through here into the conversation log: shown at once
 * (`log.appended`), then waited on until durable. A storage failure does not fail the
 * step: the user is told once (app.notice STORAGE) and the entry stays in memory.
 */
import type { ConversationLog, NewLogEntry } from '../log/conversationLog';
import type { EventBus } from './eventBus';
import type { LogEntry } from '../../shared/types';
import { toMambaError } from '../../shared/errors';

export class Journal {
  private failing = false;

  constructor(
    private readonly log: ConversationLog,
    private readonly events: EventBus,
  ) {}

  async record(input: NewLogEntry): Promise<LogEntry> {
    const { entry, stored } = this.log.write(input);
    this.events.emit('log.appended', entry);
    try {
      await stored;
      if (this.failing) {
        this.failing = false;
        this.events.emit('app.notice', { level: 'info', code: 'STORAGE', message: 'The conversation log is being saved again.' });
      }
    } catch (e) {
      if (!this.failing) {
        this.failing = true;
        this.events.emit('app.notice', { level: 'error', ...toMambaError(e, 'STORAGE').toJSON() });
      }
    }
    return entry;
  }

  /** Time a step; its duration goes into the entry built from its result. */
  static async timed<T>(step: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const t0 = performance.now();
    const value = await step();
    return { value, ms: Math.round(performance.now() - t0) };
  }
}
