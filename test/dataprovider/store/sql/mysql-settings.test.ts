import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConfigError } from '../../../../src/dataprovider/store/errors.js';
import { mysqlSslOption } from '../../../../src/dataprovider/store/sql/mysql-database.js';
import { mysqlSettings, parseGoDsn } from '../../../../src/dataprovider/store/sql/mysql-settings.js';

describe('MySQL settings', () => {
  it('builds the settings from the separate keys, with the sslmode numbers', () => {
    const s = mysqlSettings({ host: 'db', port: 3307, username: 'u', name: 'sftpgo', sslmode: 2 }, 'pw');
    assert.deepEqual(s, {
      host: 'db',
      port: 3307,
      database: 'sftpgo',
      user: 'u',
      password: 'pw',
      tls: 'skip-verify',
    });
    assert.deepEqual(
      [0, 1, 2, 3].map((sslmode) => mysqlSettings({ sslmode }, undefined).tls),
      ['false', 'true', 'skip-verify', 'preferred'],
    );
    const socket = mysqlSettings({ host: '/run/mysqld/mysqld.sock', port: 3306 }, undefined);
    assert.equal(socket.socketPath, '/run/mysqld/mysqld.sock');
    assert.equal(socket.host, undefined);
  });

  it("parses the Go driver's DSN that SFTPGo configurations use", () => {
    assert.deepEqual(
      parseGoDsn('sftpgo:p@ss:w0rd@tcp([::1]:3307)/sftpgo?charset=utf8mb4&tls=skip-verify&timeout=5s'),
      {
        database: 'sftpgo',
        user: 'sftpgo',
        password: 'p@ss:w0rd',
        tls: 'skip-verify',
        connectTimeoutMs: 5000,
        host: '::1',
        port: 3307,
      },
    );
    const unix = parseGoDsn('root@unix(/run/mysqld/mysqld.sock)/db');
    assert.deepEqual(
      [unix.socketPath, unix.user, unix.database, unix.tls],
      ['/run/mysqld/mysqld.sock', 'root', 'db', 'false'],
    );
    const bare = parseGoDsn('/db');
    assert.deepEqual([bare.host, bare.database, bare.user], [undefined, 'db', undefined]);
    assert.throws(() => parseGoDsn('nodatabase'), StoreConfigError);
    assert.throws(() => parseGoDsn('u@udp(h)/db'), /network "udp"/);
    assert.throws(() => parseGoDsn('u@tcp(h)/db?tls=maybe'), /tls "maybe"/);
    assert.throws(() => parseGoDsn('u@tcp(h)/db?timeout=soon'), /duration/);
  });

  it('parses mysql:// URLs', () => {
    const s = mysqlSettings({ connection_string: 'mysql://u:p%40ss@h:3308/d?tls=true' }, 'from-keys');
    assert.deepEqual(
      [s.host, s.port, s.user, s.password, s.database, s.tls],
      ['h', 3308, 'u', 'p@ss', 'd', 'true'],
    );
    assert.equal(mysqlSettings({ connection_string: 'mysql://u@h/d' }, 'from-keys').password, 'from-keys');
  });

  it('maps TLS modes to TLS options', () => {
    assert.equal(mysqlSslOption('false', {}), undefined);
    assert.deepEqual(mysqlSslOption('true', {}), { rejectUnauthorized: true, verifyIdentity: true });
    assert.deepEqual(mysqlSslOption('skip-verify', {}), { rejectUnauthorized: false });
    assert.deepEqual(mysqlSslOption('preferred', {}), { rejectUnauthorized: false });
    const ca = Buffer.from('ca');
    assert.deepEqual(mysqlSslOption('custom', { ca }), {
      ca,
      rejectUnauthorized: true,
      verifyIdentity: true,
    });
  });
});
