/** Errors of the SSH server's setup. */

/** Stable codes of {@link SftpdConfigError}. */
export type SftpdConfigErrorCode = 'ERR_SFTPD_HOST_KEY' | 'ERR_SFTPD_ALGORITHM';

/**
 * The `sftpd` section cannot make a server: a host key that cannot be read, parsed or generated,
 * or an algorithm the SSH transport does not know. The message names the key or value.
 */
export class SftpdConfigError extends Error {
  readonly code: SftpdConfigErrorCode;

  constructor(code: SftpdConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SftpdConfigError';
    this.code = code;
  }
}
