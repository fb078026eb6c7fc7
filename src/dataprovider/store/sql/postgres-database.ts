/**
 * PostgreSQL (and CockroachDB, which speaks its protocol) through `pg`.
 */
import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { SqlDriverName, StoreConfig } from '../config.js';
import { resolvePassword, resolvePoolSize } from '../config.js';
import { tableNames } from '../tables.js';
import { pgSettings } from './pg-settings.js';
import type { PgSettings } from './pg-settings.js';
import type { Db, SqlDatabase, SqlErrorKind } from './sql-database.js';
import { connectWithFallback } from './connect.js';
import { loadTlsMaterial } from './tls-files.js';

const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
const INT8_OID = 20;

/** pg's message when the server answers "no" to the TLS request. */
const NO_SSL_SUPPORT = /does not support SSL/i;

/**
 * The `ssl` option of `pg` for a libpq SSL mode. As with libpq, `require` verifies the server
 * certificate against the root certificate when one is configured, and only then.
 */
export function pgSslOption(
  mode: PgSettings['sslMode'],
  material: { ca?: Buffer; cert?: Buffer; key?: Buffer },
): false | ConnectionOptions {
  const client = {
    ...(material.cert && { cert: material.cert }),
    ...(material.key && { key: material.key }),
  };
  const skipHostCheck = { checkServerIdentity: () => undefined };
  switch (mode) {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
      return { ...client, rejectUnauthorized: false };
    case 'require':
      return material.ca
        ? { ...client, ca: material.ca, rejectUnauthorized: true, ...skipHostCheck }
        : { ...client, rejectUnauthorized: false };
    case 'verify-ca':
      return {
        ...client,
        ...(material.ca && { ca: material.ca }),
        rejectUnauthorized: true,
        ...skipHostCheck,
      };
    case 'verify-full':
      return { ...client, ...(material.ca && { ca: material.ca }), rejectUnauthorized: true };
  }
}

function classify(err: unknown): SqlErrorKind {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '23505') return 'unique';
  if (code === '23503') return 'reference';
  if (code === '42P01') return 'missing-table';
  return undefined;
}

/** A 64-bit advisory lock key per table prefix, so different prefixes do not wait for each other. */
function lockKey(prefix: string): string {
  return createHash('sha256').update(`sftpgo-schema:${prefix}`).digest().readBigInt64BE(0).toString();
}

function describe(settings: PgSettings): string {
  const where = settings.host ?? 'localhost';
  const port = settings.port ? `:${settings.port}` : '';
  return `PostgreSQL database "${settings.database ?? settings.user ?? ''}" on ${where}${port}`;
}

function makePool(settings: PgSettings, ssl: false | ConnectionOptions, max: number | undefined): pg.Pool {
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
    ssl,
    ...(max !== undefined && { max }),
    application_name: settings.applicationName ?? 'sftpgo',
    connectionTimeoutMillis: (settings.connectTimeoutSeconds || DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000,
    // Byte counts and times are bigint columns; they fit in a double, so read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener
  // that would end the process. The next query reports the problem instead.
  pool.on('error', () => undefined);
  return pool;
}

async function connect(
  settings: PgSettings,
  ssl: false | ConnectionOptions,
  max: number | undefined,
): Promise<pg.Pool> {
  const pool = makePool(settings, ssl, max);
  try {
    const client = await pool.connect();
    client.release();
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/**
 * Connects to PostgreSQL and checks that the server answers.
 * @throws {@link StoreConfigError} for invalid settings or unreadable certificate files.
 * @throws {@link StoreError} if the server cannot be reached or refuses the login.
 */
export async function openPostgresDatabase(
  config: StoreConfig,
  options: { readonly configDir: string; readonly prefix: string; readonly driver: SqlDriverName },
): Promise<SqlDatabase> {
  const settings = pgSettings(config, await resolvePassword(config, options.configDir));
  const material = await loadTlsMaterial(settings, options.configDir);
  const max = resolvePoolSize(config);
  const description = describe(settings);
  const pool = await connectWithFallback(
    description,
    () => connect(settings, pgSslOption(settings.sslMode, material), max),
    settings.sslMode === 'prefer' || settings.sslMode === 'allow'
      ? {
          applies: (err) => err instanceof Error && NO_SSL_SUPPORT.test(err.message),
          connect: () => connect(settings, false, max),
        }
      : undefined,
  );
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const key = lockKey(options.prefix);
  return {
    driver: options.driver,
    family: 'postgres',
    db,
    prefix: options.prefix,
    tables: tableNames(options.prefix),
    description,
    classifyError: classify,
    async tableExists(executor: Db, table: string): Promise<boolean> {
      // The name is quoted so that a prefix with capital letters keeps them.
      const { rows } = await sql<{
        found: boolean;
      }>`select to_regclass(${`"${table}"`}) is not null as found`.execute(executor);
      return rows[0]?.found === true;
    },
    withSchemaLock: (fn) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(trx);
        return fn(trx);
      }),
    destroy: () => db.destroy(),
  };
}
