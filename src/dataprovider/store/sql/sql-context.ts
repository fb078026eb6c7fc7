/**
 * What every SQL store shares: the executor (the database, or the current transaction), the
 * clock, and the translation of database errors into store errors.
 */
import { StoreConflictError, StoreError, StoreSchemaError } from '../errors.js';
import type { TableNames } from '../tables.js';
import type { Db, SqlDatabase } from './sql-database.js';
import { errorMessage } from '../../../util/error-message.js';

/** Whether the store (or transaction) a context belongs to can still be used. */
export interface Liveness {
  /** Undefined while usable, else why not. */
  readonly ended: () => string | undefined;
}

/** Describes an operation for error messages. */
export interface Operation {
  /** What was attempted, e.g. `add user "bob"`. */
  readonly action: string;
  /** Message when a uniqueness rule is broken, e.g. `user "bob" already exists`. */
  readonly conflict?: string;
}

/** Store-side view of one database, or of one transaction on it. */
export class SqlContext {
  readonly database: SqlDatabase;
  readonly now: () => number;
  readonly #executor: Db;
  readonly #liveness: Liveness;

  constructor(options: { database: SqlDatabase; executor: Db; now: () => number; liveness: Liveness }) {
    this.database = options.database;
    this.now = options.now;
    this.#executor = options.executor;
    this.#liveness = options.liveness;
  }

  /** Real table names. */
  get tables(): TableNames {
    return this.database.tables;
  }

  /** Whether this context runs inside a transaction. */
  get inTransaction(): boolean {
    return this.#executor.isTransaction;
  }

  /** The executor. @throws {@link StoreError} once the store is closed or the transaction over. */
  get db(): Db {
    const reason = this.#liveness.ended();
    if (reason !== undefined) throw new StoreError(reason);
    return this.#executor;
  }

  /**
   * Runs one operation, translating database errors.
   * @throws {@link StoreConflictError} on uniqueness or reference violations.
   * @throws {@link StoreSchemaError} when a table is missing.
   * @throws {@link StoreError} for anything else; store errors pass through unchanged.
   */
  async run<R>(operation: Operation, fn: (db: Db) => Promise<R>): Promise<R> {
    try {
      return await fn(this.db);
    } catch (err) {
      throw this.translate(operation, err);
    }
  }

  /** Like {@link SqlContext.run}, inside a transaction (the current one if there is one). */
  async atomic<R>(operation: Operation, fn: (db: Db) => Promise<R>): Promise<R> {
    return this.run(operation, (db) => (db.isTransaction ? fn(db) : db.transaction().execute(fn)));
  }

  /** Turns any error into a store error. */
  translate(operation: Operation, err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    const detail = errorMessage(err);
    switch (this.database.classifyError(err)) {
      case 'unique':
        return new StoreConflictError(
          operation.conflict ??
            `cannot ${operation.action}: it conflicts with existing data (a taken name, or a change made at the same time)`,
          { cause: err },
        );
      case 'reference':
        return new StoreConflictError(
          `cannot ${operation.action}: it refers to a missing object or is still referenced`,
          { cause: err },
        );
      case 'missing-table':
        return new StoreSchemaError(
          `cannot ${operation.action}: a table is missing in the ${this.database.description}; ` +
            'the schema is not initialised or is older than this program (run "sftpgo initprovider")',
          { cause: err },
        );
      default:
        return new StoreError(`cannot ${operation.action} in the ${this.database.description}: ${detail}`, {
          cause: err,
        });
    }
  }
}
