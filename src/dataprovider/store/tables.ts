/**
 * The logical table names and their real names once the configured prefix is added.
 */
import { StoreConfigError } from './errors.js';

/** Every table this program creates, children before parents (the order to drop them in). */
export const TABLES = [
  'defender_events',
  'defender_hosts',
  'event_rules',
  'event_actions',
  'ip_lists',
  'users_folders_mapping',
  'users_groups_mapping',
  'groups_folders_mapping',
  'api_keys',
  'shares',
  'users',
  'folders',
  'groups',
  'admins',
  'roles',
  'schema_version',
] as const;

/** A logical table name. */
export type TableName = (typeof TABLES)[number];

/** Real table names, by logical name. */
export type TableNames = { readonly [K in TableName]: string };

/**
 * The longest accepted `sql_tables_prefix`. Index names are built as prefix + table + suffix and
 * must stay within PostgreSQL's 63 and MySQL's 64 character identifier limits.
 */
export const MAX_TABLE_PREFIX_LENGTH = 20;

/**
 * Checks `sql_tables_prefix`: letters, digits and underscores only, so it can be used in
 * identifiers without quoting surprises on any database.
 * @throws {@link StoreConfigError} when it does not fit.
 */
export function checkTablePrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === null) return '';
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_]*$/.test(prefix)) {
    throw new StoreConfigError(
      `data_provider.sql_tables_prefix ${JSON.stringify(prefix)} may only contain letters, digits and underscores`,
    );
  }
  if (prefix.length > MAX_TABLE_PREFIX_LENGTH) {
    throw new StoreConfigError(
      `data_provider.sql_tables_prefix "${prefix}" is ${prefix.length} characters long, the maximum is ${MAX_TABLE_PREFIX_LENGTH}`,
    );
  }
  return prefix;
}

/** The real names of all tables for a (checked) prefix. */
export function tableNames(prefix: string): TableNames {
  return Object.fromEntries(TABLES.map((t) => [t, `${prefix}${t}`])) as unknown as TableNames;
}

/**
 * Tables found in databases of SFTPGo itself (the Go program) under names this program never uses
 * (ours are `event_actions` and `event_rules`; `folders_mapping` is SFTPGo's older name for user
 * folder mappings). Finding one means the configured database and prefix hold SFTPGo's schema,
 * which must not be touched. SFTPGo schemas without them are caught by their version number,
 * far above ours.
 */
export const FOREIGN_SCHEMA_MARKERS = ['events_rules', 'events_actions', 'folders_mapping'] as const;
