/** Settings of the remote SFTP filesystem (provider 5). */
import type { Secret } from '../../kms/secret.js';
import { isSecretEmpty } from '../../kms/secret.js';
import { checkOneOf, checkRange } from './checks.js';
import { cleanVirtualPath } from './paths.js';
import type { RecordSpec } from './record.js';
import { checkOptionalSecret } from './secret-checks.js';
import { ValidationError, childField } from './validation-error.js';

/** Remote SFTP server settings. */
export interface SFTPFsConfig {
  /** `host:port`; `:22` is added when no port is given. */
  endpoint: string;
  username: string;
  /** SHA256 fingerprints of the accepted host keys; empty means the host key is not verified. */
  fingerprints: string[];
  /** Remote directory all operations are restricted to; defaults to "/". */
  prefix: string;
  /** Turn off concurrent reads for servers that delete files once downloaded. */
  disable_concurrent_reads: boolean;
  /** Transfer buffer in MB, 0..16; 0 disables buffering. */
  buffer_size: number;
  /** 0: endpoint and username identify the server; 1: the endpoint alone does. */
  equality_check_mode: 0 | 1;
  password: Secret;
  private_key: Secret;
  key_passphrase: Secret;
}

/** JSON layout of {@link SFTPFsConfig}. */
export const SFTP_FS_SPEC: RecordSpec<SFTPFsConfig> = {
  endpoint: 'string',
  username: 'string',
  fingerprints: 'strings',
  prefix: 'string',
  disable_concurrent_reads: 'bool',
  buffer_size: 'int',
  equality_check_mode: 'int',
  password: 'secret',
  private_key: 'secret',
  key_passphrase: 'secret',
};

const MAX_BUFFER_MB = 16;

/**
 * True when `endpoint` splits into host and port as Go's `net.SplitHostPort` accepts: `host:port`, or
 * `[ipv6]:port`; a bare IPv6 address (more than one colon, no brackets) is refused.
 */
export function isHostPort(endpoint: string): boolean {
  if (endpoint.startsWith('[')) {
    const end = endpoint.indexOf(']');
    const rest = endpoint.slice(end + 1);
    return (
      end > 0 &&
      rest.startsWith(':') &&
      !rest.slice(1).includes(':') &&
      !/[[\]]/.test(endpoint.slice(1, end) + rest)
    );
  }
  const colon = endpoint.lastIndexOf(':');
  return colon >= 0 && endpoint.indexOf(':') === colon && !endpoint.includes('[') && !endpoint.includes(']');
}

/**
 * Normalises (default port, prefix) and checks SFTP settings in place.
 * @throws {ValidationError} naming the offending field under `field`.
 */
export function validateSFTPFsConfig(config: SFTPFsConfig, field: string): void {
  const f = (key: keyof SFTPFsConfig): string => childField(field, key);
  if (config.endpoint === '') throw new ValidationError(f('endpoint'), 'the endpoint is required');
  if (!config.endpoint.includes(':')) config.endpoint += ':22';
  if (!isHostPort(config.endpoint)) {
    throw new ValidationError(f('endpoint'), `${JSON.stringify(config.endpoint)} is not a valid host:port`);
  }
  if (config.username === '') throw new ValidationError(f('username'), 'the username is required');
  checkRange(config.buffer_size, f('buffer_size'), { min: 0, max: MAX_BUFFER_MB });
  checkOneOf(config.equality_check_mode, [0, 1], f('equality_check_mode'));
  if (isSecretEmpty(config.password) && isSecretEmpty(config.private_key)) {
    throw new ValidationError(f('password'), 'a password or a private key is required');
  }
  checkOptionalSecret(config.password, f('password'));
  checkOptionalSecret(config.private_key, f('private_key'));
  checkOptionalSecret(config.key_passphrase, f('key_passphrase'));
  config.prefix = config.prefix === '' ? '/' : cleanVirtualPath(config.prefix);
}
