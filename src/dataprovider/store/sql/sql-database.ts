/**
 * An open SQL database: the query builder plus what differs between SQLite, PostgreSQL and MySQL.
 */
import type {
  CreateTableBuilder,
  Kysely,
  SelectQueryBuilder,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely';
import type { SqlDriverName } from '../config.js';
import type { TableNames } from '../tables.js';

/**
 * The query builder over our tables. Table names carry the configured prefix and are only known
 * at run time, so the builder cannot check them; rows are turned into typed records in `kinds.ts`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Db = Kysely<any>;
/** A select over our tables (see {@link Db}). */
export type AnySelect = SelectQueryBuilder<any, any, any>;
/** An update of one of our tables (see {@link Db}). */
export type AnyUpdate = UpdateQueryBuilder<any, any, any, UpdateResult>;
/** A table being created (see {@link Db}). */
export type AnyCreateTable = CreateTableBuilder<any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The SQL dialect family. */
export type SqlFamily = 'sqlite' | 'postgres' | 'mysql';

/** What a database error means to the store. */
export type SqlErrorKind = 'unique' | 'reference' | 'missing-table' | undefined;

/** One open SQL database. */
export interface SqlDatabase {
  readonly driver: SqlDriverName;
  readonly family: SqlFamily;
  readonly db: Db;
  readonly prefix: string;
  readonly tables: TableNames;
  /** Where the database is, for messages (never contains a password). */
  readonly description: string;
  /** Sorts a database error into the kinds the store cares about. */
  classifyError(err: unknown): SqlErrorKind;
  /** Whether a table (real name) exists. */
  tableExists(db: Db, table: string): Promise<boolean>;
  /**
   * Runs schema changes one process at a time: in one transaction on SQLite and PostgreSQL
   * (whose DDL is transactional), under a named lock on MySQL.
   */
  withSchemaLock<R>(fn: (db: Db) => Promise<R>): Promise<R>;
  /** Closes all connections. */
  destroy(): Promise<void>;
}
