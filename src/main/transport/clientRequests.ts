/**
 * Requests in flight, per client (a socket or a window): each gets an AbortSignal that fires when its
 * client goes away, when a newer request of the same client on a superseding channel arrives (the pad
 * re-recognises as the user writes; a second "read this" replaces the first), or when the server
 * closes. A client may have at most MAX_IN_FLIGHT requests at once; more are answered BUSY at once, so
 * one client cannot queue unbounded work (and answers) on the server.
 */
import { MambaError } from '../../shared/errors';

export const MAX_IN_FLIGHT = 8;
/** A newer request on one of these channels cancels the same client's older one. */
export const SUPERSEDING_CHANNELS: ReadonlySet<string> = new Set(['handwriting.recognize', 'ocr.readThis', 'capture.clipboard']);

interface InFlight {
  channel: string;
  ctrl: AbortController;
}

export class ClientRequests {
  private readonly byClient = new Map<string, Set<InFlight>>();

  constructor(private readonly limit = MAX_IN_FLIGHT) {}

  /** Registers a request; throws BUSY when the client already has `limit` in flight. Call end() when answered. */
  begin(clientId: string, channel: string): { signal: AbortSignal; end: () => void } {
    let set = this.byClient.get(clientId);
    if (!set) this.byClient.set(clientId, (set = new Set()));
    if (set.size >= this.limit)
      throw new MambaError('BUSY', `Too many requests at once (${set.size} still running; at most ${this.limit}).`, 'wait for the answers before sending more');
    if (SUPERSEDING_CHANNELS.has(channel)) for (const r of set) if (r.channel === channel) r.ctrl.abort();
    const entry: InFlight = { channel, ctrl: new AbortController() };
    set.add(entry);
    const s = set;
    return {
      signal: entry.ctrl.signal,
      end: () => {
        s.delete(entry);
        if (s.size === 0 && this.byClient.get(clientId) === s) this.byClient.delete(clientId);
      },
    };
  }

  inFlight(clientId: string): number {
    return this.byClient.get(clientId)?.size ?? 0;
  }

  /** The client went away: cancel everything it asked for. */
  cancelClient(clientId: string): void {
    const set = this.byClient.get(clientId);
    this.byClient.delete(clientId);
    for (const r of set ?? []) r.ctrl.abort();
  }

  cancelAll(): void {
    for (const id of [...this.byClient.keys()]) this.cancelClient(id);
  }
}
