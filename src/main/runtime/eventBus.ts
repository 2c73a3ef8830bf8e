/**
 * The event side of the contract inside main: the assistant emits typed events, every
 * transport (Electron windows, WebSocket clients) subscribes and forwards them.
 */
import type { EventMap, EventName } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const l of [...listeners]) {
        // One broken subscriber (a closed socket) must not stop the others.
        try {
          l(event, payload);
        } catch {
          /* ignored on purpose */
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
