/**
 * Every failure a user can see carries a stable code, a sentence for the user and,
 * where there is one, the fix. Engines throw MambaError; transports serialise it.
 */
export type MambaErrorCode =
  | 'BAD_INPUT' // malformed payload, unreadable file, wrong format
  | 'EMPTY_INPUT' // empty drawing, silent audio, image with no text
  | 'TOO_LARGE' // input over a documented bound (points, pixels, bytes)
  | 'MODEL_MISSING' // model file/directory not installed
  | 'MODEL_CORRUPT' // model present but unreadable / wrong shape
  | 'ENGINE_UNAVAILABLE' // system program or library missing
  | 'LANGUAGE_PAIR_MISSING' // translation pair not installed
  | 'IMAGE_QUALITY' // too dark / too blurred
  | 'UNKNOWN_CHANNEL' // IPC channel not in the contract
  | 'FORBIDDEN' // IPC sender not allowed
  | 'STORAGE' // disk full, permission denied on log/settings
  | 'TIMEOUT' // work ran past its deadline (docs/robustness.md)
  | 'BUSY' // too many requests of one client in flight at once
  | 'CANCELLED'
  | 'INTERNAL';

export interface MambaErrorData {
  code: MambaErrorCode;
  message: string;
  fix?: string;
}

export class MambaError extends Error {
  readonly code: MambaErrorCode;
  readonly fix?: string;
  constructor(code: MambaErrorCode, message: string, fix?: string) {
    super(message);
    this.name = 'MambaError';
    this.code = code;
    this.fix = fix;
  }
  toJSON(): MambaErrorData {
    return { code: this.code, message: this.message, ...(this.fix ? { fix: this.fix } : {}) };
  }
  /** One line for CLI output and logs. */
  toLine(): string {
    return this.fix ? `${this.message} (fix: ${this.fix})` : this.message;
  }
}

/** Wrap anything thrown into a MambaError without losing its message. */
export function toMambaError(e: unknown, code: MambaErrorCode = 'INTERNAL'): MambaError {
  if (e instanceof MambaError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new MambaError(code, msg);
}
