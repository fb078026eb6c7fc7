import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { StoreConfig } from '../../../../src/dataprovider/store/config.js';
import { StoreError } from '../../../../src/dataprovider/store/errors.js';
import { keysFromUrl } from '../store-target.js';
import { openPostgresDatabase } from '../../../../src/dataprovider/store/sql/postgres-database.js';

const url = process.env['TEST_POSTGRES_URL'];
const SOCKET_DIR = '/var/run/postgresql';

/** Connects, runs `fn` with a query helper, closes. */
async function withConnection<R>(
  config: StoreConfig,
  fn: (query: (text: string) => Promise<unknown>) => Promise<R>,
): Promise<R> {
  const database = await openPostgresDatabase(config, { configDir: '/', prefix: '', driver: 'postgresql' });
  try {
    return await fn(async (text) => (await sql.raw(text).execute(database.db)).rows[0]);
  } finally {
    await database.destroy();
  }
}

describe('PostgreSQL connections', { skip: !url && 'TEST_POSTGRES_URL is not set' }, () => {
  const keys = keysFromUrl('postgresql', url ?? 'postgres://localhost/x');

  it('connects with the separate keys', async () => {
    const row = await withConnection({ ...keys, sslmode: 0 }, (q) => q('select current_database() as db'));
    assert.deepEqual(row, { db: keys.name });
  });

  it('connects with a libpq key=value connection string', async () => {
    const text = `host=${keys.host} port=${keys.port} dbname='${keys.name}' user='${keys.username}' sslmode=disable`;
    const row = await withConnection({ driver: 'postgresql', connection_string: text }, (q) =>
      q('select 1 as one'),
    );
    assert.deepEqual(row, { one: 1 });
  });

  it(
    'connects through a Unix socket directory',
    { skip: !existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`) && 'no local socket' },
    async () => {
      const row = await withConnection({ ...keys, host: SOCKET_DIR, port: 5432 }, (q) =>
        q('select inet_server_addr() is null as local'),
      );
      assert.deepEqual(row, { local: true });
    },
  );

  it('uses TLS with sslmode 1, or says the server offers none', async () => {
    try {
      const row = await withConnection({ ...keys, sslmode: 1 }, (q) =>
        q('select ssl from pg_stat_ssl where pid = pg_backend_pid()'),
      );
      assert.deepEqual(row, { ssl: true });
    } catch (err) {
      assert.ok(err instanceof StoreError, String(err));
      assert.match(err.message, /cannot connect to the PostgreSQL database .*SSL/);
    }
  });

  it('reports an unreachable server without the password', async () => {
    const err = await withConnection(
      { ...keys, port: 1, password: 'Sup3r-Secret' },
      async () => undefined,
    ).catch((e: unknown) => e);
    assert.ok(err instanceof StoreError);
    assert.equal(err.code, 'ERR_STORE');
    assert.match(err.message, /cannot connect to the PostgreSQL database ".*" on .*:1/);
    assert.doesNotMatch(err.message, /Sup3r-Secret/);
  });
});
