/** Errors of the SCP protocol layer. */

/**
 * The peer broke the protocol (malformed or unexpected record, early end of stream) or the channel
 * closed: the session cannot go on.
 */
export class ScpProtocolError extends Error {
  readonly code = 'ERR_SCP_PROTOCOL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScpProtocolError';
  }
}

/** The peer sent an error record (`\x01` or `\x02`) instead of an acknowledgement. */
export class ScpPeerError extends Error {
  readonly code = 'ERR_SCP_PEER';
  /** True for `\x02`: the peer gives up the whole copy. */
  readonly fatal: boolean;
  constructor(message: string, fatal: boolean) {
    super(message);
    this.name = 'ScpPeerError';
    this.fatal = fatal;
  }
}
