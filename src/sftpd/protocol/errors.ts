/** Errors of the SFTP protocol layer. */

/** The client sent bytes that are not a valid SFTP packet: the session ends. */
export class SftpProtocolError extends Error {
  readonly code = 'SFTP_MALFORMED';
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'SftpProtocolError';
  }
}
