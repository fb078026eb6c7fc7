/**
 * PostgreSQL connection settings from SFTPGo's keys or from a connection string, in either of
 * libpq's formats: a `postgres://` URL or `key=value` pairs (`host=db port=5432 dbname=sftpgo`).
 */
import type { StoreConfig } from '../config.js';
import { resolvePort, resolveSslMode } from '../config.js';
import { StoreConfigError } from '../errors.js';

/** libpq's SSL modes. `allow` and `prefer` both mean: TLS without verification if the server offers it. */
export type PgSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/** Connection settings, before files are read. */
export interface PgSettings {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly sslMode: PgSslMode;
  readonly rootCert?: string | undefined;
  readonly clientCert?: string | undefined;
  readonly clientKey?: string | undefined;
  readonly connectTimeoutSeconds?: number | undefined;
  readonly applicationName?: string | undefined;
}

const SSL_MODES: readonly PgSslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
const SSL_MODE_BY_NUMBER: readonly PgSslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/**
 * Splits libpq `key=value` pairs; values may be single-quoted, with `\'` and `\\` escapes.
 * @throws {@link StoreConfigError} on a malformed string.
 */
export function parseKeywordConnectionString(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const fail = (why: string): never => {
    throw new StoreConfigError(
      `data_provider.connection_string is not a valid PostgreSQL connection string: ${why}`,
    );
  };
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    if (eq < 0) fail(`"${text.slice(i)}" has no "="`);
    const key = text.slice(i, eq).trim();
    if (!/^[a-z_]+$/.test(key)) fail(`bad keyword "${key}"`);
    i = eq + 1;
    while (i < text.length && /[ \t]/.test(text[i] ?? '')) i++;
    let value = '';
    if (text[i] === "'") {
      i++;
      for (;;) {
        if (i >= text.length) fail(`unterminated quoted value for "${key}"`);
        const c = text[i] ?? '';
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      while (i < text.length && !/\s/.test(text[i] ?? '')) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
    }
    out.set(key, value);
  }
  return out;
}

function parseUrl(text: string): Map<string, string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch (err) {
    throw new StoreConfigError('data_provider.connection_string is not a valid PostgreSQL URL', {
      cause: err,
    });
  }
  const out = new Map<string, string>();
  if (url.hostname) out.set('host', decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1'));
  if (url.port) out.set('port', url.port);
  if (url.username) out.set('user', decodeURIComponent(url.username));
  if (url.password) out.set('password', decodeURIComponent(url.password));
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) out.set('dbname', database);
  for (const [key, value] of url.searchParams) out.set(key, value);
  return out;
}

function sslModeOf(value: string): PgSslMode {
  const mode = SSL_MODES.find((m) => m === value);
  if (!mode) throw new StoreConfigError(`sslmode "${value}" in data_provider.connection_string is unknown`);
  return mode;
}

function checkHost(host: string | undefined): string | undefined {
  if (host?.includes(',')) {
    throw new StoreConfigError(
      `data_provider host "${host}" lists several hosts; the Node PostgreSQL client connects to one host only`,
    );
  }
  return host || undefined;
}

function checkTargetSessionAttrs(value: string | undefined): void {
  if (value && value !== 'any') {
    throw new StoreConfigError(
      `target_session_attrs "${value}" is not supported by the Node PostgreSQL client; leave it empty or "any"`,
    );
  }
}

function optionalNumber(key: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new StoreConfigError(`${key} "${value}" in data_provider.connection_string is not a number`);
  return n;
}

/**
 * The settings to connect with: `connection_string` when set (used as is), else the separate keys.
 * @throws {@link StoreConfigError} when a value is invalid or unsupported.
 */
export function pgSettings(config: StoreConfig, password: string | undefined): PgSettings {
  if (config.connection_string) {
    const text = config.connection_string.trim();
    const params = /^postgres(ql)?:\/\//.test(text) ? parseUrl(text) : parseKeywordConnectionString(text);
    checkTargetSessionAttrs(params.get('target_session_attrs'));
    return {
      host: checkHost(params.get('host') ?? params.get('hostaddr')),
      port: optionalNumber('port', params.get('port')),
      database: params.get('dbname') || undefined,
      user: params.get('user') || undefined,
      password: params.get('password') ?? password,
      sslMode: sslModeOf(params.get('sslmode') ?? 'prefer'),
      rootCert: params.get('sslrootcert') || undefined,
      clientCert: params.get('sslcert') || undefined,
      clientKey: params.get('sslkey') || undefined,
      connectTimeoutSeconds: optionalNumber('connect_timeout', params.get('connect_timeout')),
      applicationName: params.get('application_name') || undefined,
    };
  }
  checkTargetSessionAttrs(config.target_session_attrs);
  return {
    host: checkHost(config.host),
    port: resolvePort(config),
    database: config.name || undefined,
    user: config.username || undefined,
    password,
    sslMode: SSL_MODE_BY_NUMBER[resolveSslMode(config)] ?? 'disable',
    rootCert: config.root_cert || undefined,
    clientCert: config.client_cert || undefined,
    clientKey: config.client_key || undefined,
  };
}
