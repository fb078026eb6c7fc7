/**
 * SQLite through better-sqlite3 (the major this Node runs, see sqlite-module.ts): one file, WAL
 * journal, foreign keys on, a busy timeout so that several processes can share the file.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import type { DatabaseConnection, Dialect } from 'kysely';
import { DEFAULT_SQLITE_NAME, resolveConfigPath } from '../config.js';
import type { StoreConfig } from '../config.js';
import { StoreError } from '../errors.js';
import { tableNames } from '../tables.js';
import type { Db, SqlDatabase, SqlErrorKind } from './sql-database.js';
import { SqliteDatabase } from './sqlite-module.js';

/** How long a statement waits for another process's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Starts transactions with BEGIN IMMEDIATE: a deferred transaction that reads and then writes
 * can fail at once with SQLITE_BUSY when another process writes meanwhile; taking the write
 * lock up front makes it wait (up to the busy timeout) instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * The database file: `connection_string` when set (a leading `file:` and any `?options` are
 * dropped, our own options apply), else `name`; relative paths are relative to the config dir.
 */
export function sqlitePath(config: StoreConfig, configDir: string): string {
  let path = config.name || DEFAULT_SQLITE_NAME;
  if (config.connection_string) {
    path = config.connection_string.replace(/^file:/, '').replace(/\?.*$/, '');
  }
  return resolveConfigPath(configDir, path);
}

function classify(err: unknown): SqlErrorKind {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'reference';
  if (err instanceof Error && /no such table/.test(err.message)) return 'missing-table';
  return undefined;
}

/**
 * Opens (creating it if needed) the SQLite database.
 * @throws {@link StoreError} if the file cannot be opened.
 */
export async function openSqliteDatabase(
  config: StoreConfig,
  options: { readonly configDir: string; readonly prefix: string },
): Promise<SqlDatabase> {
  const path = sqlitePath(config, options.configDir);
  let handle: BetterSqlite3.Database;
  try {
    await mkdir(dirname(path), { recursive: true });
    handle = new SqliteDatabase(path, { timeout: BUSY_TIMEOUT_MS });
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
  } catch (err) {
    throw new StoreError(`cannot open the SQLite database "${path}"`, { cause: err });
  }
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database: handle }),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  const db: Db = new Kysely({ dialect });
  return {
    driver: 'sqlite',
    family: 'sqlite',
    db,
    prefix: options.prefix,
    tables: tableNames(options.prefix),
    description: `SQLite database "${path}"`,
    classifyError: classify,
    async tableExists(executor: Db, table: string): Promise<boolean> {
      const { rows } = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name = ${table}`.execute(executor);
      return rows.length > 0;
    },
    withSchemaLock: (fn) => db.transaction().execute(fn),
    destroy: () => db.destroy(),
  };
}
