/** Folders and groups through the provider. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectConflictError, ObjectNotFoundError } from '../../../src/dataprovider/index.js';
import type { StoreTarget } from '../store/store-target.js';
import { ADMIN_CTX, START, localFolder, localUser, openProvider } from './helpers.js';
import { rejectsField } from './suite-users.js';

export function folderTests(target: StoreTarget): void {
  describe('folders', () => {
    it('adds, updates and lists folders; the name comes from the argument on update', async (t) => {
      const { provider, clock } = await openProvider(t, target);
      const added = await provider.folders.add(localFolder('shared'), ADMIN_CTX);
      assert.equal(added.mapped_path, '/srv/folders/shared');
      await provider.folders.updateQuota('shared', { size: 5, files: 1 });
      clock.now = START + 50;
      const updated = await provider.folders.update(
        'shared',
        localFolder('other', { mapped_path: '/mnt/shared/', description: 'moved' }),
        ADMIN_CTX,
      );
      assert.equal(updated.name, 'shared');
      assert.equal(updated.mapped_path, '/mnt/shared');
      assert.equal(updated.used_quota_size, 5, 'counters survive an update');
      assert.equal(await provider.folders.count(), 1);
      assert.deepEqual(
        (await provider.folders.list({ limit: 5 })).map((f) => f.description),
        ['moved'],
      );
      await rejectsField(provider.folders.add({ name: 'x', mapped_path: 'rel' }, ADMIN_CTX), 'mapped_path');
      await assert.rejects(provider.folders.add(localFolder('shared'), ADMIN_CTX), ObjectConflictError);
      await assert.rejects(
        provider.folders.update('nope', localFolder('nope'), ADMIN_CTX),
        ObjectNotFoundError,
      );
    });

    it('a folder update is reported for the users mounting it, directly or through a group', async (t) => {
      const { provider, events, clock } = await openProvider(t, target);
      await provider.folders.add(localFolder('shared'), ADMIN_CTX);
      await provider.groups.add(
        { name: 'team', virtual_folders: [{ name: 'shared', virtual_path: '/g' }] },
        ADMIN_CTX,
      );
      await provider.users.add(
        localUser('alice', { virtual_folders: [{ name: 'shared', virtual_path: '/s' }] }),
        ADMIN_CTX,
      );
      await provider.users.add(localUser('bob', { groups: [{ name: 'team', type: 2 }] }), ADMIN_CTX);
      events.length = 0;
      clock.now = START + 99;
      await provider.folders.update('shared', localFolder('shared', { description: 'new' }), ADMIN_CTX);
      assert.deepEqual(
        events.map((e) => [e.action, e.objectType, e.objectName]),
        [
          ['update', 'folder', 'shared'],
          ['update', 'user', 'alice'],
          ['update', 'user', 'bob'],
        ],
      );
      assert.equal((await provider.users.get('bob'))?.updated_at, START + 99);
      assert.equal((await provider.users.get('alice'))?.virtual_folders[0]?.description, 'new');
    });

    it('deleting a mounted folder unmounts it from its users and groups (as SFTPGo)', async (t) => {
      const { provider, events } = await openProvider(t, target);
      await provider.folders.add(localFolder('shared'), ADMIN_CTX);
      await provider.folders.add(localFolder('kept'), ADMIN_CTX);
      await provider.groups.add(
        { name: 'team', virtual_folders: [{ name: 'shared', virtual_path: '/g' }] },
        ADMIN_CTX,
      );
      await provider.users.add(
        localUser('alice', {
          virtual_folders: [
            { name: 'shared', virtual_path: '/s' },
            { name: 'kept', virtual_path: '/k' },
          ],
        }),
        ADMIN_CTX,
      );
      events.length = 0;
      const deleted = await provider.folders.delete('shared', ADMIN_CTX);
      assert.deepEqual(deleted.users, ['alice']);
      assert.deepEqual(deleted.groups, ['team']);
      assert.equal(await provider.folders.get('shared'), undefined);
      assert.deepEqual(
        (await provider.users.get('alice'))?.virtual_folders.map((f) => f.name),
        ['kept'],
      );
      assert.deepEqual((await provider.groups.get('team'))?.virtual_folders, []);
      assert.deepEqual(
        events.map((e) => [e.action, e.objectType, e.objectName]),
        [
          ['delete', 'folder', 'shared'],
          ['update', 'user', 'alice'],
        ],
      );
      // A new folder with the old name is not mounted again by itself.
      await provider.folders.add(localFolder('shared'), ADMIN_CTX);
      assert.deepEqual(
        (await provider.users.get('alice'))?.virtual_folders.map((f) => f.name),
        ['kept'],
      );
    });
  });

  describe('groups', () => {
    it('adds a group with settings and a mount; members and folders read back', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.folders.add(localFolder('shared'), ADMIN_CTX);
      const group = await provider.groups.add(
        {
          name: 'team',
          description: 'the team',
          user_settings: {
            home_dir: '/srv/team/%username%/',
            quota_size: 100,
            permissions: { '/': ['list', 'download'] },
            filters: { allowed_ip: ['10.0.0.0/8'] },
          },
          virtual_folders: [{ name: 'shared', virtual_path: '/shared' }],
        },
        ADMIN_CTX,
      );
      assert.equal(group.user_settings.home_dir, '/srv/team/%username%');
      assert.deepEqual(group.user_settings.filters.allowed_ip, ['10.0.0.0/8']);
      await provider.users.add(localUser('alice', { groups: [{ name: 'team', type: 1 }] }), ADMIN_CTX);
      const read = await provider.groups.get('team');
      assert.deepEqual(read?.users, ['alice']);
      assert.equal(read?.virtual_folders[0]?.mapped_path, '/srv/folders/shared');
      assert.deepEqual((await provider.folders.get('shared'))?.groups, ['team']);
      assert.deepEqual((await provider.users.get('alice'))?.groups, [{ name: 'team', type: 1 }]);
      assert.equal(await provider.groups.count(), 1);
      assert.equal((await provider.groups.list({ limit: 1 }))[0]?.description, 'the team');
    });

    it('refuses invalid groups and deleting a group that has members', async (t) => {
      const { provider } = await openProvider(t, target);
      await rejectsField(
        provider.groups.add({ name: 'g', user_settings: { home_dir: 'relative' } }, ADMIN_CTX),
        'user_settings.home_dir',
      );
      await rejectsField(
        provider.groups.add(
          { name: 'g', virtual_folders: [{ name: 'nope', virtual_path: '/n' }] },
          ADMIN_CTX,
        ),
        'virtual_folders[0].name',
      );
      await rejectsField(
        provider.groups.add({ name: 'g', user_settings: { permissions: { '/': ['nope'] } } }, ADMIN_CTX),
        'user_settings.permissions./[0]',
      );
      assert.equal(await provider.groups.count(), 0);
      await provider.groups.add({ name: 'g' }, ADMIN_CTX);
      await provider.users.add(localUser('alice', { groups: [{ name: 'g', type: 3 }] }), ADMIN_CTX);
      await assert.rejects(provider.groups.delete('g', ADMIN_CTX), ObjectConflictError);
      await provider.users.delete('alice', ADMIN_CTX);
      assert.equal((await provider.groups.delete('g', ADMIN_CTX)).name, 'g');
      assert.equal(await provider.groups.get('g'), undefined);
    });

    it('a group update is reported for its members', async (t) => {
      const { provider, events } = await openProvider(t, target);
      await provider.groups.add({ name: 'g' }, ADMIN_CTX);
      await provider.users.add(localUser('alice', { groups: [{ name: 'g', type: 2 }] }), ADMIN_CTX);
      events.length = 0;
      await provider.groups.update('g', { name: 'g', description: 'd' }, ADMIN_CTX);
      assert.deepEqual(
        events.map((e) => [e.action, e.objectType, e.objectName]),
        [
          ['update', 'group', 'g'],
          ['update', 'user', 'alice'],
        ],
      );
    });
  });
}
