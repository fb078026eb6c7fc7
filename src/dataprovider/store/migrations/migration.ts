/**
 * What a schema version is, and the column types and table shapes every version uses, written
 * once for the three SQL dialects.
 */
import { sql } from 'kysely';
import type { ColumnDataType, Expression } from 'kysely';
import type { AnyCreateTable, Db, SqlFamily } from '../sql/sql-database.js';
import type { TableName, TableNames } from '../tables.js';

/** A column type: a name kysely knows, or raw SQL. */
export type ColumnType = ColumnDataType | Expression<unknown>;

/** What a migration step needs to know about the database. */
export interface SchemaTarget {
  readonly family: SqlFamily;
  readonly tables: TableNames;
}

/** One schema version: `up` goes from the previous version to this one, `down` goes back. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Db, target: SchemaTarget): Promise<void>;
  down(db: Db, target: SchemaTarget): Promise<void>;
}

/**
 * A unique name column, compared and sorted by bytes on every database: PostgreSQL gets the "C"
 * collation, MySQL tables default to utf8mb4_bin, SQLite compares bytes already.
 */
export function keyType(target: SchemaTarget, length: number): ColumnType {
  return target.family === 'postgres'
    ? sql`varchar(${sql.raw(String(length))}) collate "C"`
    : `varchar(${length})`;
}

/** The JSON document column: MySQL's `text` stops at 64 KiB. */
export function documentType(target: SchemaTarget): ColumnType {
  return target.family === 'mysql' ? sql`longtext` : 'text';
}

/**
 * Starts a table with its auto-increment `id` primary key (64-bit when `big`). On MySQL the
 * table is InnoDB in utf8mb4 with binary collation, so names are case and accent sensitive as
 * elsewhere.
 */
export function createTable(
  db: Db,
  target: SchemaTarget,
  table: TableName,
  options: { readonly big?: boolean } = {},
): AnyCreateTable {
  let builder = db.schema.createTable(target.tables[table]);
  if (target.family === 'postgres') {
    builder = builder.addColumn('id', options.big ? 'bigserial' : 'serial', (c) => c.primaryKey());
  } else {
    const type = target.family === 'sqlite' || !options.big ? 'integer' : 'bigint';
    builder = builder.addColumn('id', type, (c) => c.primaryKey().autoIncrement());
  }
  if (target.family === 'mysql') {
    builder = builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
  }
  return builder;
}

/** Adds `created_at` and `updated_at` (ms epoch). */
export function withTimestamps(builder: AnyCreateTable): AnyCreateTable {
  return builder
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
}

/** Adds bigint counter columns that start at 0. */
export function withCounters(builder: AnyCreateTable, columns: readonly string[]): AnyCreateTable {
  return columns.reduce(
    (b, column) => b.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0)),
    builder,
  );
}

/** Creates a plain document table: id, unique name, document, timestamps. */
export async function createDocumentTable(db: Db, target: SchemaTarget, table: TableName): Promise<void> {
  await withTimestamps(
    createTable(db, target, table)
      .addColumn('name', keyType(target, 255), (c) => c.notNull().unique())
      .addColumn('data', documentType(target), (c) => c.notNull()),
  ).execute();
}

/** Creates an index named after its table, so that the name carries the prefix too. */
export async function createIndex(
  db: Db,
  target: SchemaTarget,
  table: TableName,
  columns: readonly string[],
): Promise<void> {
  const name = `${target.tables[table]}_${columns.join('_')}_idx`;
  await db.schema
    .createIndex(name)
    .on(target.tables[table])
    .columns([...columns])
    .execute();
}

/** A foreign key constraint name, unique per database because it carries the prefixed table name. */
export function fkName(target: SchemaTarget, table: TableName, column: string): string {
  return `${target.tables[table]}_${column}_fk`;
}

/** Drops tables if they exist, in the given order. */
export async function dropTables(db: Db, target: SchemaTarget, tables: readonly TableName[]): Promise<void> {
  for (const table of tables) {
    let builder = db.schema.dropTable(target.tables[table]).ifExists();
    if (target.family === 'postgres') builder = builder.cascade();
    await builder.execute();
  }
}
