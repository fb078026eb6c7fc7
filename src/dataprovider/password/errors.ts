/** Base of every error this module throws; each subclass has its own stable `code`. */
export abstract class PasswordError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A stored password hash that is not in any format we can check, or is malformed (bad prefix, missing
 * field, bad base64, out-of-range parameter). The message says what is wrong and never contains the hash.
 */
export class PasswordFormatError extends PasswordError {
  readonly code = 'ERR_PASSWORD_FORMAT';
}

/** A plain password longer than the hashing algorithm (or this module) accepts. */
export class PasswordTooLongError extends PasswordError {
  readonly code = 'ERR_PASSWORD_TOO_LONG';
  /** The largest accepted length, in UTF-8 bytes. */
  readonly maxBytes: number;
  constructor(message: string, options: { maxBytes: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.maxBytes = options.maxBytes;
  }
}

/** Hashing options that cannot be used (unknown algorithm, cost or memory out of range). */
export class PasswordOptionsError extends PasswordError {
  readonly code = 'ERR_PASSWORD_OPTIONS';
}

/**
 * The worker pool already has as many jobs waiting as it allows: the caller should fail this login or
 * request now rather than pile up more work.
 */
export class PasswordQueueFullError extends PasswordError {
  readonly code = 'ERR_PASSWORD_QUEUE_FULL';
}

/** The hasher was closed before or while the job ran. */
export class PasswordHasherClosedError extends PasswordError {
  readonly code = 'ERR_PASSWORD_HASHER_CLOSED';
}

/** A hashing worker thread failed (crashed, or threw on a job); `cause` has the underlying error if any. */
export class PasswordWorkerError extends PasswordError {
  readonly code = 'ERR_PASSWORD_WORKER';
}
