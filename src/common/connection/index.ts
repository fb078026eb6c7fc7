/** The protocol-independent session every front end drives: `Connection`, its errors and settings. */
export type {
  ConnectionOptions,
  HashAlgorithm,
  OpenForWriteOptions,
  SetstatAttributes,
  SshCommandDone,
  SystemCommandScope,
} from './connection.js';
export { Connection } from './connection.js';
export type { ConnectionDirLister } from './dir-lister.js';
export type { ConnectionErrorCode, ConnectionErrorOptions } from './errors.js';
export {
  ConnectionError,
  ExistsError,
  FailureError,
  InvalidPathError,
  NotEmptyError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  ReadQuotaExceededError,
  UnsupportedError,
  connectionErrorFromDecision,
  connectionErrorFromFs,
  toConnectionError,
} from './errors.js';
export type { ResolvedPath } from './fs-resolver.js';
export { FsResolver } from './fs-resolver.js';
export type { ConnectionSettings, UploadStrategy } from './settings.js';
export {
  DEFAULT_LIST_PAGE,
  DEFAULT_MAX_IO_SIZE,
  connectionSettingsFromConfig,
  parseUmask,
  uploadStrategy,
} from './settings.js';
export { MAX_TREE_DEPTH, tooDeep } from './tree.js';
