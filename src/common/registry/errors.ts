/** Errors of the active connections registry. */

/** Why {@link ConnectionLimitError} refused a client. */
export type ConnectionLimitReason = 'shutting_down' | 'per_host_limit' | 'total_limit';

/** A new client (or session) is refused: the server is stopping, or a connection limit is reached. */
export class ConnectionLimitError extends Error {
  readonly code = 'ERR_CONNECTION_LIMIT';
  readonly reason: ConnectionLimitReason;

  constructor(reason: ConnectionLimitReason, message: string) {
    super(message);
    this.name = 'ConnectionLimitError';
    this.reason = reason;
  }
}

/** The user already has `max_sessions` sessions open (any protocol). */
export class TooManySessionsError extends Error {
  readonly code = 'ERR_TOO_MANY_SESSIONS';
  readonly username: string;
  readonly active: number;
  readonly maxSessions: number;

  constructor(username: string, active: number, maxSessions: number) {
    super(`too many open sessions for user "${username}": ${active}/${maxSessions}`);
    this.name = 'TooManySessionsError';
    this.username = username;
    this.active = active;
    this.maxSessions = maxSessions;
  }
}

/** A connection id is registered twice, or a connection to swap is not registered. */
export class ConnectionIdError extends Error {
  readonly code = 'ERR_CONNECTION_ID';
  readonly connectionId: string;

  constructor(connectionId: string, message: string) {
    super(message);
    this.name = 'ConnectionIdError';
    this.connectionId = connectionId;
  }
}
