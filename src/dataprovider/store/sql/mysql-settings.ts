/**
 * MySQL/MariaDB connection settings from SFTPGo's keys or from a connection string: a
 * `mysql://` URL, or the Go driver's DSN that SFTPGo users already have in their configuration
 * (`user:password@tcp(host:3306)/sftpgo?tls=true`).
 */
import type { StoreConfig } from '../config.js';
import { resolvePort, resolveSslMode } from '../config.js';
import { StoreConfigError } from '../errors.js';

/**
 * TLS modes, named as in the Go driver's `tls` parameter: `false` none, `true` verified,
 * `skip-verify` unverified, `preferred` unverified if the server offers TLS, `custom` verified
 * with the configured certificates.
 */
export type MysqlTlsMode = 'false' | 'true' | 'skip-verify' | 'preferred' | 'custom';

/** Connection settings, before files are read. */
export interface MysqlSettings {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  /** Unix socket file, when the host is an absolute path or the DSN uses `unix(...)`. */
  readonly socketPath?: string | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly tls: MysqlTlsMode;
  readonly connectTimeoutMs?: number | undefined;
}

const TLS_BY_SSLMODE: readonly MysqlTlsMode[] = ['false', 'true', 'skip-verify', 'preferred'];

function tlsModeOf(value: string | null | undefined): MysqlTlsMode {
  if (value === null || value === undefined || value === '') return 'false';
  const mode = (['false', 'true', 'skip-verify', 'preferred', 'custom'] as const).find(
    (m) => m === value.toLowerCase(),
  );
  if (!mode) throw new StoreConfigError(`tls "${value}" in data_provider.connection_string is unknown`);
  return mode;
}

/** Go durations as the DSN's `timeout` uses them ("10s", "500ms", "1m"). */
function durationMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  if (!m)
    throw new StoreConfigError(
      `timeout "${value}" in data_provider.connection_string is not a duration like 10s`,
    );
  const factor = m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000;
  return Math.round(Number(m[1]) * factor);
}

function splitHostPort(address: string): { host: string; port?: number } {
  const m = /^\[(.*)\](?::(\d+))?$/.exec(address) ?? /^([^:]*)(?::(\d+))?$/.exec(address);
  if (!m) return { host: address };
  return { host: m[1] ?? '', ...(m[2] && { port: Number(m[2]) }) };
}

/**
 * Parses the Go driver's DSN: `[user[:password]@][net[(address)]]/dbname[?param=value&...]`.
 * @throws {@link StoreConfigError} when it does not have that shape.
 */
export function parseGoDsn(dsn: string): MysqlSettings {
  const slash = dsn.lastIndexOf('/', dsn.includes('?') ? dsn.indexOf('?') : dsn.length);
  if (slash < 0)
    throw new StoreConfigError('data_provider.connection_string is not a valid MySQL DSN: no "/dbname"');
  const head = dsn.slice(0, slash);
  const [dbPart, query] = splitOnce(dsn.slice(slash + 1), '?');
  const at = head.lastIndexOf('@');
  const credentials = at >= 0 ? head.slice(0, at) : '';
  const endpoint = at >= 0 ? head.slice(at + 1) : head;
  const [user, password] = splitOnce(credentials, ':');
  const m = /^([a-z0-9]*)(?:\((.*)\))?$/.exec(endpoint);
  if (!m) throw new StoreConfigError(`data_provider.connection_string: bad network address "${endpoint}"`);
  const net = m[1] || 'tcp';
  const address = m[2] ?? '';
  const params = new URLSearchParams(query ?? '');
  const base = {
    database: decodeURIComponent(dbPart) || undefined,
    user: user || undefined,
    password: password === undefined ? undefined : password,
    tls: tlsModeOf(params.get('tls')),
    connectTimeoutMs: durationMs(params.get('timeout')),
  };
  if (net === 'unix') return { ...base, socketPath: address || undefined };
  if (net !== 'tcp' && net !== 'tcp6' && net !== 'tcp4') {
    throw new StoreConfigError(
      `data_provider.connection_string: network "${net}" is not supported, use tcp or unix`,
    );
  }
  const { host, port } = splitHostPort(address);
  return { ...base, host: host || undefined, port };
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function parseUrl(text: string): MysqlSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch (err) {
    throw new StoreConfigError('data_provider.connection_string is not a valid MySQL URL', { cause: err });
  }
  const params = url.searchParams;
  const socketPath = params.get('socket') ?? undefined;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || undefined,
    port: url.port ? Number(url.port) : undefined,
    socketPath,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: tlsModeOf(params.get('tls')),
    connectTimeoutMs: durationMs(params.get('timeout')),
  };
}

/**
 * The settings to connect with: `connection_string` when set (used as is), else the separate keys.
 * With the separate keys, setting a root certificate or a client certificate makes the TLS
 * connection use them (Go's `custom` mode); `sslmode` 2 and 3 still skip verification.
 * @throws {@link StoreConfigError} when a value is invalid.
 */
export function mysqlSettings(config: StoreConfig, password: string | undefined): MysqlSettings {
  if (config.connection_string) {
    const text = config.connection_string.trim();
    const parsed = /^mysql:\/\//.test(text) ? parseUrl(text) : parseGoDsn(text);
    return { ...parsed, password: parsed.password ?? password };
  }
  const host = config.host || undefined;
  const socket = host?.startsWith('/') ? host : undefined;
  return {
    ...(socket ? { socketPath: socket } : { host, port: resolvePort(config) }),
    database: config.name || undefined,
    user: config.username || undefined,
    password,
    tls: TLS_BY_SSLMODE[resolveSslMode(config)] ?? 'false',
  };
}
