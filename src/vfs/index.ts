// The storage layer's public surface: the Fs contract, its errors, virtual paths and the local backend.
export type {
  DirLister,
  Fs,
  FsAbortOptions,
  FsCapabilities,
  FsDirEntry,
  FsEntryKind,
  FsFileHandle,
  FsOpenFlags,
  FsStats,
  FsStatVfs,
} from './fs.js';
export {
  FsAbortedError,
  FsClosedError,
  FsCrossDeviceError,
  FsError,
  FsExistsError,
  FsInvalidArgumentError,
  FsInvalidPathError,
  FsIsDirectoryError,
  FsNoSpaceError,
  FsNotDirectoryError,
  FsNotEmptyError,
  FsNotFoundError,
  FsOutsideRootError,
  FsPermissionError,
  FsSymlinkLoopError,
  FsUnsupportedError,
  MAPPED_ERROR_CODES,
  describeOperation,
  throwIfAborted,
  toFsError,
} from './errors.js';
export type { FsErrorClass, FsErrorCode, FsErrorContext, FsErrorOptions, FsOperation } from './errors.js';
export {
  MAX_NAME_BYTES,
  MAX_VIRTUAL_PATH_BYTES,
  cleanVirtualPath,
  isVirtualPathWithin,
  virtualPathFromBytes,
  virtualPathFromNames,
  virtualPathNames,
} from './virtual-path.js';
export { LOCAL_FS_CAPABILITIES, LocalFs } from './local-fs.js';
export type { LocalFsOptions } from './local-fs.js';
