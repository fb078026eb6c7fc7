/**
 * A stored password hash that is not in any format we can check, or is malformed (bad prefix, missing
 * field, bad base64, out-of-range parameter). The message says what is wrong and never contains the hash.
 */
export class PasswordFormatError extends Error {
  readonly code = 'ERR_PASSWORD_FORMAT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordFormatError';
  }
}

/** A plain password longer than the hashing algorithm (or this module) accepts. */
export class PasswordTooLongError extends Error {
  readonly code = 'ERR_PASSWORD_TOO_LONG';
  /** The largest accepted length, in UTF-8 bytes. */
  readonly maxBytes: number;
  constructor(message: string, options: { maxBytes: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'PasswordTooLongError';
    this.maxBytes = options.maxBytes;
  }
}

/** Hashing options that cannot be used (unknown algorithm, cost or memory out of range). */
export class PasswordOptionsError extends Error {
  readonly code = 'ERR_PASSWORD_OPTIONS';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordOptionsError';
  }
}

/**
 * The worker pool already has as many jobs waiting as it allows: the caller should fail this login or
 * request now rather than pile up more work.
 */
export class PasswordQueueFullError extends Error {
  readonly code = 'ERR_PASSWORD_QUEUE_FULL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordQueueFullError';
  }
}

/** The hasher was closed before or while the job ran. */
export class PasswordHasherClosedError extends Error {
  readonly code = 'ERR_PASSWORD_HASHER_CLOSED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordHasherClosedError';
  }
}

/** A hashing worker thread failed (crashed, or threw on a job); `cause` has the underlying error. */
export class PasswordWorkerError extends Error {
  readonly code = 'ERR_PASSWORD_WORKER';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordWorkerError';
  }
}
