/** Short texts for the errors shown to SCP and SSH command clients (details stay in the logs). */
import { ConnectionError } from '../../common/connection/index.js';
import { errorMessage } from '../../util/error-message.js';

const TEXTS: Readonly<Record<string, string>> = {
  CONN_PERMISSION_DENIED: 'permission denied',
  CONN_NOT_FOUND: 'no such file or directory',
  CONN_QUOTA_EXCEEDED: 'quota exceeded',
  CONN_UNSUPPORTED: 'operation unsupported',
  CONN_EXISTS: 'file exists',
  CONN_NOT_EMPTY: 'directory not empty',
  CONN_INVALID_PATH: 'invalid path',
};

/**
 * What to tell a client about `err`: a fixed text for connection errors that have one, else the
 * error's message (a failure's message names virtual paths only).
 */
export function clientErrorText(err: unknown): string {
  if (err instanceof ConnectionError) return TEXTS[err.code] ?? err.message;
  return errorMessage(err);
}
