import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidDumpError } from '../../../src/dataprovider/index.js';
import { memoryTarget } from '../store/store-target.js';
import type { StoreTarget } from '../store/store-target.js';
import { ADMIN_CTX, localUser, logRecords, openProvider } from './helpers.js';
import { providerSuite } from './provider-suite.js';
import { sftpgoDump } from './suite-backup.js';

providerSuite('memory', memoryTarget);

/** A memory target whose config dir already holds `dump.json` with `content`. */
function memoryWithDump(content: string, name = 'dump.json'): StoreTarget {
  return {
    ...memoryTarget,
    async database() {
      const db = await memoryTarget.database();
      await writeFile(join(db.configDir, 'dump.json'), content);
      return { ...db, config: { ...db.config, name } };
    },
  };
}

describe('memory driver dump file', () => {
  it('is loaded at open, relative to the config dir, as the system', async (t) => {
    const opened = await openProvider(t, memoryWithDump(JSON.stringify(sftpgoDump())));
    const { provider, events } = opened;
    assert.equal(provider.driver, 'memory');
    assert.deepEqual(
      (await provider.users.list({ limit: 10 })).map((u) => u.username),
      ['alice', 'bob'],
    );
    assert.equal((await provider.users.get('alice'))?.used_quota_files, 42);
    assert.ok(events.length > 0 && events.every((e) => e.executor === '__system__' && e.action === 'add'));
    const records = await logRecords(opened);
    assert.ok(records.some((r) => r['message'] === 'dump loaded'));
  });

  it('reload replaces the content with the file, which is never written back', async (t) => {
    const opened = await openProvider(t, memoryWithDump(JSON.stringify(sftpgoDump())));
    const { provider, db } = opened;
    const file = join(db.configDir, 'dump.json');
    const original = await readFile(file, 'utf8');
    await provider.users.add(localUser('zed'), ADMIN_CTX);
    await provider.users.update('alice', localUser('alice', { description: 'changed live' }), ADMIN_CTX);
    assert.equal(await readFile(file, 'utf8'), original, 'changes are not written to the dump');

    const smaller = sftpgoDump();
    smaller['users'] = (smaller['users'] as Record<string, unknown>[]).filter(
      (u) => u['username'] === 'alice',
    );
    smaller['shares'] = [];
    await writeFile(file, JSON.stringify(smaller));
    await provider.reload();
    assert.deepEqual(
      (await provider.users.list({ limit: 10 })).map((u) => u.username),
      ['alice'],
    );
    assert.equal((await provider.users.get('alice'))?.description, 'Alice from accounting');
    await provider.users.checkPassword('alice', 'alice-password');
  });

  it('a bad file at reload leaves the content as it was', async (t) => {
    const opened = await openProvider(t, memoryWithDump(JSON.stringify(sftpgoDump())));
    const file = join(opened.db.configDir, 'dump.json');
    await writeFile(file, '{"users": [{"username": "x"}]}');
    await assert.rejects(opened.provider.reload(), (err: unknown) => {
      assert.ok(err instanceof InvalidDumpError);
      assert.match(err.message, /^users\[0\] \(x\): /);
      return true;
    });
    await writeFile(file, '');
    await assert.rejects(opened.provider.reload(), /is empty/);
    assert.equal(await opened.provider.users.count(), 2);
  });

  it('a bad or missing file at open is logged and the provider starts empty', async (t) => {
    const broken = await openProvider(t, memoryWithDump('{ not json'));
    assert.equal(await broken.provider.users.count(), 0);
    const records = await logRecords(broken);
    const warning = records.find((r) => r['message'] === 'provider initialized but data loading failed');
    assert.match(String(warning?.['error']), /not valid JSON/);

    const missing = await openProvider(t, memoryWithDump('{}', 'absent.json'));
    assert.equal(await missing.provider.users.count(), 0);
    await assert.rejects(missing.provider.reload(), /cannot read dump file/);
  });

  it('without a name there is nothing to load and reload does nothing', async (t) => {
    const { provider } = await openProvider(t, memoryWithDump('{}', ''));
    await provider.users.add(localUser('kept'), ADMIN_CTX);
    await provider.reload();
    assert.equal(await provider.users.count(), 1);
  });
});
