import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { StoreConfig } from '../../../../src/dataprovider/store/config.js';
import { StoreError } from '../../../../src/dataprovider/store/errors.js';
import { keysFromUrl } from '../store-target.js';
import { openMysqlDatabase } from '../../../../src/dataprovider/store/sql/mysql-database.js';

const url = process.env['TEST_MYSQL_URL'];
const SOCKET = '/run/mysqld/mysqld.sock';

async function withConnection<R>(
  config: StoreConfig,
  fn: (query: (text: string) => Promise<unknown>) => Promise<R>,
): Promise<R> {
  const database = await openMysqlDatabase(config, { configDir: '/', prefix: '' });
  try {
    return await fn(async (text) => (await sql.raw(text).execute(database.db)).rows[0]);
  } finally {
    await database.destroy();
  }
}

describe('MySQL connections', { skip: !url && 'TEST_MYSQL_URL is not set' }, () => {
  const keys = keysFromUrl('mysql', url ?? 'mysql://localhost/x');

  it('connects with the separate keys, in utf8mb4', async () => {
    const row = await withConnection(keys, (q) =>
      q('select database() as db, @@character_set_connection as cs'),
    );
    assert.deepEqual(row, { db: keys.name, cs: 'utf8mb4' });
  });

  it("connects with the Go driver's DSN", async () => {
    const dsn = `${keys.username}${keys.password ? `:${keys.password}` : ''}@tcp(${keys.host}:${keys.port})/${keys.name}?tls=false`;
    const row = await withConnection({ driver: 'mysql', connection_string: dsn }, (q) =>
      q('select 1 as one'),
    );
    assert.deepEqual(row, { one: 1 });
  });

  it('connects through a Unix socket', { skip: !existsSync(SOCKET) && 'no local socket' }, async () => {
    const row = await withConnection({ ...keys, host: SOCKET }, (q) => q('select 1 as one'));
    assert.deepEqual(row, { one: 1 });
  });

  it('uses TLS with sslmode 3 when offered, and plain connections otherwise', async () => {
    const row = (await withConnection({ ...keys, sslmode: 3 }, (q) =>
      q("show session status like 'Ssl_cipher'"),
    )) as {
      Value: string;
    };
    const offered = await withConnection(keys, (q) => q('select @@have_ssl as have'));
    assert.equal(row.Value !== '', (offered as { have: string }).have === 'YES');
  });

  it('refuses sslmode 1 when the server offers no TLS', async (t) => {
    const offered = await withConnection(keys, (q) => q('select @@have_ssl as have'));
    if ((offered as { have: string }).have === 'YES') {
      t.skip('the server offers TLS');
      return;
    }
    await assert.rejects(
      withConnection({ ...keys, sslmode: 1 }, async () => undefined),
      (err: unknown) => err instanceof StoreError && /cannot connect to the MySQL database/.test(err.message),
    );
  });

  it('reports a refused login without the password', async () => {
    const err = await withConnection({ ...keys, password: 'Sup3r-Secret' }, async () => undefined).catch(
      (e: unknown) => e,
    );
    assert.ok(err instanceof StoreError, String(err));
    assert.match(err.message, /cannot connect to the MySQL database/);
    assert.doesNotMatch(err.message, /Sup3r-Secret/);
  });
});
