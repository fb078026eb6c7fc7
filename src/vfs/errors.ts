import { errorMessage } from '../util/error-message.js';
/**
 * The errors every storage backend throws. Code above `src/vfs/` tells failures apart by class (or by the
 * stable `code`), never by an operating system errno or a cloud SDK's error names: a backend converts
 * those with {@link toFsError} (local disk) or its own equivalent.
 *
 * Two classes refine a broader one so that a caller which only knows the broad class still does the
 * right thing: {@link FsOutsideRootError} is a {@link FsPermissionError}, and {@link FsCrossDeviceError}
 * is a {@link FsUnsupportedError}.
 */

/** Stable codes carried by {@link FsError} and its subclasses. */
export type FsErrorCode =
  /** Anything the other codes do not describe (an I/O error, a busy resource...). */
  | 'FS_FAILURE'
  | 'FS_NOT_FOUND'
  | 'FS_PERMISSION'
  | 'FS_EXISTS'
  | 'FS_NOT_DIRECTORY'
  | 'FS_IS_DIRECTORY'
  | 'FS_NOT_EMPTY'
  | 'FS_UNSUPPORTED'
  | 'FS_CROSS_DEVICE'
  | 'FS_OUTSIDE_ROOT'
  | 'FS_INVALID_PATH'
  | 'FS_SYMLINK_LOOP'
  | 'FS_NO_SPACE'
  | 'FS_INVALID_ARGUMENT'
  | 'FS_ABORTED'
  | 'FS_CLOSED';

/**
 * The operations of an `Fs`, named in errors so that logs say what was attempted. `clean` is the
 * checking of a path before any operation; `root` is the setting up of a backend's root, and its
 * errors carry the host path of the root (configuration, not client input) as `virtualPath`.
 */
export type FsOperation =
  | 'clean'
  | 'stat'
  | 'lstat'
  | 'open'
  | 'read'
  | 'write'
  | 'close'
  | 'sync'
  | 'readdir'
  | 'mkdir'
  | 'rename'
  | 'remove'
  | 'rmdir'
  | 'symlink'
  | 'link'
  | 'readlink'
  | 'chmod'
  | 'chown'
  | 'chtimes'
  | 'truncate'
  | 'statvfs'
  | 'realpath'
  | 'copy'
  | 'root';

/** What an {@link FsError} records besides its message. */
export interface FsErrorOptions {
  /** The error this one replaces (a Node `SystemError`, an SDK error...). */
  readonly cause?: unknown;
  readonly op?: FsOperation;
  /** The virtual path the operation was given (the source, for two-path operations). */
  readonly virtualPath?: string;
  /** The second virtual path of a rename, copy or symlink. */
  readonly targetVirtualPath?: string;
}

/**
 * Base class of every storage error. Used directly (code `FS_FAILURE`) for failures that fit no
 * subclass. Messages name virtual paths only; the host path, when there is one, is in `cause`.
 */
export class FsError extends Error {
  override readonly name: string = 'FsError';
  readonly code: FsErrorCode = 'FS_FAILURE';
  readonly op?: FsOperation;
  readonly virtualPath?: string;
  readonly targetVirtualPath?: string;

  constructor(message: string, options: FsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.op = options.op;
    this.virtualPath = options.virtualPath;
    this.targetVirtualPath = options.targetVirtualPath;
  }
}

/** The path, or one of its parent directories, does not exist. */
export class FsNotFoundError extends FsError {
  override readonly name: string = 'FsNotFoundError';
  override readonly code: FsErrorCode = 'FS_NOT_FOUND';
}

/** The operating system (or the storage service) refused the operation. */
export class FsPermissionError extends FsError {
  override readonly name: string = 'FsPermissionError';
  override readonly code: FsErrorCode = 'FS_PERMISSION';
}

/**
 * The path would lead outside the backend's root: a symbolic link points out of it, or a link's target
 * would. A kind of {@link FsPermissionError}.
 */
export class FsOutsideRootError extends FsPermissionError {
  override readonly name: string = 'FsOutsideRootError';
  override readonly code: FsErrorCode = 'FS_OUTSIDE_ROOT';
}

/** Something already exists where the operation wanted to create something. */
export class FsExistsError extends FsError {
  override readonly name: string = 'FsExistsError';
  override readonly code: FsErrorCode = 'FS_EXISTS';
}

/** A directory was expected (a parent in the path, or the argument of `readdir`/`rmdir`). */
export class FsNotDirectoryError extends FsError {
  override readonly name: string = 'FsNotDirectoryError';
  override readonly code: FsErrorCode = 'FS_NOT_DIRECTORY';
}

/** The path names a directory where a file was expected (`open`, `remove`, `truncate`...). */
export class FsIsDirectoryError extends FsError {
  override readonly name: string = 'FsIsDirectoryError';
  override readonly code: FsErrorCode = 'FS_IS_DIRECTORY';
}

/** `rmdir` (or a rename over a directory) met a directory that still has entries. */
export class FsNotEmptyError extends FsError {
  override readonly name: string = 'FsNotEmptyError';
  override readonly code: FsErrorCode = 'FS_NOT_EMPTY';
}

/** The backend cannot do this at all (see its capability flags), or not for this kind of file. */
export class FsUnsupportedError extends FsError {
  override readonly name: string = 'FsUnsupportedError';
  override readonly code: FsErrorCode = 'FS_UNSUPPORTED';
}

/** A rename would move data between two filesystems. A kind of {@link FsUnsupportedError}. */
export class FsCrossDeviceError extends FsUnsupportedError {
  override readonly name: string = 'FsCrossDeviceError';
  override readonly code: FsErrorCode = 'FS_CROSS_DEVICE';
}

/** The path is malformed: a NUL byte, invalid UTF-8, a name or whole path too long. */
export class FsInvalidPathError extends FsError {
  override readonly name: string = 'FsInvalidPathError';
  override readonly code: FsErrorCode = 'FS_INVALID_PATH';
}

/** Too many symbolic links while resolving a path (a loop, or a chain longer than the limit). */
export class FsSymlinkLoopError extends FsError {
  override readonly name: string = 'FsSymlinkLoopError';
  override readonly code: FsErrorCode = 'FS_SYMLINK_LOOP';
}

/** The disk (or the host's per-user disk quota) is full. The server's own quotas are not this. */
export class FsNoSpaceError extends FsError {
  override readonly name: string = 'FsNoSpaceError';
  override readonly code: FsErrorCode = 'FS_NO_SPACE';
}

/**
 * An argument is out of range or does not fit the target: open flags that contradict each other, a
 * negative size, a directory renamed into itself, `readlink` on something that is not a link.
 */
export class FsInvalidArgumentError extends FsError {
  override readonly name: string = 'FsInvalidArgumentError';
  override readonly code: FsErrorCode = 'FS_INVALID_ARGUMENT';
}

/** The caller's `AbortSignal` fired; the operation stopped part way. */
export class FsAbortedError extends FsError {
  override readonly name: string = 'FsAbortedError';
  override readonly code: FsErrorCode = 'FS_ABORTED';
}

/** A file handle or directory lister was used after `close()`. */
export class FsClosedError extends FsError {
  override readonly name: string = 'FsClosedError';
  override readonly code: FsErrorCode = 'FS_CLOSED';
}

/** The constructor of an {@link FsError} class. */
export type FsErrorClass = new (message: string, options?: FsErrorOptions) => FsError;

interface ErrnoMapping {
  readonly errorClass: FsErrorClass;
  /** Words for the message, after the operation and path. */
  readonly reason: string;
}

// Node reports errno names in `code`; its own argument checks use ERR_* codes.
const ERRNO_MAP: Readonly<Record<string, ErrnoMapping>> = {
  ENOENT: { errorClass: FsNotFoundError, reason: 'no such file or directory' },
  EACCES: { errorClass: FsPermissionError, reason: 'permission denied' },
  EPERM: { errorClass: FsPermissionError, reason: 'operation not permitted' },
  EROFS: { errorClass: FsPermissionError, reason: 'read-only file system' },
  EEXIST: { errorClass: FsExistsError, reason: 'already exists' },
  ENOTDIR: { errorClass: FsNotDirectoryError, reason: 'not a directory' },
  EISDIR: { errorClass: FsIsDirectoryError, reason: 'is a directory' },
  ENOTEMPTY: { errorClass: FsNotEmptyError, reason: 'directory not empty' },
  ELOOP: { errorClass: FsSymlinkLoopError, reason: 'too many levels of symbolic links' },
  ENAMETOOLONG: { errorClass: FsInvalidPathError, reason: 'file name too long' },
  EILSEQ: { errorClass: FsInvalidPathError, reason: 'invalid byte sequence in file name' },
  EXDEV: { errorClass: FsCrossDeviceError, reason: 'cross-device link' },
  ENOTSUP: { errorClass: FsUnsupportedError, reason: 'operation not supported' },
  EOPNOTSUPP: { errorClass: FsUnsupportedError, reason: 'operation not supported' },
  ENOSYS: { errorClass: FsUnsupportedError, reason: 'function not implemented' },
  ENXIO: { errorClass: FsUnsupportedError, reason: 'no such device or address' },
  ENOSPC: { errorClass: FsNoSpaceError, reason: 'no space left on device' },
  EDQUOT: { errorClass: FsNoSpaceError, reason: 'disk quota exceeded' },
  EFBIG: { errorClass: FsNoSpaceError, reason: 'file too large' },
  EINVAL: { errorClass: FsInvalidArgumentError, reason: 'invalid argument' },
  EBADF: { errorClass: FsClosedError, reason: 'bad file descriptor' },
  ERR_OUT_OF_RANGE: { errorClass: FsInvalidArgumentError, reason: 'argument out of range' },
  ERR_INVALID_ARG_TYPE: { errorClass: FsInvalidArgumentError, reason: 'invalid argument type' },
  ERR_INVALID_ARG_VALUE: { errorClass: FsInvalidArgumentError, reason: 'invalid argument value' },
  ERR_DIR_CLOSED: { errorClass: FsClosedError, reason: 'directory handle closed' },
  ABORT_ERR: { errorClass: FsAbortedError, reason: 'aborted' },
};

/** The error codes {@link toFsError} recognises, for tests and documentation. */
export const MAPPED_ERROR_CODES: readonly string[] = Object.keys(ERRNO_MAP);

/** Where an error happened, for {@link toFsError}'s message and fields. */
export interface FsErrorContext {
  readonly op: FsOperation;
  readonly virtualPath?: string;
  readonly targetVirtualPath?: string;
}

/** The text naming the operation and its paths in messages: `rename "/a" -> "/b"`. */
export function describeOperation(context: FsErrorContext): string {
  let text: string = context.op;
  if (context.virtualPath !== undefined) text += ` ${JSON.stringify(context.virtualPath)}`;
  if (context.targetVirtualPath !== undefined) text += ` -> ${JSON.stringify(context.targetVirtualPath)}`;
  return text;
}

/**
 * The one place where a local-disk failure becomes a storage error: an `FsError` passes through
 * unchanged; a Node error is classified by its `code` (`ENOENT`, `EACCES`, `EXDEV`, `ERR_OUT_OF_RANGE`...);
 * anything else becomes a plain {@link FsError}. The original error is kept as `cause`.
 */
export function toFsError(err: unknown, context: FsErrorContext): FsError {
  if (err instanceof FsError) return err;
  const errno =
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
      ? (err as { code: string }).code
      : undefined;
  const mapping = errno === undefined ? undefined : ERRNO_MAP[errno];
  const options: FsErrorOptions = { ...context, cause: err };
  if (mapping !== undefined) {
    return new mapping.errorClass(`${describeOperation(context)}: ${mapping.reason}`, options);
  }
  const detail = errno ?? errorMessage(err);
  return new FsError(`${describeOperation(context)} failed: ${detail}`, options);
}

/**
 * Throws when the caller's signal has fired.
 * @throws {FsAbortedError} with the signal's reason as `cause`.
 */
export function throwIfAborted(signal: AbortSignal | undefined, context: FsErrorContext): void {
  if (signal?.aborted) {
    throw new FsAbortedError(`${describeOperation(context)}: aborted`, { ...context, cause: signal.reason });
  }
}
