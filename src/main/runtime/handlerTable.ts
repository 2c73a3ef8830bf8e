/**
 * The handler table both transports serve, and the one dispatch function that validates a
 * channel name and payload before any handler (and so any engine) sees them.
 */
import { ChannelName, RequestOf, ResponseOf, isChannelName, unknownChannel, validateRequest } from '../../shared/contract';
import { MambaErrorData, toMambaError } from '../../shared/errors';

export interface CallContext {
  transport: 'electron' | 'websocket';
  /** Stable per window / per socket; voice sessions are keyed by it. */
  clientId: string;
  /** Fires when the request is cancelled: its client went away, or a newer request replaced it. */
  signal?: AbortSignal;
}

export type Handler<C extends ChannelName> = (payload: RequestOf<C>, ctx: CallContext) => Promise<ResponseOf<C>>;
/** Every channel must have a handler: the compiler checks the table against the contract. */
export type HandlerTable = { [C in ChannelName]: Handler<C> };

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: MambaErrorData };

/** Validate then run. Never throws: every failure becomes an error envelope. */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  payload: unknown,
  ctx: CallContext,
): Promise<DispatchResult> {
  try {
    if (!isChannelName(channel)) throw unknownChannel(channel);
    const clean = validateRequest(channel, payload);
    const handler = table[channel] as (p: unknown, c: CallContext) => Promise<unknown>;
    const result = await handler(clean, ctx);
    return { ok: true, result: result === undefined ? null : result };
  } catch (e) {
    return { ok: false, error: toMambaError(e).toJSON() };
  }
}
