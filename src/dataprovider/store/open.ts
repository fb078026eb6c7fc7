/**
 * Opening a store, and the schema commands behind `sftpgo initprovider`, `revertprovider` and
 * `resetprovider`.
 */
import type { OpenOptions, StoreConfig } from './config.js';
import { resolveDriver, resolvePrefix } from './config.js';
import { StoreConfigError } from './errors.js';
import { MemoryDataStore } from './memory/memory-data-store.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { checkSchema, dropSchema, migrateSchema, revertSchema } from './migrations/runner.js';
import type { SchemaChange } from './migrations/runner.js';
import { openSqlDatabase } from './sql/open-sql-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { SqlDataStore } from './sql/sql-data-store.js';
import type { DataStore, DocumentTypes, StoreDriverName } from './stores.js';

/** The result of a schema command. */
export interface ProviderSchemaChange extends SchemaChange {
  readonly driver: StoreDriverName;
}

/**
 * Opens the configured store. With `migrate`, the schema is created or upgraded first;
 * without, it must already be at this program's version.
 *
 * The document types `D` are not checked: they are what the caller promises to store.
 * @throws {@link StoreConfigError} for an unusable configuration (bolt, unknown driver, bad prefix, sslmode…).
 * @throws {@link StoreSchemaError} if the schema is newer than this program, is SFTPGo's (Go) own,
 * or (without `migrate`) is missing or older.
 * @throws {@link StoreError} if the database cannot be reached.
 */
export async function openStore<D extends DocumentTypes = DocumentTypes>(
  config: StoreConfig,
  options: OpenOptions,
): Promise<DataStore<D>> {
  const driver = resolveDriver(config);
  const now = options.now ?? Date.now;
  if (driver === 'memory') {
    resolvePrefix(config);
    return new MemoryDataStore<D>({ now });
  }
  const database = await openSqlDatabase(driver, config, options);
  try {
    if (options.migrate) await migrateSchema(database);
    else await checkSchema(database);
  } catch (err) {
    await database.destroy().catch(() => undefined);
    throw err;
  }
  return SqlDataStore.open<D>(database, now);
}

async function withDatabase(
  config: StoreConfig,
  options: Pick<OpenOptions, 'configDir'>,
  command: string,
  fn: (database: SqlDatabase) => Promise<SchemaChange>,
): Promise<ProviderSchemaChange> {
  const driver = resolveDriver(config);
  if (driver === 'memory') {
    throw new StoreConfigError(`${command} does nothing for the memory driver: it keeps no schema`);
  }
  const database = await openSqlDatabase(driver, config, options);
  try {
    return { driver, ...(await fn(database)) };
  } finally {
    await database.destroy();
  }
}

/**
 * Creates the schema, or upgrades it to this program's version (`sftpgo initprovider`). Running
 * it on an up-to-date schema changes nothing. For the memory driver it does nothing.
 * @throws the errors of {@link openStore}.
 */
export async function initProvider(
  config: StoreConfig,
  options: Pick<OpenOptions, 'configDir'>,
): Promise<ProviderSchemaChange> {
  const driver = resolveDriver(config);
  if (driver === 'memory') {
    resolvePrefix(config);
    return { driver, from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION };
  }
  return withDatabase(config, options, 'initprovider', migrateSchema);
}

/**
 * Reverts the schema to `toVersion`, by default one version back (`sftpgo revertprovider`), dropping
 * what the later versions added.
 * @throws {@link StoreSchemaError} if the schema is missing, newer than ours or not above `toVersion`,
 *   or if `toVersion` is below 1.
 * @throws {@link StoreConfigError} for the memory driver and unusable configurations.
 */
export async function revertProvider(
  config: StoreConfig,
  options: Pick<OpenOptions, 'configDir'> & { readonly toVersion?: number },
): Promise<ProviderSchemaChange> {
  return withDatabase(config, options, 'revertprovider', (database) =>
    revertSchema(database, options.toVersion),
  );
}

/**
 * Drops all the tables of this program, data included (`sftpgo resetprovider`).
 * @throws {@link StoreSchemaError} if the tables belong to SFTPGo (Go); they are left alone.
 * @throws {@link StoreConfigError} for the memory driver and unusable configurations.
 */
export async function resetProvider(
  config: StoreConfig,
  options: Pick<OpenOptions, 'configDir'>,
): Promise<ProviderSchemaChange> {
  return withDatabase(config, options, 'resetprovider', dropSchema);
}
