import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConfigError } from '../../../../src/dataprovider/store/errors.js';
import {
  parseKeywordConnectionString,
  pgSettings,
} from '../../../../src/dataprovider/store/sql/pg-settings.js';
import { pgSslOption } from '../../../../src/dataprovider/store/sql/postgres-database.js';

describe('PostgreSQL settings', () => {
  it('builds the settings from the separate keys, with the sslmode numbers', () => {
    const base = { host: 'db.example', port: 5433, username: 'sftpgo', name: 'files' };
    assert.deepEqual(pgSettings({ ...base, sslmode: 2, root_cert: 'ca.pem' }, 'pw'), {
      host: 'db.example',
      port: 5433,
      database: 'files',
      user: 'sftpgo',
      password: 'pw',
      sslMode: 'verify-ca',
      rootCert: 'ca.pem',
      clientCert: undefined,
      clientKey: undefined,
    });
    assert.deepEqual(
      [0, 1, 2, 3].map((sslmode) => pgSettings({ ...base, sslmode }, undefined).sslMode),
      ['disable', 'require', 'verify-ca', 'verify-full'],
    );
    assert.equal(pgSettings({ host: '/var/run/postgresql' }, undefined).host, '/var/run/postgresql');
  });

  it('parses libpq key=value connection strings', () => {
    assert.deepEqual(
      Object.fromEntries(
        parseKeywordConnectionString(
          "host='db' port=5432 dbname=sftp user='o\\'brien' password='a b\\\\c' sslmode=verify-full connect_timeout=10",
        ),
      ),
      {
        host: 'db',
        port: '5432',
        dbname: 'sftp',
        user: "o'brien",
        password: 'a b\\c',
        sslmode: 'verify-full',
        connect_timeout: '10',
      },
    );
    assert.throws(() => parseKeywordConnectionString("host='db"), /unterminated/);
    assert.throws(() => parseKeywordConnectionString('justaword'), StoreConfigError);
    const settings = pgSettings({ connection_string: 'host=/tmp dbname=x sslrootcert=/ca.pem' }, 'fromkeys');
    assert.deepEqual(
      [settings.host, settings.database, settings.sslMode, settings.rootCert, settings.password],
      ['/tmp', 'x', 'prefer', '/ca.pem', 'fromkeys'],
    );
  });

  it('parses postgres:// URLs, used as they are', () => {
    const s = pgSettings(
      {
        connection_string: 'postgresql://u%40x:p%2Fw@[::1]:6432/my%20db?sslmode=require&application_name=a',
        host: 'ignored',
      },
      undefined,
    );
    assert.deepEqual(
      [s.host, s.port, s.user, s.password, s.database, s.sslMode, s.applicationName],
      ['::1', 6432, 'u@x', 'p/w', 'my db', 'require', 'a'],
    );
    assert.equal(pgSettings({ connection_string: 'postgres://h/d?host=/run/pg' }, undefined).host, '/run/pg');
    assert.throws(
      () => pgSettings({ connection_string: 'postgres://h/d?sslmode=sometimes' }, undefined),
      /sslmode/,
    );
  });

  it('refuses what the Node client cannot do', () => {
    assert.throws(() => pgSettings({ host: 'a,b' }, undefined), /several hosts/);
    assert.throws(
      () => pgSettings({ target_session_attrs: 'read-write' }, undefined),
      /target_session_attrs/,
    );
    assert.doesNotThrow(() => pgSettings({ target_session_attrs: 'any' }, undefined));
  });

  it('maps SSL modes to TLS options like libpq', () => {
    const ca = Buffer.from('ca');
    assert.equal(pgSslOption('disable', {}), false);
    assert.deepEqual(pgSslOption('require', {}), { rejectUnauthorized: false });
    const requireWithCa = pgSslOption('require', { ca });
    assert.ok(
      requireWithCa && requireWithCa.rejectUnauthorized === true && requireWithCa.checkServerIdentity,
    );
    const verifyCa = pgSslOption('verify-ca', { ca });
    assert.ok(
      verifyCa &&
        verifyCa.rejectUnauthorized &&
        verifyCa.checkServerIdentity?.('h', {} as never) === undefined,
    );
    const full = pgSslOption('verify-full', { ca, cert: Buffer.from('c'), key: Buffer.from('k') });
    assert.ok(full && full.rejectUnauthorized && !('checkServerIdentity' in full) && full.cert && full.key);
    assert.deepEqual(pgSslOption('prefer', {}), { rejectUnauthorized: false });
  });
});
