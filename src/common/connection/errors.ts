/**
 * The errors every `Connection` method throws. They belong to no protocol: each front end maps them to
 * its own status codes in one function, by class or by the stable `code`. This file is also the one
 * place where storage errors and rule denials become connection errors.
 */
import {
  FsError,
  FsExistsError,
  FsInvalidPathError,
  FsNotEmptyError,
  FsNotFoundError,
  FsPermissionError,
  FsUnsupportedError,
  FsCrossDeviceError,
} from '../../vfs/index.js';
import type { Denied } from '../rules/index.js';
import { ActionDeniedError } from '../actions/fs-action-event.js';
import { errorMessage } from '../../util/error-message.js';

/** Stable codes of {@link ConnectionError} and its subclasses. */
export type ConnectionErrorCode =
  | 'CONN_FAILURE'
  | 'CONN_PERMISSION_DENIED'
  | 'CONN_NOT_FOUND'
  | 'CONN_QUOTA_EXCEEDED'
  | 'CONN_UNSUPPORTED'
  | 'CONN_EXISTS'
  | 'CONN_NOT_EMPTY'
  | 'CONN_INVALID_PATH';

/** Options of every connection error. */
export interface ConnectionErrorOptions {
  readonly cause?: unknown;
  /** The client-side path the error is about, when there is one. */
  readonly virtualPath?: string;
}

/**
 * Base class of the connection errors; used directly only through {@link FailureError}. Messages are for
 * logs: they name virtual paths, never host paths (those stay in `cause`).
 */
export abstract class ConnectionError extends Error {
  abstract readonly code: ConnectionErrorCode;
  readonly virtualPath: string | undefined;
  constructor(message: string, options: ConnectionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.virtualPath = options.virtualPath;
  }
}

/** Anything the other classes do not describe: an I/O error, a directory where a file was expected... */
export class FailureError extends ConnectionError {
  readonly code = 'CONN_FAILURE';
}
/** The user may not do this (permissions, file patterns, a denying pre-action, the storage refused). */
export class PermissionDeniedError extends ConnectionError {
  readonly code = 'CONN_PERMISSION_DENIED';
}
/** Nothing is at the path, or a hidden name must look absent. */
export class NotFoundError extends ConnectionError {
  readonly code = 'CONN_NOT_FOUND';
}
/** A disk quota, `max_upload_file_size` or a data transfer quota does not allow the operation. */
export class QuotaExceededError extends ConnectionError {
  readonly code = 'CONN_QUOTA_EXCEEDED';
}
/**
 * A {@link QuotaExceededError} met while reading: the data transfer quota allows no more downloads.
 * Front ends that tell reads from writes (SFTPGo's SFTP messages do) check this class.
 */
export class ReadQuotaExceededError extends QuotaExceededError {}
/** The operation cannot be done here (storage capability, virtual folder layout, unsupported provider). */
export class UnsupportedError extends ConnectionError {
  readonly code = 'CONN_UNSUPPORTED';
}
/** Something already exists at the path (exclusive create, mkdir). */
export class ExistsError extends ConnectionError {
  readonly code = 'CONN_EXISTS';
}
/** The directory still has entries. */
export class NotEmptyError extends ConnectionError {
  readonly code = 'CONN_NOT_EMPTY';
}
/** The path is malformed (NUL, invalid Unicode, too long). */
export class InvalidPathError extends ConnectionError {
  readonly code = 'CONN_INVALID_PATH';
}

/** Maps a storage error to a connection error (`virtualPath` is the client's path it concerns). */
export function connectionErrorFromFs(err: FsError, virtualPath?: string): ConnectionError {
  const options = { cause: err, virtualPath };
  const message = virtualPath === undefined ? err.message : `${JSON.stringify(virtualPath)}: ${err.message}`;
  if (err instanceof FsNotFoundError) return new NotFoundError(message, options);
  if (err instanceof FsPermissionError) return new PermissionDeniedError(message, options);
  if (err instanceof FsCrossDeviceError) return new UnsupportedError(message, options);
  if (err instanceof FsUnsupportedError) return new UnsupportedError(message, options);
  if (err instanceof FsExistsError) return new ExistsError(message, options);
  if (err instanceof FsNotEmptyError) return new NotEmptyError(message, options);
  if (err instanceof FsInvalidPathError) return new InvalidPathError(message, options);
  return new FailureError(message, options);
}

/** Maps a rule denial to a connection error. */
export function connectionErrorFromDecision(decision: Denied): ConnectionError {
  const options = { virtualPath: decision.path };
  switch (decision.error) {
    case 'not-found':
      return new NotFoundError(decision.message, options);
    case 'unsupported':
      return new UnsupportedError(decision.message, options);
    default:
      return new PermissionDeniedError(decision.message, options);
  }
}

/**
 * Any error to a connection error: connection errors pass through, storage errors and denying actions
 * are mapped, anything else becomes a {@link FailureError} keeping it as `cause`.
 */
export function toConnectionError(err: unknown, virtualPath?: string): ConnectionError {
  if (err instanceof ConnectionError) return err;
  if (err instanceof FsError) return connectionErrorFromFs(err, virtualPath);
  if (err instanceof ActionDeniedError) {
    return new PermissionDeniedError(`denied by an action: ${err.message}`, { cause: err, virtualPath });
  }
  const text = errorMessage(err);
  return new FailureError(text, { cause: err, virtualPath });
}
