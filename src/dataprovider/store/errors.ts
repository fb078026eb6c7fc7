/**
 * Errors thrown by the data stores. Callers branch on these classes (or their `code`), never on
 * SQLite, PostgreSQL or MySQL error codes: each driver translates its database's errors here.
 */

/** Stable codes of the store errors. */
export const StoreErrorCode = {
  failure: 'ERR_STORE',
  notFound: 'ERR_STORE_NOT_FOUND',
  conflict: 'ERR_STORE_CONFLICT',
  invalidArgument: 'ERR_STORE_INVALID_ARGUMENT',
  config: 'ERR_STORE_CONFIG',
  schema: 'ERR_STORE_SCHEMA',
} as const;

/** One of the {@link StoreErrorCode} values. */
export type StoreErrorCodeValue = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

/**
 * Base class: any store failure that has no more precise class (lost connection, query failure,
 * closed store, unreadable stored document). `cause` holds the driver's original error.
 */
export class StoreError extends Error {
  readonly code: StoreErrorCodeValue;

  constructor(message: string, options?: { cause?: unknown; code?: StoreErrorCodeValue }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options?.code ?? StoreErrorCode.failure;
  }
}

/** The named object (user, folder, API key, defender host…) does not exist. */
export class StoreNotFoundError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: StoreErrorCode.notFound });
  }
}

/**
 * The change would break a uniqueness or reference rule: the name is already taken, or the object
 * is still referenced (a group used by users).
 */
export class StoreConflictError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: StoreErrorCode.conflict });
  }
}

/** An argument is out of the store's bounds (name too long, list limit too big, bad number). */
export class StoreInvalidArgumentError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: StoreErrorCode.invalidArgument });
  }
}

/** The data provider configuration cannot be used (unknown driver, bolt, bad prefix, bad sslmode). */
export class StoreConfigError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: StoreErrorCode.config });
  }
}

/**
 * The database schema is not the one this program expects: not initialised, older while
 * migrations are disabled, newer than this program, or another program's schema.
 */
export class StoreSchemaError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: StoreErrorCode.schema });
  }
}
