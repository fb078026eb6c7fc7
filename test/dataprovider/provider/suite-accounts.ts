/** Admins, API keys, quota tracking and the default admin through the provider. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_ADMIN_ENV,
  ObjectNotFoundError,
  QuotaTrackingDisabledError,
} from '../../../src/dataprovider/index.js';
import type { DataProvider } from '../../../src/dataprovider/index.js';
import type { StoreTarget } from '../store/store-target.js';
import {
  ADMIN_CTX,
  START,
  countingHasher,
  localFolder,
  localUser,
  logRecords,
  openProvider,
} from './helpers.js';
import { rejectsCredentials, rejectsField } from './suite-users.js';

const ADMIN = {
  username: 'ops',
  password: 'ops-password',
  status: 1,
  permissions: ['add_users', 'view_users'],
};

async function counters(provider: DataProvider, name: string): Promise<number[]> {
  const user = await provider.users.get(name);
  assert.ok(user);
  return [
    user.used_quota_size,
    user.used_quota_files,
    user.used_upload_data_transfer,
    user.used_download_data_transfer,
  ];
}

export function accountTests(target: StoreTarget): void {
  describe('admins', () => {
    it('adds, checks, updates (empty password kept) and deletes admins', async (t) => {
      const hasher = countingHasher(t);
      const { provider, events } = await openProvider(t, target, { passwordHasher: hasher });
      const admin = await provider.admins.add(ADMIN, ADMIN_CTX);
      assert.match(admin.password, /^\$argon2id\$/);
      assert.equal((await provider.admins.checkPassword('ops', 'ops-password')).username, 'ops');
      await provider.admins.checkPassword('ops', 'ops-password');
      assert.equal(hasher.verified, 1, 'cached');
      await rejectsCredentials(provider.admins.checkPassword('ops', 'nope'), 'wrong_password');
      await rejectsCredentials(provider.admins.checkPassword('ghost', 'nope'), 'not_found');

      const kept = await provider.admins.update(
        'ops',
        { ...ADMIN, password: '', description: 'd' },
        ADMIN_CTX,
      );
      assert.equal(kept.password, admin.password);
      assert.equal(kept.description, 'd');
      await provider.admins.checkPassword('ops', 'ops-password');
      assert.equal(hasher.verified, 2, 'the update forgot the cached check');
      const changed = await provider.admins.update('ops', { ...ADMIN, password: 'new-password' }, ADMIN_CTX);
      assert.notEqual(changed.password, admin.password);
      await rejectsCredentials(provider.admins.checkPassword('ops', 'ops-password'), 'wrong_password');

      await rejectsField(
        provider.admins.add({ ...ADMIN, username: 'x', permissions: [] }, ADMIN_CTX),
        'permissions',
      );
      await rejectsField(
        provider.admins.add({ ...ADMIN, username: 'x', role: 'missing' }, ADMIN_CTX),
        'role',
      );
      assert.equal(await provider.admins.count(), 1);
      assert.deepEqual(
        (await provider.admins.list({ limit: 10 })).map((a) => a.username),
        ['ops'],
      );
      await provider.admins.setLastLogin('ops');
      assert.equal((await provider.admins.get('ops'))?.last_login, START);
      await provider.admins.delete('ops', ADMIN_CTX);
      assert.equal(await provider.admins.get('ops'), undefined);
      assert.deepEqual(
        events.map((e) => [e.action, e.objectType, e.object['password']]),
        [
          ['add', 'admin', undefined],
          ['update', 'admin', undefined],
          ['update', 'admin', undefined],
          ['delete', 'admin', undefined],
        ],
      );
    });
  });

  describe('API keys', () => {
    it('generates a key, authenticates it and keeps it across updates', async (t) => {
      const { provider, clock } = await openProvider(t, target);
      await provider.admins.add(ADMIN, ADMIN_CTX);
      const { apiKey, key } = await provider.apiKeys.add({ name: 'ci', scope: 1, admin: 'ops' }, ADMIN_CTX);
      assert.ok(key?.startsWith(`${apiKey.id}.`));
      assert.match(apiKey.id, /^[0-9a-v]{20}$/);
      assert.match(apiKey.key, /^\$argon2id\$/);
      assert.equal((await provider.apiKeys.authenticate(key ?? '')).admin, 'ops');
      await rejectsCredentials(provider.apiKeys.authenticate(`${apiKey.id}.wrong`), 'wrong_password');
      await rejectsCredentials(provider.apiKeys.authenticate('unknown.secret'), 'not_found');

      const updated = await provider.apiKeys.update(
        apiKey.id,
        { name: 'ci renamed', scope: 1, admin: 'ops', key: 'ignored', expires_at: START + 10 },
        ADMIN_CTX,
      );
      assert.equal(updated.name, 'ci renamed');
      assert.equal(updated.key, apiKey.key, 'the secret never changes');
      await provider.apiKeys.authenticate(key ?? '');
      clock.now = START + 11;
      await rejectsCredentials(provider.apiKeys.authenticate(key ?? ''), 'expired');
      await provider.apiKeys.setLastUse(apiKey.id);
      assert.equal((await provider.apiKeys.get(apiKey.id))?.last_use_at, START + 11);
      assert.equal(await provider.apiKeys.count(), 1);
      assert.equal((await provider.apiKeys.list({ limit: 5 }))[0]?.id, apiKey.id);
      await provider.apiKeys.delete(apiKey.id, ADMIN_CTX);
      await assert.rejects(provider.apiKeys.delete(apiKey.id, ADMIN_CTX), ObjectNotFoundError);
    });

    it('refuses keys for missing accounts; deleting the owner deletes its keys', async (t) => {
      const { provider } = await openProvider(t, target);
      await rejectsField(provider.apiKeys.add({ name: 'k', scope: 2, user: 'ghost' }, ADMIN_CTX), 'user');
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      const { apiKey } = await provider.apiKeys.add({ name: 'k', scope: 2, user: 'alice' }, ADMIN_CTX);
      await provider.users.delete('alice', ADMIN_CTX);
      assert.equal(await provider.apiKeys.get(apiKey.id), undefined);
    });
  });

  describe('quota tracking', () => {
    it('track_quota 0 refuses every update', async (t) => {
      const { provider } = await openProvider(t, target, { config: { track_quota: 0 } });
      const user = await provider.users.add(localUser('alice', { quota_size: 100 }), ADMIN_CTX);
      await provider.folders.add(localFolder('f'), ADMIN_CTX);
      await assert.rejects(
        provider.users.updateQuota(user, { size: 1, files: 1 }),
        QuotaTrackingDisabledError,
      );
      await assert.rejects(
        provider.users.updateTransferQuota(user, { upload: 1, download: 1 }),
        QuotaTrackingDisabledError,
      );
      await assert.rejects(
        provider.folders.updateQuota('f', { size: 1, files: 1 }),
        QuotaTrackingDisabledError,
      );
      assert.deepEqual(await counters(provider, 'alice'), [0, 0, 0, 0]);
    });

    it('track_quota 1 updates every user, atomically adding', async (t) => {
      const { provider } = await openProvider(t, target, { config: { track_quota: 1 } });
      const user = await provider.users.add(localUser('alice'), ADMIN_CTX);
      await Promise.all([
        provider.users.updateQuota(user, { size: 10, files: 1 }),
        provider.users.updateQuota(user, { size: 20, files: 1 }),
        provider.users.updateTransferQuota(user, { upload: 5, download: 7 }),
      ]);
      assert.deepEqual(await counters(provider, 'alice'), [30, 2, 5, 7]);
      assert.equal(await provider.users.updateQuota(user, { size: 0, files: 0 }), false);
      await provider.users.updateQuota(user, { size: 3, files: 4, reset: true });
      assert.deepEqual(await counters(provider, 'alice'), [3, 4, 5, 7]);
      await assert.rejects(
        provider.users.updateQuota(
          { username: 'ghost', quota_size: 0, quota_files: 0 },
          { size: 1, files: 1 },
        ),
        ObjectNotFoundError,
      );
    });

    it('track_quota 2 updates only users with limits, resets always, folders always', async (t) => {
      const { provider } = await openProvider(t, target, { config: { track_quota: 2 } });
      const free = await provider.users.add(localUser('free'), ADMIN_CTX);
      const limited = await provider.users.add(localUser('limited', { quota_files: 10 }), ADMIN_CTX);
      const transfer = await provider.users.add(
        localUser('transfer', { total_data_transfer: 100 }),
        ADMIN_CTX,
      );
      await provider.folders.add(localFolder('f'), ADMIN_CTX);
      assert.equal(await provider.users.updateQuota(free, { size: 10, files: 1 }), false);
      assert.equal(await provider.users.updateQuota(limited, { size: 10, files: 1 }), true);
      assert.equal(await provider.users.updateTransferQuota(free, { upload: 1, download: 1 }), false);
      assert.equal(await provider.users.updateTransferQuota(transfer, { upload: 1, download: 2 }), true);
      assert.equal(await provider.users.updateQuota(free, { size: 50, files: 5, reset: true }), true);
      assert.equal(await provider.folders.updateQuota('f', { size: 8, files: 2 }), true);
      assert.deepEqual(await counters(provider, 'free'), [50, 5, 0, 0]);
      assert.deepEqual(await counters(provider, 'limited'), [10, 1, 0, 0]);
      assert.deepEqual(await counters(provider, 'transfer'), [0, 0, 1, 2]);
      assert.equal((await provider.folders.get('f'))?.used_quota_size, 8);
    });
  });

  describe('default admin', () => {
    it('is created from the environment when there is no admin', async (t) => {
      const { provider } = await openProvider(t, target, {
        config: { create_default_admin: true },
        env: { [DEFAULT_ADMIN_ENV.username]: ' root ', [DEFAULT_ADMIN_ENV.password]: 'root-password' },
      });
      const admin = await provider.admins.get('root');
      assert.deepEqual(admin?.permissions, ['*']);
      assert.equal(admin?.status, 1);
      await provider.admins.checkPassword('root', 'root-password');
    });

    it('is skipped with a warning without both variables, and never added next to existing admins', async (t) => {
      const opened = await openProvider(t, target, {
        config: { create_default_admin: true },
        env: { [DEFAULT_ADMIN_ENV.username]: 'root' },
      });
      assert.equal(await opened.provider.admins.count(), 0);
      const records = await logRecords(opened);
      assert.ok(
        records.some(
          (r) => r['level'] === 'warn' && String(r['message']).includes(DEFAULT_ADMIN_ENV.password),
        ),
      );
      await opened.provider.admins.add(ADMIN, ADMIN_CTX);
      if (target.schema) {
        const again = await opened.reopen({
          config: { create_default_admin: true },
          env: { [DEFAULT_ADMIN_ENV.username]: 'root', [DEFAULT_ADMIN_ENV.password]: 'pw' },
        });
        assert.deepEqual(
          (await again.admins.list({ limit: 5 })).map((a) => a.username),
          ['ops'],
        );
      }
    });
  });
}
