/**
 * MySQL and MariaDB through `mysql2`, always in utf8mb4.
 */
import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { createPool } from 'mysql2';
import type { Pool, PoolOptions } from 'mysql2';
import { Kysely, MysqlDialect, sql } from 'kysely';
import type { StoreConfig } from '../config.js';
import { resolvePassword, resolvePoolSize } from '../config.js';
import { StoreError } from '../errors.js';
import { tableNames } from '../tables.js';
import { mysqlSettings } from './mysql-settings.js';
import type { MysqlSettings, MysqlTlsMode } from './mysql-settings.js';
import type { Db, SqlDatabase, SqlErrorKind } from './sql-database.js';
import { connectWithFallback } from './connect.js';
import { loadTlsMaterial } from './tls-files.js';
import type { TlsMaterial } from './tls-files.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Seconds to wait for another process's schema change. */
const SCHEMA_LOCK_TIMEOUT_S = 120;

/** The `ssl` option of mysql2: TLS options plus whether to check the host name. */
export type MysqlSslOption = ConnectionOptions & { readonly verifyIdentity?: boolean };

/**
 * The `ssl` option of mysql2 for a TLS mode. Verified modes check the certificate chain and the
 * host name, as the Go driver does.
 */
export function mysqlSslOption(mode: MysqlTlsMode, material: TlsMaterial): MysqlSslOption | undefined {
  if (mode === 'false') return undefined;
  const verify = mode === 'true' || mode === 'custom';
  return { ...material, rejectUnauthorized: verify, ...(verify && { verifyIdentity: true }) };
}

function classify(err: unknown): SqlErrorKind {
  const errno = (err as { errno?: unknown } | null)?.errno;
  if (errno === 1062) return 'unique';
  if (errno === 1451 || errno === 1452) return 'reference';
  if (errno === 1146) return 'missing-table';
  return undefined;
}

function describe(settings: MysqlSettings): string {
  const where =
    settings.socketPath ?? `${settings.host ?? 'localhost'}${settings.port ? `:${settings.port}` : ''}`;
  return `MySQL database "${settings.database ?? ''}" on ${where}`;
}

function makePool(settings: MysqlSettings, ssl: MysqlSslOption | undefined, limit: number | undefined): Pool {
  const options: PoolOptions = {
    ...(settings.socketPath
      ? { socketPath: settings.socketPath }
      : { host: settings.host, port: settings.port }),
    database: settings.database,
    user: settings.user,
    password: settings.password,
    ...(ssl && { ssl: ssl as PoolOptions['ssl'] }),
    ...(limit !== undefined && { connectionLimit: limit }),
    charset: 'utf8mb4',
    connectTimeout: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Affected rows must count the rows matched, not only those changed, so that an update that
    // writes the same values is not mistaken for a missing record.
    flags: ['+FOUND_ROWS'],
  };
  const pool = createPool(options);
  // A connection that breaks while idle emits 'error'; without a listener that would end the
  // process. The next query reports the problem instead.
  pool.on('connection', (connection) => connection.on('error', () => undefined));
  return pool;
}

async function connect(
  settings: MysqlSettings,
  ssl: MysqlSslOption | undefined,
  limit: number | undefined,
): Promise<Pool> {
  const pool = makePool(settings, ssl, limit);
  try {
    await pool.promise().query('select 1');
    return pool;
  } catch (err) {
    await pool
      .promise()
      .end()
      .catch(() => undefined);
    throw err;
  }
}

/**
 * Connects to MySQL/MariaDB and checks that the server answers.
 * @throws {@link StoreConfigError} for invalid settings or unreadable certificate files.
 * @throws {@link StoreError} if the server cannot be reached or refuses the login.
 */
export async function openMysqlDatabase(
  config: StoreConfig,
  options: { readonly configDir: string; readonly prefix: string },
): Promise<SqlDatabase> {
  const settings = mysqlSettings(config, await resolvePassword(config, options.configDir));
  const material = await loadTlsMaterial(
    { rootCert: config.root_cert, clientCert: config.client_cert, clientKey: config.client_key },
    options.configDir,
  );
  const limit = resolvePoolSize(config);
  const description = describe(settings);
  const pool = await connectWithFallback(
    description,
    () => connect(settings, mysqlSslOption(settings.tls, material), limit),
    settings.tls === 'preferred'
      ? {
          applies: (err) => (err as { code?: unknown } | null)?.code === 'HANDSHAKE_NO_SSL_SUPPORT',
          connect: () => connect(settings, undefined, limit),
        }
      : undefined,
  );
  const db: Db = new Kysely({ dialect: new MysqlDialect({ pool }) });
  const lockName = `sftpgo_schema_${createHash('sha256').update(options.prefix).digest('hex').slice(0, 32)}`;
  return {
    driver: 'mysql',
    family: 'mysql',
    db,
    prefix: options.prefix,
    tables: tableNames(options.prefix),
    description,
    classifyError: classify,
    async tableExists(executor: Db, table: string): Promise<boolean> {
      const { rows } = await sql<{ n: number }>`select count(*) as n from information_schema.tables
        where table_schema = database() and table_name = ${table}`.execute(executor);
      return Number(rows[0]?.n ?? 0) > 0;
    },
    // MySQL commits DDL implicitly, so a transaction would not hold the steps together: a named
    // lock on one connection keeps two processes from migrating at the same time.
    withSchemaLock: (fn) =>
      db.connection().execute(async (connection) => {
        const { rows } = await sql<{
          got: number | null;
        }>`select get_lock(${lockName}, ${SCHEMA_LOCK_TIMEOUT_S}) as got`.execute(connection);
        if (Number(rows[0]?.got) !== 1) {
          throw new StoreError(
            `timed out waiting for another process to finish changing the schema of the ${description}`,
          );
        }
        try {
          return await fn(connection);
        } finally {
          await sql`select release_lock(${lockName})`.execute(connection);
        }
      }),
    destroy: () => db.destroy(),
  };
}
