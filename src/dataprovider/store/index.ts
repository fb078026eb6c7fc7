/**
 * The data provider's storage layer: one store per kind of object over SQLite (default),
 * PostgreSQL/CockroachDB, MySQL/MariaDB or memory, with schema migrations.
 */
export type { OpenOptions, StoreConfig } from './config.js';
export { DEFAULT_SQLITE_NAME } from './config.js';
export {
  StoreConfigError,
  StoreConflictError,
  StoreError,
  StoreErrorCode,
  StoreInvalidArgumentError,
  StoreNotFoundError,
  StoreSchemaError,
} from './errors.js';
export type { StoreErrorCodeValue } from './errors.js';
export {
  MAX_API_KEY_ID_LENGTH,
  MAX_DOCUMENT_LENGTH,
  MAX_IP_LENGTH,
  MAX_LIST_LIMIT,
  MAX_MAPPINGS,
  MAX_NAME_LENGTH,
  MAX_SHARE_ID_LENGTH,
  MAX_VIRTUAL_PATH_LENGTH,
} from './limits.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
export type { SchemaChange } from './migrations/runner.js';
export { initProvider, openStore, resetProvider, revertProvider } from './open.js';
export type { ProviderSchemaChange } from './open.js';
export type * from './records.js';
export type * from './stores.js';
export { MAX_TABLE_PREFIX_LENGTH } from './tables.js';
