/** The login methods, protocols and Web Client options a user's filters refer to. */

/** Login methods, as listed in `filters.denied_login_methods`. */
export const LOGIN_METHODS = [
  'publickey',
  'password',
  'password-over-SSH',
  'keyboard-interactive',
  'publickey+password',
  'publickey+keyboard-interactive',
  'TLSCertificate',
  'TLSCertificate+password',
] as const;
/** A login method; `password` covers every protocol, `password-over-SSH` only SSH. */
export type LoginMethod = (typeof LOGIN_METHODS)[number];

/** Protocols a user can be denied (`filters.denied_protocols`). `SSH` covers SFTP, SCP and SSH commands. */
export const PROTOCOLS = ['SSH', 'FTP', 'DAV', 'HTTP'] as const;
/** A protocol: `SSH` (SFTP, SCP, commands), `FTP` (FTP/FTPS), `DAV` (WebDAV), `HTTP` (Web Client, REST API). */
export type Protocol = (typeof PROTOCOLS)[number];

/** Protocols that support two-factor authentication. */
export const MFA_PROTOCOLS = ['SSH', 'FTP', 'HTTP'] as const;
/** A protocol that supports two-factor authentication. */
export type MFAProtocol = (typeof MFA_PROTOCOLS)[number];

/** Restrictions on what a user may do in the Web Client and user REST API (`filters.web_client`). */
export const WEB_CLIENT_OPTIONS = [
  'publickey-change-disabled',
  'tls-cert-change-disabled',
  'write-disabled',
  'mfa-disabled',
  'password-change-disabled',
  'api-key-auth-change-disabled',
  'info-change-disabled',
  'shares-disabled',
  'password-reset-disabled',
  'shares-without-password-disabled',
] as const;
/** One Web Client restriction. */
export type WebClientOption = (typeof WEB_CLIENT_OPTIONS)[number];
