/** Users through the provider: CRUD with mounts, validation, passwords, events. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  InvalidCredentialsError,
  ObjectConflictError,
  ObjectNotFoundError,
  ValidationError,
} from '../../../src/dataprovider/index.js';
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

/** Asserts a promise rejects with a ValidationError on `field`. */
export async function rejectsField(
  promise: Promise<unknown>,
  field: string,
  message?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.equal(err.field, field, err.message);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

/** Asserts a promise rejects with InvalidCredentialsError and the given reason. */
export async function rejectsCredentials(promise: Promise<unknown>, reason: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InvalidCredentialsError, `expected InvalidCredentialsError, got ${String(err)}`);
    assert.equal(err.message, 'invalid credentials');
    assert.equal(err.reason, reason);
    return true;
  });
}

export function userTests(target: StoreTarget): void {
  describe('users', () => {
    it('adds a user with a mounted folder; reads it back with folder details and counters', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.folders.add(localFolder('shared', { description: 'team' }), ADMIN_CTX);
      const added = await provider.users.add(
        localUser('alice', {
          quota_size: 1000,
          used_quota_size: 999, // ignored on add: counters come from the store
          virtual_folders: [
            { name: 'shared', virtual_path: '/shared', quota_size: -1, quota_files: -1 },
            { name: 'shared', virtual_path: '/docs', subpath: '/docs', quota_size: -1, quota_files: -1 },
          ],
        }),
        ADMIN_CTX,
      );
      assert.ok(added.id > 0);
      assert.equal(added.created_at, START);
      assert.equal(added.used_quota_size, 0);
      assert.deepEqual(
        added.virtual_folders.map((f) => [f.name, f.virtual_path, f.subpath, f.mapped_path, f.description]),
        [
          ['shared', '/shared', '', '/srv/folders/shared', 'team'],
          ['shared', '/docs', '/docs', '/srv/folders/shared', 'team'],
        ],
      );
      const folder = await provider.folders.get('shared');
      assert.deepEqual(folder?.users, ['alice']);

      await provider.users.updateQuota(added, { size: 100, files: 2 });
      await provider.folders.updateQuota('shared', { size: 7, files: 1 });
      const read = await provider.users.get('alice');
      assert.equal(read?.used_quota_size, 100);
      assert.equal(read?.used_quota_files, 2);
      assert.equal(read?.last_quota_update, START);
      assert.equal(read?.virtual_folders[0]?.used_quota_size, 7, 'folder counters come with the mount');
      assert.equal(await provider.users.count(), 1);
      assert.deepEqual(
        (await provider.users.list({ limit: 10 })).map((u) => u.username),
        ['alice'],
      );
    });

    it('updates a user: mounts replaced, counters kept, name from the argument', async (t) => {
      const { provider, clock } = await openProvider(t, target);
      await provider.folders.add(localFolder('a'), ADMIN_CTX);
      await provider.folders.add(localFolder('b'), ADMIN_CTX);
      const user = await provider.users.add(
        localUser('alice', { quota_files: 5, virtual_folders: [{ name: 'a', virtual_path: '/a' }] }),
        ADMIN_CTX,
      );
      await provider.users.updateQuota(user, { size: 10, files: 1 });
      clock.now = START + 1000;
      const updated = await provider.users.update(
        'alice',
        localUser('ignored-name', {
          description: 'changed',
          password: '',
          virtual_folders: [{ name: 'b', virtual_path: '/b' }],
        }),
        ADMIN_CTX,
      );
      assert.equal(updated.username, 'alice');
      assert.equal(updated.description, 'changed');
      assert.equal(updated.updated_at, START + 1000);
      assert.equal(updated.created_at, START);
      assert.equal(updated.used_quota_size, 10);
      assert.deepEqual(
        updated.virtual_folders.map((f) => f.name),
        ['b'],
      );
      assert.deepEqual((await provider.folders.get('a'))?.users, []);
      assert.deepEqual((await provider.folders.get('b'))?.users, ['alice']);
      assert.equal(await provider.users.get('ignored-name'), undefined);
    });

    it('deletes a user and refuses unknown names', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      const deleted = await provider.users.delete('alice', ADMIN_CTX);
      assert.equal(deleted.username, 'alice');
      assert.equal(await provider.users.get('alice'), undefined);
      await assert.rejects(provider.users.delete('alice', ADMIN_CTX), ObjectNotFoundError);
      await assert.rejects(
        provider.users.update('nobody', localUser('nobody'), ADMIN_CTX),
        ObjectNotFoundError,
      );
    });

    it('refuses invalid users with the field name and stores nothing', async (t) => {
      const { provider, events } = await openProvider(t, target);
      await rejectsField(
        provider.users.add(localUser('alice', { home_dir: 'relative' }), ADMIN_CTX),
        'home_dir',
      );
      await rejectsField(
        provider.users.add(localUser('alice', { permissions: { '/': ['fly'] } }), ADMIN_CTX),
        'permissions./[0]',
      );
      await rejectsField(
        provider.users.add(
          localUser('alice', { virtual_folders: [{ name: 'missing', virtual_path: '/m' }] }),
          ADMIN_CTX,
        ),
        'virtual_folders[0].name',
        /does not exist/,
      );
      await rejectsField(
        provider.users.add(localUser('alice', { groups: [{ name: 'nogroup', type: 1 }] }), ADMIN_CTX),
        'groups[0].name',
      );
      await rejectsField(provider.users.add(localUser('alice', { role: 'norole' }), ADMIN_CTX), 'role');
      assert.equal(await provider.users.count(), 0);
      assert.equal(await provider.users.get('alice'), undefined);
      assert.deepEqual(events, [], 'no event for refused changes');
    });

    it('refuses a second user with the same name', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      await assert.rejects(provider.users.add(localUser('alice'), ADMIN_CTX), ObjectConflictError);
    });

    it('applies the naming rules to names given to every method', async (t) => {
      const { provider } = await openProvider(t, target, { config: { naming_rules: 7 } });
      const user = await provider.users.add(localUser(' Alice '), ADMIN_CTX);
      assert.equal(user.username, 'alice');
      assert.equal((await provider.users.get('ALICE'))?.username, 'alice');
      await provider.users.checkPassword('Alice', 'secret-password');
    });

    it('derives the home directory from users_base_dir', async (t) => {
      const { provider } = await openProvider(t, target, { config: { users_base_dir: '/data/users' } });
      const user = await provider.users.add(localUser('carol', { home_dir: '' }), ADMIN_CTX);
      assert.equal(user.home_dir, '/data/users/carol');
    });

    it('hashes clear passwords, keeps known hashes, keeps the password on an empty update', async (t) => {
      const hasher = countingHasher(t);
      const { provider, clock } = await openProvider(t, target, { passwordHasher: hasher });
      clock.now = START + 5;
      const alice = await provider.users.add(localUser('alice'), ADMIN_CTX);
      assert.match(alice.password, /^\$argon2id\$/);
      assert.equal(alice.last_password_change, START + 5);

      clock.now = START + 10;
      const same = await provider.users.update('alice', localUser('alice', { password: '' }), ADMIN_CTX);
      assert.equal(same.password, alice.password);
      assert.equal(same.last_password_change, START + 5);
      const missing = { ...localUser('alice') };
      delete missing['password'];
      assert.equal((await provider.users.update('alice', missing, ADMIN_CTX)).password, alice.password);

      const changed = await provider.users.update(
        'alice',
        localUser('alice', { password: 'new-one' }),
        ADMIN_CTX,
      );
      assert.notEqual(changed.password, alice.password);
      assert.equal(changed.last_password_change, START + 10);
      await provider.users.checkPassword('alice', 'new-one');

      const bcrypt = countingHasher(t, 'bcrypt');
      const hash = await bcrypt.hash('pre-hashed');
      const bob = await provider.users.add(
        localUser('bob', { password: hash, last_password_change: 42 }),
        ADMIN_CTX,
      );
      assert.equal(bob.password, hash, 'a known hash is stored as is');
      assert.equal(bob.last_password_change, 42);
    });

    it('checks passwords: ok, wrong, unknown user, no password, empty password', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      await provider.users.add(localUser('keyonly', { password: '' }), ADMIN_CTX);
      const user = await provider.users.checkPassword('alice', 'secret-password');
      assert.equal(user.username, 'alice');
      await rejectsCredentials(provider.users.checkPassword('alice', 'wrong'), 'wrong_password');
      await rejectsCredentials(provider.users.checkPassword('nobody', 'x'), 'not_found');
      await rejectsCredentials(provider.users.checkPassword('keyonly', 'x'), 'no_password');
      await rejectsCredentials(provider.users.checkPassword('alice', '  '), 'empty_password');
    });

    it('caches successful checks until the user changes', async (t) => {
      const hasher = countingHasher(t);
      const { provider } = await openProvider(t, target, { passwordHasher: hasher });
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      await provider.users.checkPassword('alice', 'secret-password');
      assert.equal(hasher.verified, 1);
      await provider.users.checkPassword('alice', 'secret-password');
      assert.equal(hasher.verified, 1, 'the second check is answered by the cache');
      await rejectsCredentials(provider.users.checkPassword('alice', 'guess'), 'wrong_password');
      assert.equal(hasher.verified, 1, 'a wrong guess against a cached account costs no hashing');

      await provider.users.update('alice', localUser('alice', { description: 'x', password: '' }), ADMIN_CTX);
      await provider.users.checkPassword('alice', 'secret-password');
      assert.equal(hasher.verified, 2, 'an update forgets the cached check');

      await provider.users.update('alice', localUser('alice', { password: 'other' }), ADMIN_CTX);
      await rejectsCredentials(provider.users.checkPassword('alice', 'secret-password'), 'wrong_password');
      await provider.users.checkPassword('alice', 'other');
    });

    it('does not cache when password_caching is off', async (t) => {
      const hasher = countingHasher(t);
      const { provider } = await openProvider(t, target, {
        passwordHasher: hasher,
        config: { password_caching: false },
      });
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      await provider.users.checkPassword('alice', 'secret-password');
      await provider.users.checkPassword('alice', 'secret-password');
      assert.equal(hasher.verified, 2);
    });

    it('re-hashes a password stored in another algorithm after a successful check', async (t) => {
      const bcrypt = countingHasher(t, 'bcrypt');
      const { provider } = await openProvider(t, target);
      await provider.users.add(localUser('alice', { password: await bcrypt.hash('old-secret') }), ADMIN_CTX);
      const user = await provider.users.checkPassword('alice', 'old-secret');
      assert.match(user.password, /^\$argon2id\$/);
      assert.match((await provider.users.get('alice'))?.password ?? '', /^\$argon2id\$/);
      await provider.users.checkPassword('alice', 'old-secret');
    });

    it('records logins and first transfers', async (t) => {
      const { provider, clock } = await openProvider(t, target);
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      clock.now = START + 100;
      await provider.users.setLastLogin('alice');
      assert.equal(await provider.users.setFirstUpload('alice'), true);
      clock.now = START + 200;
      assert.equal(await provider.users.setFirstUpload('alice'), false);
      assert.equal(await provider.users.setFirstDownload('alice'), true);
      const user = await provider.users.get('alice');
      assert.equal(user?.last_login, START + 100);
      assert.equal(user?.first_upload, START + 100);
      assert.equal(user?.first_download, START + 200);
      await assert.rejects(provider.users.setLastLogin('nobody'), ObjectNotFoundError);
    });

    it('emits events after commit with the REST form of the user', async (t) => {
      const opened = await openProvider(t, target);
      const { provider, events, clock } = opened;
      clock.now = START + 7;
      await provider.users.add(localUser('alice'), { executor: 'root', ip: '198.51.100.7', role: 'ops' });
      await provider.users.update('alice', localUser('alice', { password: '' }), ADMIN_CTX);
      await provider.users.delete('alice', ADMIN_CTX);
      assert.deepEqual(
        events.map((e) => [e.action, e.objectType, e.objectName, e.executor, e.ip, e.role]),
        [
          ['add', 'user', 'alice', 'root', '198.51.100.7', 'ops'],
          ['update', 'user', 'alice', 'admin', '192.0.2.1', ''],
          ['delete', 'user', 'alice', 'admin', '192.0.2.1', ''],
        ],
      );
      const first = events[0];
      assert.equal(first?.timestamp, START + 7);
      assert.equal(first?.object['username'], 'alice');
      assert.equal(first?.object['has_password'], true);
      assert.equal(first?.object['password'], undefined, 'the hash is not in events');
    });

    it('a failing listener neither undoes the change nor stops the caller; the failure is logged', async (t) => {
      const opened = await openProvider(t, target, {
        listener: (event) => {
          if (event.objectName === 'alice') throw new Error('listener exploded');
        },
      });
      const { provider } = opened;
      await provider.users.add(localUser('alice'), ADMIN_CTX);
      assert.equal((await provider.users.get('alice'))?.username, 'alice');
      const records = await logRecords(opened);
      const failure = records.find((r) => r['message'] === 'provider event listener failed');
      assert.ok(failure, JSON.stringify(records));
      assert.equal(failure['error'], 'listener exploded');
      assert.equal(failure['object_name'], 'alice');
      assert.equal(failure['level'], 'error');
    });

    it('logs a rejected promise from an async listener', async (t) => {
      const opened = await openProvider(t, target, {
        listener: async () => {
          await Promise.resolve();
          throw new Error('async failure');
        },
      });
      await opened.provider.users.add(localUser('alice'), ADMIN_CTX);
      await new Promise((resolve) => setImmediate(resolve));
      const records = await logRecords(opened);
      assert.ok(records.some((r) => r['error'] === 'async failure'));
    });
  });
}
