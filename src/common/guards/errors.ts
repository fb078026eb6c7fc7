/** Errors of the connection guards. */

/** Why {@link ConnectionDeniedError} refused a client. */
export type ConnectionDeniedReason =
  /** The defender bans the address (or its deny list holds it). */
  | 'banned'
  /** `common.allowlist_status` is 1 and the allow list does not hold the address. */
  | 'not_in_allow_list';

/** A client refused at accept time by the defender or the global allow list. */
export class ConnectionDeniedError extends Error {
  readonly code = 'ERR_CONNECTION_DENIED';
  readonly reason: ConnectionDeniedReason;

  constructor(reason: ConnectionDeniedReason, message: string) {
    super(message);
    this.name = 'ConnectionDeniedError';
    this.reason = reason;
  }
}
