import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  resolveConfigPath,
  resolveDriver,
  resolvePassword,
  resolvePoolSize,
  resolvePort,
  resolvePrefix,
  resolveSslMode,
} from '../../../src/dataprovider/store/config.js';
import { StoreConfigError } from '../../../src/dataprovider/store/errors.js';
import { tempDir } from '../../helpers/tmp.js';

describe('store config', () => {
  it('picks the driver, sqlite by default', () => {
    assert.equal(resolveDriver({}), 'sqlite');
    assert.equal(resolveDriver({ driver: '' }), 'sqlite');
    for (const driver of ['sqlite', 'postgresql', 'cockroachdb', 'mysql', 'memory']) {
      assert.equal(resolveDriver({ driver }), driver);
    }
  });

  it('refuses bolt with a way out, and unknown drivers', () => {
    assert.throws(
      () => resolveDriver({ driver: 'bolt' }),
      (err: unknown) =>
        err instanceof StoreConfigError &&
        err.code === 'ERR_STORE_CONFIG' &&
        /no Node\.js equivalent/.test(err.message) &&
        /"sqlite"/.test(err.message) &&
        /dumpdata/.test(err.message),
    );
    assert.throws(() => resolveDriver({ driver: 'oracle' }), /"oracle" is unknown/);
    assert.throws(() => resolveDriver({ driver: 'SQLite' }), StoreConfigError);
  });

  it('accepts only identifier-safe table prefixes', () => {
    assert.equal(resolvePrefix({}), '');
    assert.equal(resolvePrefix({ sql_tables_prefix: 'Sftp_go1_' }), 'Sftp_go1_');
    for (const bad of ['a-b', 'a b', 'x;drop', 'é', '"q"', 'p'.repeat(21)]) {
      assert.throws(() => resolvePrefix({ sql_tables_prefix: bad }), StoreConfigError, bad);
    }
  });

  it('checks sslmode, port and pool size', () => {
    assert.equal(resolveSslMode({}), 0);
    assert.equal(resolveSslMode({ sslmode: 3 }), 3);
    assert.throws(() => resolveSslMode({ sslmode: 4 }), /sslmode 4 is not supported/);
    assert.throws(() => resolveSslMode({ sslmode: -1 }), StoreConfigError);
    assert.equal(resolvePort({ port: 0 }), undefined);
    assert.equal(resolvePort({ port: 5433 }), 5433);
    assert.throws(() => resolvePort({ port: 70000 }), StoreConfigError);
    assert.equal(resolvePoolSize({ pool_size: 0 }), undefined);
    assert.equal(resolvePoolSize({ pool_size: 4 }), 4);
    assert.throws(() => resolvePoolSize({ pool_size: -2 }), StoreConfigError);
  });

  it('reads the password from password_file, relative to the config dir', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'db.pass'), 's3cret\n');
    assert.equal(await resolvePassword({ password: 'ignored', password_file: 'db.pass' }, dir), 's3cret');
    assert.equal(await resolvePassword({ password: 'plain' }, dir), 'plain');
    assert.equal(await resolvePassword({ password: '' }, dir), undefined);
    await assert.rejects(resolvePassword({ password_file: 'missing.pass' }, dir), StoreConfigError);
  });

  it('resolves relative paths against the config dir', () => {
    assert.equal(resolveConfigPath('/etc/sftpgo', 'certs/ca.pem'), '/etc/sftpgo/certs/ca.pem');
    assert.equal(resolveConfigPath('/etc/sftpgo', '/abs/ca.pem'), '/abs/ca.pem');
  });
});
