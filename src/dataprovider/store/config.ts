/**
 * The part of SFTPGo's `data_provider` configuration section that the storage layer reads, with
 * the same key names, so the loaded section can be passed as it is.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { StoreConfigError } from './errors.js';
import type { StoreDriverName } from './stores.js';
import { checkTablePrefix } from './tables.js';

/** The `data_provider` keys used to open a store. Other keys of the section are ignored. */
export interface StoreConfig {
  /** `sqlite` (default), `postgresql`, `cockroachdb`, `mysql` or `memory`. `bolt` is refused. */
  readonly driver?: string;
  /** SQLite: database file, relative to the config dir when not absolute. Others: database name. */
  readonly name?: string;
  /** Host name or address; for PostgreSQL an absolute path is a Unix socket directory, for MySQL a socket file. */
  readonly host?: string;
  /** 0 means the driver's default port. */
  readonly port?: number;
  readonly username?: string;
  readonly password?: string;
  /** Read the password from this file (relative to the config dir when not absolute). */
  readonly password_file?: string;
  /** PostgreSQL: 0 disable, 1 require, 2 verify-ca, 3 verify-full. MySQL: 0 disable, 1 require (verified), 2 skip-verify, 3 preferred. */
  readonly sslmode?: number;
  /** Accepted for compatibility; the Node clients always send SNI for host names. */
  readonly disable_sni?: boolean;
  /** PostgreSQL only: `any` or empty; other values need multiple hosts, which are not supported. */
  readonly target_session_attrs?: string;
  readonly root_cert?: string;
  readonly client_cert?: string;
  readonly client_key?: string;
  /** Used instead of the separate keys when not empty. */
  readonly connection_string?: string;
  /** Prefix of every table name. */
  readonly sql_tables_prefix?: string;
  /** Most open connections (PostgreSQL, MySQL); 0 means the client default (10). */
  readonly pool_size?: number;
}

/** Options of {@link openStore}. */
export interface OpenOptions {
  /** Base of relative paths (SQLite file, certificates, password file). */
  readonly configDir: string;
  /**
   * Create or upgrade the schema when needed (SFTPGo `update_mode` 0). When false (`update_mode`
   * 1), a missing or older schema is refused.
   */
  readonly migrate: boolean;
  /** Clock for created/updated times; defaults to `Date.now`. */
  readonly now?: () => number;
}

/** The drivers backed by SQL. */
export type SqlDriverName = Exclude<StoreDriverName, 'memory'>;

/** Default SQLite file name, as in SFTPGo. */
export const DEFAULT_SQLITE_NAME = 'sftpgo.db';

/**
 * Returns the driver to use.
 * @throws {@link StoreConfigError} for `bolt` and unknown drivers.
 */
export function resolveDriver(config: StoreConfig): StoreDriverName {
  const driver = config.driver === undefined || config.driver === '' ? 'sqlite' : config.driver;
  switch (driver) {
    case 'sqlite':
    case 'postgresql':
    case 'cockroachdb':
    case 'mysql':
    case 'memory':
      return driver;
    case 'bolt':
      throw new StoreConfigError(
        'data_provider.driver "bolt" is not available: bolt is a Go-only key/value store with no Node.js ' +
          'equivalent. Use "sqlite" (a single file, the default) instead; to move existing data, dump it ' +
          'with SFTPGo (sftpgo dumpdata or the REST API) and load the dump here.',
      );
    default:
      throw new StoreConfigError(
        `data_provider.driver ${JSON.stringify(driver)} is unknown; use sqlite, postgresql, cockroachdb, mysql or memory`,
      );
  }
}

/** A checked table prefix. @throws {@link StoreConfigError} */
export function resolvePrefix(config: StoreConfig): string {
  return checkTablePrefix(config.sql_tables_prefix);
}

/** Makes a configured path absolute against the config dir. */
export function resolveConfigPath(configDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(configDir, path);
}

/**
 * The password: read from `password_file` when set (trailing newline removed), else `password`.
 * @throws {@link StoreConfigError} if the file cannot be read.
 */
export async function resolvePassword(config: StoreConfig, configDir: string): Promise<string | undefined> {
  if (config.password_file) {
    const path = resolveConfigPath(configDir, config.password_file);
    try {
      return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
    } catch (err) {
      throw new StoreConfigError(`cannot read data_provider.password_file "${path}"`, { cause: err });
    }
  }
  return config.password === '' ? undefined : config.password;
}

/**
 * The `sslmode` value, checked.
 * @throws {@link StoreConfigError} if it is not 0 to 3.
 */
export function resolveSslMode(config: StoreConfig): 0 | 1 | 2 | 3 {
  const mode = config.sslmode ?? 0;
  if (mode === 0 || mode === 1 || mode === 2 || mode === 3) return mode;
  throw new StoreConfigError(`data_provider.sslmode ${String(mode)} is not supported; use 0, 1, 2 or 3`);
}

/**
 * The `pool_size` value, checked; undefined means the client default.
 * @throws {@link StoreConfigError} if negative or not an integer.
 */
export function resolvePoolSize(config: StoreConfig): number | undefined {
  const size = config.pool_size ?? 0;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new StoreConfigError(
      `data_provider.pool_size must be 0 or a positive integer, got ${String(size)}`,
    );
  }
  return size === 0 ? undefined : size;
}

/**
 * The port, checked; undefined means the driver default.
 * @throws {@link StoreConfigError} if out of range.
 */
export function resolvePort(config: StoreConfig): number | undefined {
  const port = config.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StoreConfigError(`data_provider.port must be between 0 and 65535, got ${String(port)}`);
  }
  return port === 0 ? undefined : port;
}
