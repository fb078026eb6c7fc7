/**
 * The data provider's public surface: open it with `openDataProvider` and use its services; the
 * models' types and parsers, and the schema commands (`initprovider`, `revertprovider`,
 * `resetprovider`), are here too so that callers need no deeper import.
 */
export * from './provider/index.js';
export * from './models/index.js';
export { SECRET_STATUSES } from '../kms/secret.js';
export type { SecretStatus } from '../kms/secret.js';
export {
  LATEST_SCHEMA_VERSION,
  MAX_LIST_LIMIT,
  StoreConfigError,
  StoreConflictError,
  StoreError,
  StoreErrorCode,
  StoreInvalidArgumentError,
  StoreNotFoundError,
  StoreSchemaError,
  initProvider,
  resetProvider,
  revertProvider,
} from './store/index.js';
export type { ProviderSchemaChange, StoreDriverName, StoreErrorCodeValue } from './store/index.js';
export type { DefenderHost, DefenderStore } from './store/index.js';
export { isHashedPassword } from './password/index.js';
