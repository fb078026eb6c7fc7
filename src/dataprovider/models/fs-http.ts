/** Settings of the HTTP filesystem (provider 6): storage served by an HTTP API SFTPGo calls. */
import path from 'node:path';
import type { Secret } from '../../kms/secret.js';
import { checkOneOf } from './checks.js';
import type { RecordSpec } from './record.js';
import { checkOptionalSecret } from './secret-checks.js';
import { ValidationError, childField } from './validation-error.js';

/** HTTP filesystem settings. */
export interface HTTPFsConfig {
  /**
   * Base URL (`http://` or `https://`, trailing "/" removed); the API paths are added to it. The host
   * `unix` means a Unix socket given by the `socket_path` query parameter.
   */
  endpoint: string;
  username: string;
  /** Accept any TLS certificate from the endpoint (testing only). */
  skip_tls_verify: boolean;
  /** 0: endpoint and username identify the server; 1: the endpoint alone does. */
  equality_check_mode: 0 | 1;
  password: Secret;
  api_key: Secret;
}

/** JSON layout of {@link HTTPFsConfig}. */
export const HTTP_FS_SPEC: RecordSpec<HTTPFsConfig> = {
  endpoint: 'string',
  username: 'string',
  skip_tls_verify: 'bool',
  equality_check_mode: 'int',
  password: 'secret',
  api_key: 'secret',
};

/**
 * Normalises (trailing slashes) and checks HTTP filesystem settings in place.
 * @throws {ValidationError} naming the offending field under `field`.
 */
export function validateHTTPFsConfig(config: HTTPFsConfig, field: string): void {
  const f = (key: keyof HTTPFsConfig): string => childField(field, key);
  if (config.endpoint === '') throw new ValidationError(f('endpoint'), 'the endpoint is required');
  config.endpoint = config.endpoint.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(config.endpoint) || !URL.canParse(config.endpoint)) {
    throw new ValidationError(
      f('endpoint'),
      `${JSON.stringify(config.endpoint)} is not an http:// or https:// URL`,
    );
  }
  const url = new URL(config.endpoint);
  if (url.hostname === 'unix') {
    const socketPath = url.searchParams.get('socket_path') ?? '';
    if (!path.isAbsolute(socketPath)) {
      throw new ValidationError(
        f('endpoint'),
        `the Unix socket path ${JSON.stringify(socketPath)} must be absolute`,
      );
    }
  }
  checkOneOf(config.equality_check_mode, [0, 1], f('equality_check_mode'));
  checkOptionalSecret(config.password, f('password'));
  checkOptionalSecret(config.api_key, f('api_key'));
}
