/**
 * Applies, checks and reverts schema versions, recording the current one in `schema_version`.
 */
import { StoreSchemaError } from '../errors.js';
import type { Db, SqlDatabase } from '../sql/sql-database.js';
import { FOREIGN_SCHEMA_MARKERS, TABLES } from '../tables.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './index.js';
import { dropTables } from './migration.js';

/** A schema version change: `from` is the version found, `to` the version left. */
export interface SchemaChange {
  readonly from: number;
  readonly to: number;
}

const GO_SCHEMA_HELP =
  'it looks like a database of SFTPGo itself (the Go program), which this program cannot use in place: ' +
  'export the data with SFTPGo (sftpgo dumpdata or the REST API) and load the dump here, using another ' +
  'database or another data_provider.sql_tables_prefix';

async function refuseForeignSchema(database: SqlDatabase, db: Db): Promise<void> {
  for (const marker of FOREIGN_SCHEMA_MARKERS) {
    if (await database.tableExists(db, `${database.prefix}${marker}`)) {
      throw new StoreSchemaError(
        `the ${database.description} has a table "${database.prefix}${marker}": ${GO_SCHEMA_HELP}`,
      );
    }
  }
}

/** The recorded schema version, 0 when there is none. */
export async function readSchemaVersion(database: SqlDatabase, db: Db = database.db): Promise<number> {
  const table = database.tables.schema_version;
  if (!(await database.tableExists(db, table))) return 0;
  const row = await db.selectFrom(table).select('version').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** Records the schema version (tests use it to simulate a newer program's database). */
export async function writeSchemaVersion(database: SqlDatabase, db: Db, version: number): Promise<void> {
  const table = database.tables.schema_version;
  const result = await db.updateTable(table).set({ version }).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    await db.insertInto(table).values({ version }).execute();
  }
}

function newerError(database: SqlDatabase, found: number): StoreSchemaError {
  return new StoreSchemaError(
    `the ${database.description} has schema version ${found}, newer than the version ${LATEST_SCHEMA_VERSION} ` +
      `this program knows: use the program that upgraded it, or revert the schema with that program first. ` +
      `If no version of this program wrote it, ${GO_SCHEMA_HELP}`,
  );
}

async function ensureVersionTable(database: SqlDatabase, db: Db): Promise<void> {
  await db.schema
    .createTable(database.tables.schema_version)
    .ifNotExists()
    .addColumn('id', database.family === 'postgres' ? 'serial' : 'integer', (c) =>
      database.family === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

/**
 * Creates the schema or upgrades it to the latest version, one process at a time.
 * @throws {@link StoreSchemaError} if the schema is newer than ours or belongs to SFTPGo (Go).
 */
export async function migrateSchema(database: SqlDatabase): Promise<SchemaChange> {
  return database.withSchemaLock(async (db) => {
    await refuseForeignSchema(database, db);
    const from = await readSchemaVersion(database, db);
    if (from > LATEST_SCHEMA_VERSION) throw newerError(database, from);
    if (from === LATEST_SCHEMA_VERSION) return { from, to: from };
    await ensureVersionTable(database, db);
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      await migration.up(db, database);
      await writeSchemaVersion(database, db, migration.version);
    }
    return { from, to: LATEST_SCHEMA_VERSION };
  });
}

/**
 * Checks, without changing anything, that the schema is exactly the latest version.
 * @throws {@link StoreSchemaError} naming what to do when it is missing, older or newer.
 */
export async function checkSchema(database: SqlDatabase): Promise<void> {
  const found = await readSchemaVersion(database);
  if (found === LATEST_SCHEMA_VERSION) return;
  if (found > LATEST_SCHEMA_VERSION) throw newerError(database, found);
  await refuseForeignSchema(database, database.db);
  throw new StoreSchemaError(
    found === 0
      ? `the ${database.description} is not initialised: run "sftpgo initprovider" or set data_provider.update_mode to 0`
      : `the ${database.description} has schema version ${found}, older than version ${LATEST_SCHEMA_VERSION}: ` +
          'run "sftpgo initprovider" to upgrade it, or set data_provider.update_mode to 0',
  );
}

/**
 * Reverts the schema to `toVersion` (default: one version back), running each version's down step,
 * newest first, in one schema lock.
 * @throws {@link StoreSchemaError} if the schema is not initialised, is newer than ours, or is not above
 * `toVersion`, or if `toVersion` is below 1 (use reset instead).
 */
export async function revertSchema(database: SqlDatabase, toVersion?: number): Promise<SchemaChange> {
  return database.withSchemaLock(async (db) => {
    const from = await readSchemaVersion(database, db);
    if (from > LATEST_SCHEMA_VERSION) throw newerError(database, from);
    if (from === 0)
      throw new StoreSchemaError(`the ${database.description} is not initialised: nothing to revert`);
    const target = toVersion ?? from - 1;
    if (target < 1) {
      throw new StoreSchemaError(
        `the ${database.description} cannot go below schema version 1, the first one: use "sftpgo resetprovider" to remove it`,
      );
    }
    if (target >= from) {
      throw new StoreSchemaError(
        `the ${database.description} is at schema version ${from}: nothing to revert to version ${target}`,
      );
    }
    for (let version = from; version > target; version--) {
      const migration = MIGRATIONS.find((m) => m.version === version);
      if (!migration) throw new StoreSchemaError(`no migration is known for schema version ${version}`);
      await migration.down(db, database);
      await writeSchemaVersion(database, db, version - 1);
    }
    return { from, to: target };
  });
}

/**
 * Drops every table of ours (those that exist), including `schema_version`.
 * @throws {@link StoreSchemaError} if the tables belong to SFTPGo (Go), or the schema is newer
 * than ours (its tables may not be ours): they are left alone.
 */
export async function dropSchema(database: SqlDatabase): Promise<SchemaChange> {
  return database.withSchemaLock(async (db) => {
    await refuseForeignSchema(database, db);
    const from = await readSchemaVersion(database, db);
    if (from > LATEST_SCHEMA_VERSION) throw newerError(database, from);
    await dropTables(db, database, TABLES);
    return { from, to: 0 };
  });
}
