/** Errors of the PROXY protocol reader. */

/** Why a connection's PROXY protocol header was refused. */
export type ProxyProtocolErrorReason =
  /** The bytes start like a header but break the format. */
  | 'invalid'
  /** The peer stopped (closed, or went silent past the time limit) in the middle of a header. */
  | 'truncated'
  /** The header is longer than the size bound. */
  | 'too_large'
  /** A header is required from this peer and none came. */
  | 'missing'
  /** The peer may not send a header and `proxy_protocol` is 2. */
  | 'not_allowed';

/** A connection refused because of its PROXY protocol header (or the lack of one). */
export class ProxyProtocolError extends Error {
  readonly code = 'ERR_PROXY_PROTOCOL';
  readonly reason: ProxyProtocolErrorReason;

  constructor(reason: ProxyProtocolErrorReason, message: string) {
    super(message);
    this.name = 'ProxyProtocolError';
    this.reason = reason;
  }
}
