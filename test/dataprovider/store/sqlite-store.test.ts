import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { SqliteDatabase } from '../../../src/dataprovider/store/sql/sqlite-module.js';
import { openStore } from '../../../src/dataprovider/store/index.js';
import { sqlitePath } from '../../../src/dataprovider/store/sql/sqlite-database.js';
import { tempDir } from '../../helpers/tmp.js';
import { storeSuite } from './store-suite.js';
import { sqliteTarget } from './store-target.js';

storeSuite('sqlite', sqliteTarget);

it('sqlite store defaults to sftpgo.db in the config dir, in WAL mode with foreign keys', async (t) => {
  const dir = await tempDir(t);
  const store = await openStore({ driver: 'sqlite' }, { configDir: dir, migrate: true });
  await store.users.add('u', {});
  await store.close();
  const file = join(dir, 'sftpgo.db');
  await access(file);
  const raw = new SqliteDatabase(file, { readonly: true });
  try {
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal((raw.prepare('select count(*) as n from users').get() as { n: number }).n, 1);
  } finally {
    raw.close();
  }
});

it('sqlite store resolves its file from name or connection_string', () => {
  assert.equal(sqlitePath({ name: 'db/x.db' }, '/etc/sftpgo'), '/etc/sftpgo/db/x.db');
  assert.equal(sqlitePath({ name: '/var/lib/sftpgo/x.db' }, '/etc/sftpgo'), '/var/lib/sftpgo/x.db');
  assert.equal(sqlitePath({}, '/etc/sftpgo'), '/etc/sftpgo/sftpgo.db');
  assert.equal(
    sqlitePath(
      { name: 'ignored.db', connection_string: 'file:/data/s.db?_foreign_keys=1&_journal_mode=WAL' },
      '/etc',
    ),
    '/data/s.db',
  );
});
