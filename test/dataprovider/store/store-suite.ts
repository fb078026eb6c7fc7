/**
 * The behaviour every store driver must have. Each driver's test file calls {@link storeSuite}
 * with its target; the tests are the same for all of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import {
  LATEST_SCHEMA_VERSION,
  MAX_LIST_LIMIT,
  StoreConflictError,
  StoreError,
  StoreInvalidArgumentError,
  StoreNotFoundError,
  StoreSchemaError,
  initProvider,
  openStore,
  resetProvider,
  revertProvider,
} from '../../../src/dataprovider/store/index.js';
import type {
  DataStore,
  DocumentStore,
  StoreConfig,
  StoredRecord,
} from '../../../src/dataprovider/store/index.js';
import { resolveDriver } from '../../../src/dataprovider/store/config.js';
import { readSchemaVersion, writeSchemaVersion } from '../../../src/dataprovider/store/migrations/runner.js';
import { openSqlDatabase } from '../../../src/dataprovider/store/sql/open-sql-database.js';
import type { SqlDatabase } from '../../../src/dataprovider/store/sql/sql-database.js';
import type { SqlDriverName } from '../../../src/dataprovider/store/config.js';
import { TABLES } from '../../../src/dataprovider/store/tables.js';
import type { StoreTarget, TargetDatabase } from './store-target.js';

/** A settable clock, so that timestamps can be checked exactly. */
export interface Clock {
  now: number;
}

interface Opened {
  readonly store: DataStore;
  readonly db: TargetDatabase;
  readonly clock: Clock;
}

const START = 1_700_000_000_000;

/** Opens a fresh store for one test; everything is closed and removed when the test ends. */
async function openFresh(t: TestContext, target: StoreTarget): Promise<Opened> {
  const db = await target.database();
  const clock = { now: START };
  let store: DataStore;
  try {
    store = await openStore(db.config, { configDir: db.configDir, migrate: true, now: () => clock.now });
  } catch (err) {
    await db.cleanup();
    throw err;
  }
  t.after(async () => {
    await store.close();
    await db.cleanup();
  });
  return { store, db, clock };
}

/** Runs `fn` with a raw connection to the target's SQL database (schema tests only). */
async function withSql<R>(db: TargetDatabase, fn: (database: SqlDatabase) => Promise<R>): Promise<R> {
  const database = await openSqlDatabase(resolveDriver(db.config) as SqlDriverName, db.config, db);
  try {
    return await fn(database);
  } finally {
    await database.destroy();
  }
}

async function existingTables(db: TargetDatabase): Promise<string[]> {
  return withSql(db, async (database) => {
    const found: string[] = [];
    for (const table of TABLES) {
      if (await database.tableExists(database.db, database.tables[table])) found.push(table);
    }
    return found;
  });
}

/** The plain document stores, by name. */
function documentStores(store: DataStore): [string, DocumentStore<unknown, StoredRecord<unknown>>][] {
  return [
    ['users', store.users],
    ['folders', store.folders],
    ['groups', store.groups],
    ['admins', store.admins],
    ['roles', store.roles],
    ['eventActions', store.eventActions],
    ['eventRules', store.eventRules],
    ['ipLists', store.ipLists],
  ];
}

/** Byte order of UTF-8, the order every driver must list names in. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Registers the shared suite for one driver, or a skipped suite with the reason. */
export function storeSuite(label: string, target: StoreTarget | { readonly skip: string }): void {
  if ('skip' in target) {
    describe(`${label} store`, { skip: target.skip }, () => {});
    return;
  }
  describe(`${label} store`, () => {
    describe('documents', () => {
      it('adds, reads, updates and deletes every document kind', async (t) => {
        const { store, clock } = await openFresh(t, target);
        for (const [kind, s] of documentStores(store)) {
          clock.now = START;
          const added = await s.add('alpha', { kind, n: 1, nested: { list: [1, 'two', null] } });
          assert.ok(added.id > 0, kind);
          assert.equal(added.name, 'alpha');
          assert.deepEqual(added.data, { kind, n: 1, nested: { list: [1, 'two', null] } });
          assert.equal(added.createdAt, START);
          assert.equal(added.updatedAt, START);
          assert.deepEqual(await s.get('alpha'), added, kind);

          clock.now = START + 5000;
          const updated = await s.update('alpha', { kind, n: 2 });
          assert.equal(updated.id, added.id);
          assert.deepEqual(updated.data, { kind, n: 2 });
          assert.equal(updated.createdAt, START);
          assert.equal(updated.updatedAt, START + 5000);
          assert.deepEqual(await s.get('alpha'), updated);

          assert.equal(await s.get('missing'), undefined);
          await assert.rejects(s.update('missing', {}), StoreNotFoundError, kind);
          await s.delete('alpha');
          assert.equal(await s.get('alpha'), undefined);
          await assert.rejects(s.delete('alpha'), StoreNotFoundError, kind);
          assert.equal(await s.count(), 0);
        }
      });

      it('refuses a name that is taken, keeping the first record', async (t) => {
        const { store } = await openFresh(t, target);
        for (const [kind, s] of documentStores(store)) {
          await s.add('taken', { first: true });
          const err = await s.add('taken', { first: false }).catch((e: unknown) => e);
          assert.ok(err instanceof StoreConflictError, `${kind}: ${String(err)}`);
          assert.equal(err.code, 'ERR_STORE_CONFLICT');
          assert.match(err.message, /taken.*already exists/);
          assert.deepEqual((await s.get('taken'))?.data, { first: true });
          assert.equal(await s.count(), 1);
        }
      });

      it('never reuses an id', async (t) => {
        const { store } = await openFresh(t, target);
        const first = await store.roles.add('r1', {});
        await store.roles.delete('r1');
        const second = await store.roles.add('r1', {});
        assert.ok(second.id > first.id);
      });

      it('keeps names case sensitive and exact', async (t) => {
        const { store } = await openFresh(t, target);
        await store.users.add('Bob', { v: 1 });
        await store.users.add('bob', { v: 2 });
        await store.users.add('bób', { v: 3 });
        assert.deepEqual((await store.users.get('Bob'))?.data, { v: 1 });
        assert.deepEqual((await store.users.get('bob'))?.data, { v: 2 });
        assert.deepEqual((await store.users.get('bób'))?.data, { v: 3 });
        assert.equal(await store.users.get('BOB'), undefined);
      });

      it('stores a copy of the document', async (t) => {
        const { store } = await openFresh(t, target);
        const doc = { list: [1], text: 'héllo 😀 \u2028', skipped: undefined, big: 2 ** 52 };
        const added = await store.folders.add('f', doc);
        doc.list.push(2);
        assert.deepEqual(added.data, { list: [1], text: 'héllo 😀 \u2028', big: 2 ** 52 });
        const read = await store.folders.get('f');
        (read?.data as { list: number[] }).list.push(3);
        assert.deepEqual((await store.folders.get('f'))?.data, {
          list: [1],
          text: 'héllo 😀 \u2028',
          big: 2 ** 52,
        });
        await assert.rejects(store.folders.add('g', { n: 1n }), StoreInvalidArgumentError);
        const big = { text: 'x'.repeat(200_000) };
        assert.deepEqual((await store.roles.add('big', big)).data, big);
      });

      it('checks names and list bounds before touching the database', async (t) => {
        const { store } = await openFresh(t, target);
        for (const bad of ['', ' lead', 'trail ', 'nul\0', 'x'.repeat(256), 42 as unknown as string]) {
          await assert.rejects(store.users.add(bad, {}), StoreInvalidArgumentError, JSON.stringify(bad));
          await assert.rejects(store.groups.get(bad), StoreInvalidArgumentError);
        }
        assert.equal((await store.users.add('x'.repeat(255), {})).name.length, 255);
        await assert.rejects(store.apiKeys.get('k'.repeat(51)), StoreInvalidArgumentError);
        await assert.rejects(store.shares.get('s'.repeat(61)), StoreInvalidArgumentError);
        for (const options of [
          { limit: 0 },
          { limit: MAX_LIST_LIMIT + 1 },
          { limit: 1.5 },
          { limit: 10, offset: -1 },
          { limit: 10, order: 'UP' as 'ASC' },
        ]) {
          await assert.rejects(store.users.list(options), StoreInvalidArgumentError, JSON.stringify(options));
        }
        assert.equal((await store.users.list({ limit: MAX_LIST_LIMIT })).length, 1);
      });

      it('lists in byte order of the name, in pages', async (t) => {
        const { store } = await openFresh(t, target);
        const names = [
          'delta',
          'Alpha',
          'alpha',
          'zulu',
          'Émile',
          'bravo',
          '_under',
          '9lives',
          'charlie',
          'a-b',
          'ä',
        ];
        for (const name of names) await store.groups.add(name, { name });
        const sorted = [...names].sort(byteOrder);
        assert.deepEqual(
          (await store.groups.list({ limit: 100 })).map((r) => r.name),
          sorted,
        );
        assert.deepEqual(
          (await store.groups.list({ limit: 100, order: 'DESC' })).map((r) => r.name),
          [...sorted].reverse(),
        );
        const pages: string[] = [];
        for (let offset = 0; offset < names.length; offset += 4) {
          const page = await store.groups.list({ limit: 4, offset });
          assert.ok(page.length <= 4);
          pages.push(...page.map((r) => r.name));
        }
        assert.deepEqual(pages, sorted);
        assert.deepEqual(await store.groups.list({ limit: 4, offset: 100 }), []);
        assert.equal(await store.groups.count(), names.length);
      });
    });

    describe('counters', () => {
      it('updates, resets and reads user quota and transfer counters', async (t) => {
        const { store, clock } = await openFresh(t, target);
        const user = await store.users.add('u', { quota: 'in the document' });
        assert.deepEqual(
          [user.usedQuotaSize, user.usedQuotaFiles, user.lastQuotaUpdate, user.usedUploadDataTransfer],
          [0, 0, 0, 0],
        );
        assert.deepEqual(
          [user.usedDownloadDataTransfer, user.lastLogin, user.firstDownload, user.firstUpload],
          [0, 0, 0, 0],
        );

        clock.now = START + 1;
        await store.users.updateQuota('u', { size: 1000, files: 3 });
        await store.users.updateQuota('u', { size: -200, files: -1 });
        assert.deepEqual(await store.users.getQuota('u'), {
          usedQuotaSize: 800,
          usedQuotaFiles: 2,
          lastQuotaUpdate: START + 1,
          usedUploadDataTransfer: 0,
          usedDownloadDataTransfer: 0,
        });
        await store.users.updateTransferQuota('u', { upload: 5, download: 7 });
        await store.users.updateTransferQuota('u', { upload: 5, download: 7 });
        clock.now = START + 2;
        await store.users.updateQuota('u', { size: 42, files: 1, reset: true });
        // Writing the same values again must not look like a missing user.
        await store.users.updateQuota('u', { size: 42, files: 1, reset: true });
        assert.deepEqual(await store.users.getQuota('u'), {
          usedQuotaSize: 42,
          usedQuotaFiles: 1,
          lastQuotaUpdate: START + 2,
          usedUploadDataTransfer: 10,
          usedDownloadDataTransfer: 14,
        });
        await store.users.updateTransferQuota('u', { upload: 0, download: 0, reset: true });
        assert.equal((await store.users.getQuota('u')).usedUploadDataTransfer, 0);

        // Replacing the document leaves the counters alone.
        await store.users.update('u', { changed: true });
        assert.equal((await store.users.get('u'))?.usedQuotaSize, 42);

        await store.users.setLastLogin('u', START + 10);
        await store.users.setLastLogin('u', START + 10);
        assert.equal(await store.users.setFirstDownload('u', START + 20), true);
        assert.equal(await store.users.setFirstDownload('u', START + 30), false);
        assert.equal(await store.users.setFirstUpload('u', START + 40), true);
        const read = await store.users.get('u');
        assert.deepEqual(
          [read?.lastLogin, read?.firstDownload, read?.firstUpload],
          [START + 10, START + 20, START + 40],
        );

        for (const call of [
          () => store.users.getQuota('nobody'),
          () => store.users.updateQuota('nobody', { size: 1, files: 1 }),
          () => store.users.updateTransferQuota('nobody', { upload: 1, download: 1 }),
          () => store.users.setLastLogin('nobody', 1),
          () => store.users.setFirstDownload('nobody', 1),
          () => store.users.setFirstUpload('nobody', 1),
        ]) {
          await assert.rejects(call(), StoreNotFoundError);
        }
        await assert.rejects(
          store.users.updateQuota('u', { size: 0.5, files: 0 }),
          StoreInvalidArgumentError,
        );
        await assert.rejects(
          store.users.updateQuota('u', { size: 2 ** 60, files: 0 }),
          StoreInvalidArgumentError,
        );
      });

      it('loses no concurrent increment', async (t) => {
        const { store } = await openFresh(t, target);
        await store.users.add('busy', {});
        await store.folders.add('shared', {});
        const n = 200;
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            Promise.all([
              store.users.updateQuota('busy', { size: i, files: 1 }),
              store.users.updateTransferQuota('busy', { upload: 2, download: 3 }),
              store.folders.updateQuota('shared', { size: 10, files: 1 }),
            ]),
          ),
        );
        const quota = await store.users.getQuota('busy');
        assert.equal(quota.usedQuotaSize, (n * (n - 1)) / 2);
        assert.equal(quota.usedQuotaFiles, n);
        assert.equal(quota.usedUploadDataTransfer, 2 * n);
        assert.equal(quota.usedDownloadDataTransfer, 3 * n);
        const folder = await store.folders.getQuota('shared');
        assert.deepEqual([folder.usedQuotaSize, folder.usedQuotaFiles], [10 * n, n]);
      });

      it('updates and resets folder quota', async (t) => {
        const { store, clock } = await openFresh(t, target);
        await store.folders.add('f', {});
        clock.now = START + 9;
        await store.folders.updateQuota('f', { size: 10, files: 2 });
        await store.folders.updateQuota('f', { size: 5, files: 1 });
        assert.deepEqual(await store.folders.getQuota('f'), {
          usedQuotaSize: 15,
          usedQuotaFiles: 3,
          lastQuotaUpdate: START + 9,
        });
        await store.folders.updateQuota('f', { size: 1, files: 1, reset: true });
        const folder = await store.folders.get('f');
        assert.deepEqual([folder?.usedQuotaSize, folder?.usedQuotaFiles], [1, 1]);
        await assert.rejects(store.folders.updateQuota('nope', { size: 1, files: 1 }), StoreNotFoundError);
        await assert.rejects(store.folders.getQuota('nope'), StoreNotFoundError);
      });

      it('sets the admin last login', async (t) => {
        const { store } = await openFresh(t, target);
        await store.admins.add('root', { perms: ['*'] });
        await store.admins.setLastLogin('root', START + 3);
        assert.equal((await store.admins.get('root'))?.lastLogin, START + 3);
        await assert.rejects(store.admins.setLastLogin('nobody', 1), StoreNotFoundError);
      });
    });

    describe('mappings', () => {
      it('maps folders to users and follows deletions', async (t) => {
        const { store } = await openFresh(t, target);
        for (const f of ['f1', 'f2', 'f3']) await store.folders.add(f, {});
        for (const u of ['ann', 'ben']) await store.users.add(u, {});
        await store.users.setFolderMappings('ann', [
          { folder: 'f2', virtualPath: '/b', quotaSize: -1, quotaFiles: -1 },
          { folder: 'f1', virtualPath: '/a', quotaSize: 100, quotaFiles: 10 },
        ]);
        await store.users.setFolderMappings('ben', [
          { folder: 'f1', virtualPath: '/x', quotaSize: 0, quotaFiles: 0 },
        ]);
        assert.deepEqual(await store.users.foldersOf('ann'), [
          { folder: 'f1', virtualPath: '/a', quotaSize: 100, quotaFiles: 10 },
          { folder: 'f2', virtualPath: '/b', quotaSize: -1, quotaFiles: -1 },
        ]);
        assert.deepEqual(await store.users.usersOfFolder('f1'), ['ann', 'ben']);
        assert.deepEqual(await store.users.usersOfFolder('f3'), []);

        // A missing folder changes nothing.
        await assert.rejects(
          store.users.setFolderMappings('ann', [
            { folder: 'f3', virtualPath: '/c', quotaSize: 0, quotaFiles: 0 },
            { folder: 'ghost', virtualPath: '/g', quotaSize: 0, quotaFiles: 0 },
          ]),
          (err: unknown) => err instanceof StoreNotFoundError && /folder "ghost"/.test(err.message),
        );
        assert.equal((await store.users.foldersOf('ann')).length, 2);
        await assert.rejects(
          store.users.setFolderMappings('ann', [
            { folder: 'f3', virtualPath: '/c', quotaSize: 0, quotaFiles: 0 },
            { folder: 'f3', virtualPath: '/d', quotaSize: 0, quotaFiles: 0 },
          ]),
          StoreInvalidArgumentError,
        );
        await assert.rejects(store.users.setFolderMappings('nobody', []), StoreNotFoundError);
        await assert.rejects(store.users.foldersOf('nobody'), StoreNotFoundError);
        await assert.rejects(store.users.usersOfFolder('ghost'), StoreNotFoundError);

        // Deleting a folder unmounts it; deleting a user drops its mappings.
        await store.folders.delete('f2');
        assert.deepEqual(
          (await store.users.foldersOf('ann')).map((m) => m.folder),
          ['f1'],
        );
        await store.users.delete('ann');
        assert.deepEqual(await store.users.usersOfFolder('f1'), ['ben']);
        await store.users.setFolderMappings('ben', []);
        assert.deepEqual(await store.users.foldersOf('ben'), []);
      });

      it('maps users to groups and groups to folders', async (t) => {
        const { store } = await openFresh(t, target);
        for (const g of ['staff', 'admins']) await store.groups.add(g, {});
        await store.folders.add('docs', {});
        await store.users.add('ann', {});
        await store.users.add('ben', {});
        await store.users.setGroupMappings('ann', [
          { group: 'staff', type: 2 },
          { group: 'admins', type: 1 },
        ]);
        await store.users.setGroupMappings('ben', [{ group: 'staff', type: 1 }]);
        assert.deepEqual(await store.users.groupsOf('ann'), [
          { group: 'admins', type: 1 },
          { group: 'staff', type: 2 },
        ]);
        assert.deepEqual(await store.users.usersOfGroup('staff'), ['ann', 'ben']);
        await assert.rejects(
          store.users.setGroupMappings('ann', [{ group: 'ghost', type: 1 }]),
          StoreNotFoundError,
        );
        assert.equal((await store.users.groupsOf('ann')).length, 2);
        await assert.rejects(
          store.users.setGroupMappings('ann', [
            { group: 'staff', type: 1 },
            { group: 'staff', type: 2 },
          ]),
          StoreInvalidArgumentError,
        );

        await store.groups.setFolderMappings('staff', [
          { folder: 'docs', virtualPath: '/docs', quotaSize: 0, quotaFiles: 0 },
        ]);
        assert.deepEqual(await store.groups.foldersOf('staff'), [
          { folder: 'docs', virtualPath: '/docs', quotaSize: 0, quotaFiles: 0 },
        ]);
        assert.deepEqual(await store.groups.groupsOfFolder('docs'), ['staff']);
        await assert.rejects(store.groups.foldersOf('ghost'), StoreNotFoundError);

        // A group in use cannot go; once unused it goes with its folder mappings.
        await assert.rejects(
          store.groups.delete('staff'),
          (err: unknown) => err instanceof StoreConflictError && /2 user/.test(err.message),
        );
        await store.users.delete('ann');
        assert.deepEqual(await store.users.usersOfGroup('staff'), ['ben']);
        await store.users.setGroupMappings('ben', []);
        await store.groups.delete('staff');
        assert.deepEqual(await store.groups.groupsOfFolder('docs'), []);
        await store.groups.add('staff', {});
        await store.groups.setFolderMappings('staff', [
          { folder: 'docs', virtualPath: '/d', quotaSize: 0, quotaFiles: 0 },
        ]);
        await store.folders.delete('docs');
        assert.deepEqual(await store.groups.foldersOf('staff'), []);
      });
    });

    describe('API keys and shares', () => {
      it('binds API keys to users or admins and deletes them with their owner', async (t) => {
        const { store, clock } = await openFresh(t, target);
        await store.users.add('ann', {});
        await store.admins.add('root', {});
        const userKey = await store.apiKeys.add(
          'k-user',
          { scope: 2 },
          { label: 'for ann', expiresAt: 0, user: 'ann' },
        );
        assert.deepEqual(
          { ...userKey, id: 0 },
          {
            id: 0,
            name: 'k-user',
            data: { scope: 2 },
            createdAt: START,
            updatedAt: START,
            label: 'for ann',
            lastUseAt: 0,
            expiresAt: 0,
            user: 'ann',
            admin: undefined,
          },
        );
        const adminKey = await store.apiKeys.add(
          'k-admin',
          {},
          { label: 'root key', expiresAt: START + 99, admin: 'root' },
        );
        assert.deepEqual(
          [adminKey.admin, adminKey.user, adminKey.expiresAt],
          ['root', undefined, START + 99],
        );
        const free = await store.apiKeys.add('k-free', {}, { label: 'unbound', expiresAt: 0 });
        assert.deepEqual([free.user, free.admin], [undefined, undefined]);

        await assert.rejects(
          store.apiKeys.add('k-user', {}, { label: 'x', expiresAt: 0 }),
          StoreConflictError,
        );
        await assert.rejects(
          store.apiKeys.add('k2', {}, { label: 'x', expiresAt: 0, user: 'ghost' }),
          StoreNotFoundError,
        );
        await assert.rejects(
          store.apiKeys.add('k3', {}, { label: 'x', expiresAt: 0, user: 'ann', admin: 'root' }),
          StoreInvalidArgumentError,
        );
        await assert.rejects(
          store.apiKeys.add('k4', {}, { label: '', expiresAt: 0 }),
          StoreInvalidArgumentError,
        );
        assert.equal(await store.apiKeys.get('k2'), undefined);

        clock.now = START + 7;
        const moved = await store.apiKeys.update(
          'k-free',
          { scope: 1 },
          { label: 'now ann', expiresAt: 5, user: 'ann' },
        );
        assert.deepEqual(
          [moved.user, moved.label, moved.expiresAt, moved.updatedAt],
          ['ann', 'now ann', 5, START + 7],
        );
        await assert.rejects(
          store.apiKeys.update('ghost', {}, { label: 'x', expiresAt: 0 }),
          StoreNotFoundError,
        );
        await store.apiKeys.setLastUse('k-admin', START + 8);
        assert.equal((await store.apiKeys.get('k-admin'))?.lastUseAt, START + 8);
        await assert.rejects(store.apiKeys.setLastUse('ghost', 1), StoreNotFoundError);
        assert.deepEqual(
          (await store.apiKeys.list({ limit: 10 })).map((k) => k.name),
          ['k-admin', 'k-free', 'k-user'],
        );

        await store.users.delete('ann');
        assert.deepEqual(
          (await store.apiKeys.list({ limit: 10 })).map((k) => k.name),
          ['k-admin'],
        );
        await store.admins.delete('root');
        assert.equal(await store.apiKeys.count(), 0);
      });

      it('keeps shares per user, counts their uses and deletes them with the user', async (t) => {
        const { store } = await openFresh(t, target);
        await store.users.add('ann', {});
        await store.users.add('ben', {});
        const share = await store.shares.add('s1', { paths: ['/'] }, { username: 'ann', expiresAt: 0 });
        assert.deepEqual(
          [share.name, share.username, share.usedTokens, share.lastUseAt],
          ['s1', 'ann', 0, 0],
        );
        await store.shares.add('s3', {}, { username: 'ann', expiresAt: 9 });
        await store.shares.add('s2', {}, { username: 'ben', expiresAt: 0 });
        await assert.rejects(
          store.shares.add('s1', {}, { username: 'ben', expiresAt: 0 }),
          StoreConflictError,
        );
        await assert.rejects(
          store.shares.add('s9', {}, { username: 'ghost', expiresAt: 0 }),
          StoreNotFoundError,
        );
        assert.deepEqual(
          (await store.shares.listByUser('ann', { limit: 10 })).map((s) => s.name),
          ['s1', 's3'],
        );
        assert.deepEqual(
          (await store.shares.listByUser('ann', { limit: 10, order: 'DESC', offset: 1 })).map((s) => s.name),
          ['s1'],
        );
        await assert.rejects(store.shares.listByUser('ghost', { limit: 10 }), StoreNotFoundError);
        assert.deepEqual(
          (await store.shares.list({ limit: 10 })).map((s) => [s.name, s.username]),
          [
            ['s1', 'ann'],
            ['s2', 'ben'],
            ['s3', 'ann'],
          ],
        );

        assert.equal(await store.shares.recordUse('s1', { tokens: 1, at: START + 1 }), true);
        assert.equal(await store.shares.recordUse('s1', { tokens: 2, at: START + 2, maxTokens: 3 }), true);
        assert.equal(await store.shares.recordUse('s1', { tokens: 1, at: START + 3, maxTokens: 3 }), false);
        const used = await store.shares.get('s1');
        assert.deepEqual([used?.usedTokens, used?.lastUseAt], [3, START + 2]);
        await assert.rejects(store.shares.recordUse('ghost', { tokens: 1, at: 1 }), StoreNotFoundError);
        await assert.rejects(
          store.shares.recordUse('ghost', { tokens: 1, at: 1, maxTokens: 5 }),
          StoreNotFoundError,
        );

        const updated = await store.shares.update('s1', { paths: ['/x'] }, { expiresAt: 77 });
        assert.deepEqual([updated.expiresAt, updated.username, updated.usedTokens], [77, 'ann', 3]);

        // Many uses at once never go past the limit.
        await store.shares.add('limited', {}, { username: 'ben', expiresAt: 0 });
        const results = await Promise.all(
          Array.from({ length: 30 }, () =>
            store.shares.recordUse('limited', { tokens: 1, at: START, maxTokens: 10 }),
          ),
        );
        assert.equal(results.filter(Boolean).length, 10);
        assert.equal((await store.shares.get('limited'))?.usedTokens, 10);

        await store.users.delete('ann');
        assert.deepEqual(
          (await store.shares.list({ limit: 10 })).map((s) => s.name),
          ['limited', 's2'],
        );
      });
    });

    describe('defender', () => {
      it('scores events, bans, lists and cleans up hosts', async (t) => {
        const { store } = await openFresh(t, target);
        const d = store.defender;
        await d.addEvent({ ip: '10.0.0.1', score: 2, at: 1000 });
        await d.addEvent({ ip: '10.0.0.1', score: 3, at: 2000 });
        await d.addEvent({ ip: '10.0.0.2', score: 1, at: 3000 });
        await d.addEvent({ ip: '::1', score: 5, at: 500 });

        const hosts = await d.listHosts({ from: 1000, limit: 10 });
        assert.deepEqual(
          hosts.map((h) => [h.ip, h.score, h.updatedAt, h.banTime]),
          [
            ['10.0.0.2', 1, 3000, 0],
            ['10.0.0.1', 5, 2000, 0],
          ],
        );
        assert.equal((await d.getHost('10.0.0.1', { from: 1500 }))?.score, 3);
        assert.equal(await d.getHost('::1', { from: 1000 }), undefined);
        assert.equal((await d.getHost('::1', { from: 0 }))?.score, 5);
        assert.equal((await d.listHosts({ from: 0, limit: 1 })).length, 1);
        await assert.rejects(d.listHosts({ from: 0, limit: MAX_LIST_LIMIT + 1 }), StoreInvalidArgumentError);

        await d.setBanTime('::1', 10_000);
        assert.equal(await d.isBanned('::1', 9_999), true);
        assert.equal(await d.isBanned('::1', 10_001), false);
        await d.incrementBanTime('::1', 5_000);
        assert.equal(await d.isBanned('::1', 14_000), true);
        assert.equal(await d.isBanned('10.0.0.9', 0), false);
        // Banned hosts show up whatever their last event.
        assert.deepEqual(
          (await d.listHosts({ from: 5000, limit: 10 })).map((h) => [h.ip, h.banTime, h.score]),
          [['::1', 15_000, 0]],
        );
        for (const call of [
          () => d.setBanTime('10.9.9.9', 1),
          () => d.incrementBanTime('10.9.9.9', 1),
          () => d.deleteHost('10.9.9.9'),
        ]) {
          await assert.rejects(call(), StoreNotFoundError);
        }

        // Cleanup: events before 2500 go; hosts without a current ban or later event go.
        await d.cleanup({ from: 2500, at: 20_000 });
        assert.deepEqual(
          (await d.listHosts({ from: 0, limit: 10 })).map((h) => [h.ip, h.score]),
          [['10.0.0.2', 1]],
        );
        await d.deleteHost('10.0.0.2');
        assert.deepEqual(await d.listHosts({ from: 0, limit: 10 }), []);
      });

      it('adds concurrent events for a new host once', async (t) => {
        const { store } = await openFresh(t, target);
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            store.defender.addEvent({ ip: '192.0.2.7', score: 1, at: 100 + i }),
          ),
        );
        const host = await store.defender.getHost('192.0.2.7', { from: 0 });
        assert.equal(host?.score, 40);
        assert.equal((await store.defender.listHosts({ from: 0, limit: 10 })).length, 1);
      });
    });

    describe('transactions', () => {
      it('keeps everything a transaction did when it resolves', async (t) => {
        const { store } = await openFresh(t, target);
        const result = await store.transaction(async (tx) => {
          await tx.folders.add('f', {});
          await tx.users.add('u', {});
          await tx.users.setFolderMappings('u', [
            { folder: 'f', virtualPath: '/f', quotaSize: 0, quotaFiles: 0 },
          ]);
          await tx.users.updateQuota('u', { size: 5, files: 1 });
          return 'done';
        });
        assert.equal(result, 'done');
        assert.deepEqual(await store.users.usersOfFolder('f'), ['u']);
        assert.equal((await store.users.getQuota('u')).usedQuotaSize, 5);
      });

      it('keeps nothing of a transaction that throws', async (t) => {
        const { store } = await openFresh(t, target);
        await store.users.add('existing', {});
        await store.users.updateQuota('existing', { size: 1, files: 1 });

        // A store error half way: the user added first must not stay.
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.users.add('new', {});
            await tx.users.updateQuota('existing', { size: 100, files: 100 });
            await tx.users.setFolderMappings('new', [
              { folder: 'ghost', virtualPath: '/g', quotaSize: 0, quotaFiles: 0 },
            ]);
          }),
          StoreNotFoundError,
        );
        assert.equal(await store.users.get('new'), undefined);
        assert.equal((await store.users.getQuota('existing')).usedQuotaSize, 1);

        // The caller's own error comes back unchanged.
        const mine = new Error('changed my mind');
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.groups.add('g', {});
            await tx.users.delete('existing');
            await tx.defender.addEvent({ ip: '1.2.3.4', score: 1, at: 1 });
            throw mine;
          }),
          (err) => err === mine,
        );
        assert.equal(await store.groups.get('g'), undefined);
        assert.notEqual(await store.users.get('existing'), undefined);
        assert.deepEqual(await store.defender.listHosts({ from: 0, limit: 10 }), []);

        // A unique conflict inside rolls back the rest too.
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.roles.add('r', {});
            await tx.users.add('existing', {});
          }),
          StoreConflictError,
        );
        assert.equal(await store.roles.get('r'), undefined);
      });

      it('hides a transaction from the outside until it ends, and joins nested ones', async (t) => {
        const { store } = await openFresh(t, target);
        let outside: Promise<unknown> | undefined;
        let saved: DataStore | undefined;
        await assert.rejects(
          store.transaction(async (tx) => {
            saved = tx;
            await tx.users.add('ghost', {});
            await tx.transaction(async (inner) => {
              assert.equal(inner, tx);
              await inner.users.updateQuota('ghost', { size: 1, files: 1 });
            });
            outside = store.users.get('ghost');
            await new Promise((resolve) => setTimeout(resolve, 20));
            throw new Error('rollback');
          }),
          /rollback/,
        );
        assert.equal(await outside, undefined);
        assert.equal(await store.users.get('ghost'), undefined);
        await assert.rejects(saved!.users.get('ghost'), StoreError);
      });

      it('runs concurrent transactions without losing either', async (t) => {
        const { store } = await openFresh(t, target);
        await store.users.add('u', {});
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.transaction(async (tx) => {
              await tx.roles.add(`role${i}`, {});
              await tx.users.updateQuota('u', { size: 1, files: 1 });
            }),
          ),
        );
        assert.equal(await store.roles.count(), 10);
        assert.equal((await store.users.getQuota('u')).usedQuotaFiles, 10);
      });
    });

    describe('lifecycle', () => {
      it('answers ping and refuses work once closed', async (t) => {
        const db = await target.database();
        t.after(() => db.cleanup());
        const store = await openStore(db.config, { configDir: db.configDir, migrate: true });
        await store.ping();
        assert.equal(store.driver, resolveDriver(db.config));
        await store.close();
        await store.close();
        await assert.rejects(store.users.get('x'), StoreError);
        await assert.rejects(store.ping(), StoreError);
        await assert.rejects(
          store.transaction(async () => undefined),
          StoreError,
        );
      });

      it(
        'keeps the data when the store is opened again',
        { skip: !target.shared && 'the driver keeps nothing' },
        async (t) => {
          const db = await target.database();
          t.after(() => db.cleanup());
          const first = await openStore(db.config, { configDir: db.configDir, migrate: true });
          await first.users.add('kept', { v: 1 });
          await first.users.updateQuota('kept', { size: 3, files: 1 });
          await first.close();
          const second = await openStore(db.config, { configDir: db.configDir, migrate: false });
          const user = await second.users.get('kept');
          assert.deepEqual([user?.data, user?.usedQuotaSize], [{ v: 1 }, 3]);
          await second.close();
        },
      );
    });

    describe('schema', { skip: !target.schema && 'the driver has no schema' }, () => {
      it('creates, checks, reverts and resets the schema', async (t) => {
        const db = await target.database();
        t.after(() => db.cleanup());
        const options = { configDir: db.configDir };
        await assert.rejects(
          openStore(db.config, { ...options, migrate: false }),
          (err: unknown) =>
            err instanceof StoreSchemaError && /not initialised.*initprovider/.test(err.message),
        );
        const driver = resolveDriver(db.config);
        assert.deepEqual(await initProvider(db.config, options), {
          driver,
          from: 0,
          to: LATEST_SCHEMA_VERSION,
        });
        assert.deepEqual(await initProvider(db.config, options), {
          driver,
          from: LATEST_SCHEMA_VERSION,
          to: LATEST_SCHEMA_VERSION,
        });
        assert.deepEqual((await existingTables(db)).sort(), [...TABLES].sort());

        const store = await openStore(db.config, { ...options, migrate: false });
        await store.ipLists.add('1_192.0.2.0/24', {});
        assert.deepEqual(await revertProvider(db.config, options), {
          driver,
          from: LATEST_SCHEMA_VERSION,
          to: LATEST_SCHEMA_VERSION - 1,
        });
        // The open store now lacks the IP lists table: a schema error, not a raw database error.
        await assert.rejects(store.ipLists.add('1_192.0.2.1/32', {}), StoreSchemaError);
        await store.users.add('survivor', {});
        await store.close();
        assert.ok(!(await existingTables(db)).includes('ip_lists'));

        await assert.rejects(
          openStore(db.config, { ...options, migrate: false }),
          (err: unknown) => err instanceof StoreSchemaError && /older/.test(err.message),
        );
        const upgraded = await openStore(db.config, { ...options, migrate: true });
        assert.deepEqual(await upgraded.ipLists.list({ limit: 10 }), []);
        assert.notEqual(await upgraded.users.get('survivor'), undefined);
        await upgraded.close();

        for (let v = LATEST_SCHEMA_VERSION; v > 1; v--) {
          assert.deepEqual(await revertProvider(db.config, options), { driver, from: v, to: v - 1 });
        }
        assert.deepEqual(
          (await existingTables(db)).filter((tb) => tb.startsWith('event_') || tb.startsWith('defender_')),
          [],
        );
        await assert.rejects(
          revertProvider(db.config, options),
          (err: unknown) => err instanceof StoreSchemaError && /resetprovider/.test(err.message),
        );
        assert.deepEqual(await initProvider(db.config, options), {
          driver,
          from: 1,
          to: LATEST_SCHEMA_VERSION,
        });
        assert.deepEqual(await revertProvider(db.config, { ...options, toVersion: 1 }), {
          driver,
          from: LATEST_SCHEMA_VERSION,
          to: 1,
        });
        await assert.rejects(
          revertProvider(db.config, { ...options, toVersion: 1 }),
          (err: unknown) =>
            err instanceof StoreSchemaError && /nothing to revert to version 1/.test(err.message),
        );
        assert.deepEqual(await resetProvider(db.config, options), { driver, from: 1, to: 0 });
        assert.deepEqual(await existingTables(db), []);
        await assert.rejects(revertProvider(db.config, options), StoreSchemaError);
        assert.deepEqual(await resetProvider(db.config, options), { driver, from: 0, to: 0 });
      });

      it('refuses a schema newer than this program', async (t) => {
        const db = await target.database();
        t.after(() => db.cleanup());
        const options = { configDir: db.configDir };
        await initProvider(db.config, options);
        await withSql(db, (database) => writeSchemaVersion(database, database.db, LATEST_SCHEMA_VERSION + 1));
        const newer = (err: unknown): boolean => err instanceof StoreSchemaError && /newer/.test(err.message);
        await assert.rejects(openStore(db.config, { ...options, migrate: true }), newer);
        await assert.rejects(openStore(db.config, { ...options, migrate: false }), newer);
        await assert.rejects(initProvider(db.config, options), newer);
        await assert.rejects(revertProvider(db.config, options), newer);
        await assert.rejects(resetProvider(db.config, options), newer);
        assert.equal(await withSql(db, (database) => readSchemaVersion(database)), LATEST_SCHEMA_VERSION + 1);
        // Back to our version, so that the test can clean up.
        await withSql(db, (database) => writeSchemaVersion(database, database.db, LATEST_SCHEMA_VERSION));
      });

      it('leaves a database of SFTPGo itself alone', async (t) => {
        const db = await target.database();
        const options = { configDir: db.configDir };
        const prefix = db.config.sql_tables_prefix ?? '';
        const marker = `${prefix}folders_mapping`;
        await withSql(db, (database) =>
          database.db.schema.createTable(marker).addColumn('id', 'integer').execute(),
        );
        t.after(async () => {
          await withSql(db, (database) => database.db.schema.dropTable(marker).ifExists().execute());
          await db.cleanup();
        });
        const foreign = (err: unknown): boolean =>
          err instanceof StoreSchemaError && /SFTPGo itself/.test(err.message);
        await assert.rejects(openStore(db.config, { ...options, migrate: true }), foreign);
        await assert.rejects(openStore(db.config, { ...options, migrate: false }), foreign);
        await assert.rejects(resetProvider(db.config, options), foreign);
      });

      it('keeps tables of other prefixes apart', async (t) => {
        const { store: a, db } = await openFresh(t, target);
        const other: StoreConfig = {
          ...db.config,
          sql_tables_prefix: `${db.config.sql_tables_prefix ?? ''}o_`,
        };
        const b = await openStore(other, { configDir: db.configDir, migrate: true });
        try {
          await a.users.add('same', { from: 'a' });
          await b.users.add('same', { from: 'b' });
          assert.deepEqual((await a.users.get('same'))?.data, { from: 'a' });
          assert.deepEqual((await b.users.get('same'))?.data, { from: 'b' });
        } finally {
          await b.close();
          await resetProvider(other, { configDir: db.configDir });
        }
      });
    });
  });
}
