/**
 * Errors crossing the IPC channel. Structured clone keeps only `name` and `message` of an Error, and
 * the login code decides on classes (`instanceof ConnectionLimitError`), so the errors the shared state
 * throws are carried with their fields and rebuilt with their class on the other side.
 */
import { ConnectionDeniedError } from '../guards/errors.js';
import type { ConnectionDeniedReason } from '../guards/errors.js';
import { RateLimitedError } from '../rate-limit/errors.js';
import { ConnectionIdError, ConnectionLimitError, TooManySessionsError } from '../registry/errors.js';
import type { ConnectionLimitReason } from '../registry/errors.js';
import { IpcRemoteError } from './errors.js';

/** An error as it travels. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** The class's own fields (reason, username...), as plain values. */
  readonly fields: Readonly<Record<string, string | number>>;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof ConnectionLimitError || err instanceof ConnectionDeniedError)
    return { name: err.name, message: err.message, fields: { reason: err.reason } };
  if (err instanceof TooManySessionsError)
    return {
      name: err.name,
      message: err.message,
      fields: { username: err.username, active: err.active, maxSessions: err.maxSessions },
    };
  if (err instanceof ConnectionIdError)
    return { name: err.name, message: err.message, fields: { connectionId: err.connectionId } };
  if (err instanceof RateLimitedError)
    return { name: err.name, message: err.message, fields: { delayMs: err.delayMs } };
  if (err instanceof Error) return { name: err.name, message: err.message, fields: {} };
  return { name: 'Error', message: String(err), fields: {} };
}

const str = (value: string | number | undefined): string => String(value ?? '');
const num = (value: string | number | undefined): number => Number(value ?? 0);

export function deserializeError(serialized: SerializedError): Error {
  const { name, message, fields } = serialized;
  switch (name) {
    case 'ConnectionLimitError':
      return new ConnectionLimitError(str(fields.reason) as ConnectionLimitReason, message);
    case 'ConnectionDeniedError':
      return new ConnectionDeniedError(str(fields.reason) as ConnectionDeniedReason, message);
    case 'TooManySessionsError':
      return new TooManySessionsError(str(fields.username), num(fields.active), num(fields.maxSessions));
    case 'ConnectionIdError':
      return new ConnectionIdError(str(fields.connectionId), message);
    case 'RateLimitedError': {
      const err = new RateLimitedError(num(fields.delayMs), 0);
      err.message = message;
      return err;
    }
    default:
      return new IpcRemoteError(name, message);
  }
}
