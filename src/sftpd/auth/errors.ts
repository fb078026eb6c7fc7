/** Errors of the SSH authentication helpers (certificates, public keys, keyboard-interactive hook). */

/** Why a user certificate or key blob was refused; stable values for logs and tests. */
export type SshKeyErrorReason =
  | 'malformed'
  | 'unsupported_key'
  | 'not_user_certificate'
  | 'untrusted_ca'
  | 'bad_ca_signature'
  | 'bad_signature'
  | 'no_principals'
  | 'principal_mismatch'
  | 'not_yet_valid'
  | 'expired'
  | 'unknown_critical_option'
  | 'source_address'
  | 'revoked';

/**
 * A public key or certificate cannot be used for a login: the message says why, for the server's
 * logs (fail2ban reads it in `connection_failed` records); clients only see a refusal.
 */
export class SshKeyError extends Error {
  readonly code = 'ERR_SSH_KEY';
  readonly reason: SshKeyErrorReason;

  constructor(reason: SshKeyErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SshKeyError';
    this.reason = reason;
  }
}

/** A trusted CA key or the revoked certificates file cannot be loaded: the server does not start. */
export class SshAuthConfigError extends Error {
  readonly code = 'ERR_SSH_AUTH_CONFIG';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SshAuthConfigError';
  }
}
