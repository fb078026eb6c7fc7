/**
 * The public data provider: services that check (parse, validate, hash, verify references) over the
 * store that stores, with events after each committed change, dumps and restores.
 */
export type { AdminService } from './admin-service.js';
export type { AddedAPIKey, APIKeyService } from './api-key-service.js';
export { DUMP_VERSION, backupToJSON } from './backup-dump.js';
export type { RestoreMode, RestoreReport, ScanQuotaMode, SectionNames } from './backup-restore.js';
export type { DataProvider, DataProviderOptions, RestoreOptions } from './data-provider.js';
export { openDataProvider } from './data-provider.js';
export { DEFAULT_ADMIN_ENV } from './default-admin.js';
export { MAX_DUMP_FILE_BYTES, readDumpFile } from './dump-file.js';
export {
  DUMP_SECTIONS,
  InvalidCredentialsError,
  InvalidDumpError,
  ObjectConflictError,
  ObjectNotFoundError,
  ProviderClosedError,
  ProviderError,
  ProviderErrorCode,
  QuotaTrackingDisabledError,
} from './errors.js';
export type {
  DumpLocation,
  DumpSection,
  InvalidCredentialsReason,
  ProviderErrorCodeValue,
} from './errors.js';
export type {
  ActionContext,
  ProviderAction,
  ProviderEvent,
  ProviderEventListener,
  ProviderObjectType,
} from './events.js';
export { SYSTEM_CONTEXT, SYSTEM_EXECUTOR } from './events.js';
export type { FolderService } from './folder-service.js';
export type { GroupService } from './group-service.js';
export type { IPListService } from './ip-list-service.js';
export { groupToJSON, parseGroup } from './group-model.js';
export type { ListQuery } from './service-helpers.js';
export type { QuotaTracking } from './settings.js';
export type {
  QuotaSubject,
  QuotaUpdate,
  TransferQuotaSubject,
  TransferQuotaUpdate,
  UserService,
} from './user-service.js';
