/**
 * The one mapping from connection errors to SFTP status codes (documented in docs/sftp.md). Quota
 * errors are SSH_FX_FAILURE with SFTPGo's messages ("failure: denying write due to space limit", or
 * "failure: denying read due to quota limit" for the data transfer quota of downloads), which clients
 * and scripts written for SFTPGo look for: version 3 has no dedicated code.
 */
import {
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  ReadQuotaExceededError,
  UnsupportedError,
} from '../../common/connection/index.js';
import { StatusCode } from './constants.js';
import type { StatusCodeValue } from './constants.js';

/** How SFTPGo's SFTP server words a write refused by a disk quota (or `max_upload_file_size`). */
export const WRITE_QUOTA_MESSAGE = 'failure: denying write due to space limit';
/** How SFTPGo's SFTP server words a read refused by the data transfer quota. */
export const READ_QUOTA_MESSAGE = 'failure: denying read due to quota limit';

/** A status reply's code and message. */
export interface SftpStatus {
  readonly code: StatusCodeValue;
  readonly message: string;
}

/**
 * The status for an error thrown while serving a request. Messages of connection errors name only
 * virtual paths, so they are sent; exists, not empty, invalid path and failure are SSH_FX_FAILURE; any
 * other error (a bug) is sent as a bare "Failure".
 */
export function statusFromError(err: unknown): SftpStatus {
  if (!(err instanceof ConnectionError)) return { code: StatusCode.FAILURE, message: 'Failure' };
  if (err instanceof NotFoundError) return { code: StatusCode.NO_SUCH_FILE, message: err.message };
  if (err instanceof PermissionDeniedError)
    return { code: StatusCode.PERMISSION_DENIED, message: err.message };
  if (err instanceof UnsupportedError) return { code: StatusCode.OP_UNSUPPORTED, message: err.message };
  if (err instanceof ReadQuotaExceededError) {
    return { code: StatusCode.FAILURE, message: `${READ_QUOTA_MESSAGE}: ${err.message}` };
  }
  if (err instanceof QuotaExceededError) {
    return { code: StatusCode.FAILURE, message: `${WRITE_QUOTA_MESSAGE}: ${err.message}` };
  }
  return { code: StatusCode.FAILURE, message: err.message };
}
