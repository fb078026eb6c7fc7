/** Dump and restore through the provider. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DUMP_VERSION, InvalidDumpError, backupToJSON } from '../../../src/dataprovider/index.js';
import type { DataProvider } from '../../../src/dataprovider/index.js';
import { repoRoot } from '../../helpers/paths.js';
import type { StoreTarget } from '../store/store-target.js';
import { ADMIN_CTX, START, localFolder, localUser, openProvider } from './helpers.js';

/** The hand-written SFTPGo 2.x dump, parsed afresh. */
export function sftpgoDump(): Record<string, unknown> {
  const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'dump', 'sftpgo-2.x.json'), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

const VOLATILE = new Set(['id', 'created_at', 'updated_at', 'last_quota_update']);

/** A dump's JSON without ids and store-set times, lists of named objects sorted, for comparison. */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    const key = (item: unknown): string => {
      if (typeof item !== 'object' || item === null) return JSON.stringify(item);
      const o = item as Record<string, unknown>;
      return String(o['username'] ?? o['name'] ?? o['ipornet'] ?? JSON.stringify(o));
    };
    return items.every((i) => typeof i === 'object' && i !== null)
      ? items.sort((a, b) => key(a).localeCompare(key(b)))
      : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}

async function countAll(provider: DataProvider): Promise<number[]> {
  const dump = await provider.dump();
  return [
    dump.users.length,
    dump.folders.length,
    dump.groups.length,
    dump.admins.length,
    dump.api_keys.length,
    dump.shares.length,
    dump.event_actions.length,
    dump.event_rules.length,
    dump.roles.length,
    dump.ip_lists.length,
  ];
}

export function backupTests(target: StoreTarget): void {
  describe('dump and restore', () => {
    it('restores an SFTPGo 2.x dump and reads every object back', async (t) => {
      const { provider, events } = await openProvider(t, target);
      const report = await provider.restore(sftpgoDump(), { mode: 0, scanQuota: 2, ctx: ADMIN_CTX });
      assert.deepEqual(report.added.users, ['alice', 'bob']);
      assert.deepEqual(report.added.folders, ['shared', 'archive']);
      assert.deepEqual(report.added.event_rules, ['uploads']);
      assert.deepEqual(report.updated.users, []);
      assert.deepEqual(report.quotaScans, { users: ['alice'], folders: ['shared', 'archive'] });
      assert.equal(report.warnings.length, 1, report.warnings.join('; '));
      assert.deepEqual(report.added.ip_lists, ['1_192.0.2.10/32']);
      assert.deepEqual(await provider.ipLists.get(1, '192.0.2.10'), {
        ipornet: '192.0.2.10/32',
        description: 'office gateway',
        type: 1,
        mode: 1,
        protocols: 0,
        created_at: START,
        updated_at: START,
      });

      const alice = await provider.users.get('alice');
      assert.ok(alice);
      assert.equal(alice.password, '$2a$10$dwtgFefjn2JdizrNrZJ/VuP602HeHHqD0nYa.VCBg0hpCiTvOaARu');
      assert.equal(alice.role, 'staff');
      assert.deepEqual(alice.permissions, { '/': ['*'], '/reports': ['list', 'download'] });
      assert.deepEqual(alice.filters.allowed_ip, ['192.0.2.0/24', '2001:db8::/32']);
      assert.equal(alice.filters.file_patterns[0]?.deny_policy, 1);
      assert.deepEqual(alice.groups, [{ name: 'engineering', type: 1 }]);
      assert.deepEqual(
        [
          alice.used_quota_size,
          alice.used_quota_files,
          alice.used_upload_data_transfer,
          alice.used_download_data_transfer,
        ],
        [52428800, 42, 1048576, 2097152],
      );
      assert.deepEqual(
        [alice.last_login, alice.first_upload, alice.first_download],
        [1714000100000, 1700000400000, 1700000500000],
      );
      assert.equal(alice.virtual_folders[0]?.mapped_path, '/srv/sftpgo/shared');
      assert.equal(alice.virtual_folders[0]?.quota_size, -1);
      assert.equal(alice.public_keys.length, 1);

      const bob = await provider.users.get('bob');
      const secret = bob?.filesystem.s3config.access_secret;
      assert.equal(secret?.status, 'AES-256-GCM');
      assert.equal(secret?.additional_data, 'bob');
      assert.equal(secret?.key.length, 64);
      assert.equal(bob?.filesystem.s3config.bucket, 'company-files');

      const archive = await provider.folders.get('archive');
      assert.equal(archive?.filesystem.s3config.storage_class, 'STANDARD_IA');
      assert.deepEqual(archive?.groups, ['engineering']);
      assert.equal((await provider.folders.get('shared'))?.used_quota_size, 1048576);
      const group = await provider.groups.get('engineering');
      assert.deepEqual(group?.users, ['alice', 'bob']);
      assert.equal(group?.user_settings.home_dir, '/srv/sftpgo/engineering/%username%');
      assert.equal(group?.virtual_folders[0]?.name, 'archive');

      assert.equal((await provider.admins.get('admin'))?.last_login, 1714000200000);
      await provider.admins.checkPassword('admin', 'admin-password');
      await provider.users.checkPassword('alice', 'alice-password');
      await provider.users.checkPassword('bob', 'bob-password');
      const apiKey = await provider.apiKeys.authenticate('cjrb3b2i7ctqdmnp9ifg.cjrb3b4i7ctqdmnp9iqg');
      assert.equal(apiKey.admin, 'admin');
      assert.equal(apiKey.last_use_at, 1714000300000);

      const dump = await provider.dump();
      assert.equal(dump.version, DUMP_VERSION);
      assert.equal(dump.shares[0]?.used_tokens, 2);
      assert.equal(dump.shares[0]?.username, 'alice');
      assert.equal(dump.shares[0]?.password, '$2a$10$ke6DpZCbtIlzyhuwHHSkleeGCzpPIlBM..A9eLujPKe8IV/CSb0a6');
      assert.equal(dump.event_rules[0]?.actions[0]?.name, 'notify upload');
      assert.equal(dump.roles[0]?.name, 'staff');

      assert.equal(events.length, 12, 'one per object');
      assert.equal(dump.ip_lists[0]?.ipornet, '192.0.2.10/32');
      assert.ok(events.every((e) => e.action === 'add' && e.executor === 'admin'));
      const share = events.find((e) => e.objectType === 'share');
      assert.equal(share?.object['password'], '[**redacted**]');
    });

    it('a dump restores into an empty provider and dumps again identically', async (t) => {
      const first = await openProvider(t, target);
      await first.provider.restore(sftpgoDump(), { mode: 0 });
      await first.provider.users.add(localUser('carol', { password: 'carol-password' }), ADMIN_CTX);
      const dumped = JSON.parse(JSON.stringify(backupToJSON(await first.provider.dump()))) as Record<
        string,
        unknown
      >;

      const second = await openProvider(t, target);
      await second.provider.restore(dumped, { mode: 0 });
      const again = JSON.parse(JSON.stringify(backupToJSON(await second.provider.dump()))) as unknown;
      assert.deepEqual(normalise(again), normalise(dumped));
      await second.provider.users.checkPassword('carol', 'carol-password');
    });

    it('an invalid object refuses the whole dump, naming the object and field', async (t) => {
      const { provider, events } = await openProvider(t, target);
      const dump = sftpgoDump();
      (dump['users'] as Record<string, unknown>[])[1]!['home_dir'] = 'relative/home';
      await assert.rejects(provider.restore(dump, { mode: 0 }), (err: unknown) => {
        assert.ok(err instanceof InvalidDumpError);
        assert.match(err.message, /^users\[1\] \(bob\): home_dir: "relative\/home" is not an absolute path/);
        assert.equal(err.section, 'users');
        assert.equal(err.index, 1);
        assert.equal(err.objectName, 'bob');
        assert.equal(err.field, 'home_dir');
        return true;
      });
      assert.deepEqual(await countAll(provider), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(events, []);
    });

    it('a missing reference found while writing rolls back everything stored before it', async (t) => {
      const { provider, events } = await openProvider(t, target);
      const dump = {
        folders: [localFolder('f1')],
        users: [
          localUser('ok'),
          localUser('broken', { virtual_folders: [{ name: 'not-in-dump', virtual_path: '/x' }] }),
        ],
        version: 16,
      };
      await assert.rejects(provider.restore(dump, { mode: 0 }), (err: unknown) => {
        assert.ok(err instanceof InvalidDumpError);
        assert.match(
          err.message,
          /^users\[1\] \(broken\): virtual_folders\[0\]\.name: the folder "not-in-dump" does not exist/,
        );
        return true;
      });
      assert.deepEqual(await countAll(provider), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(events, []);
    });

    it('refuses what is not a dump and duplicated objects', async (t) => {
      const { provider } = await openProvider(t, target);
      await assert.rejects(provider.restore('not a dump', { mode: 0 }), InvalidDumpError);
      await assert.rejects(provider.restore({ users: {} }, { mode: 0 }), /users: must be an array/);
      await assert.rejects(
        provider.restore({ users: [localUser('a'), localUser('a')] }, { mode: 0 }),
        /^InvalidDumpError: users\[1\] \(a\): "a" appears more than once in the dump/,
      );
      await assert.rejects(
        provider.restore({ api_keys: [{ id: 'k', name: 'k', scope: 1 }] }, { mode: 0 }),
        /api_keys\[0\] \(k\): key: an empty API key cannot be restored/,
      );
    });

    it('mode 1 adds new objects only; mode 0 updates; mode 2 reports users to disconnect', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.users.add(localUser('alice', { description: 'live' }), ADMIN_CTX);
      const alice = await provider.users.get('alice');
      const dump = {
        users: [
          localUser('alice', {
            description: 'from dump',
            password: '$2a$04$invalidbuthashshapedvalue....................',
          }),
          localUser('carol'),
        ],
      };
      const skipped = await provider.restore(dump, { mode: 1 });
      assert.deepEqual(skipped.skipped.users, ['alice']);
      assert.deepEqual(skipped.added.users, ['carol']);
      assert.equal((await provider.users.get('alice'))?.description, 'live');
      assert.equal((await provider.users.get('alice'))?.password, alice?.password);

      const updated = await provider.restore(dump, { mode: 0 });
      assert.deepEqual(updated.updated.users, ['alice', 'carol']);
      assert.deepEqual(updated.usersToDisconnect, []);
      assert.equal((await provider.users.get('alice'))?.description, 'from dump');

      const disconnect = await provider.restore(dump, { mode: 2, scanQuota: 1 });
      assert.deepEqual(disconnect.usersToDisconnect, ['alice', 'carol']);
      assert.deepEqual(disconnect.quotaScans.users, ['alice', 'carol']);
    });

    it('names the folders of SFTPGo 1.x dumps and points the mounts at them', async (t) => {
      const { provider } = await openProvider(t, target);
      const report = await provider.restore(
        {
          folders: [{ mapped_path: '/data/a' }, { mapped_path: '/data/b' }],
          users: [
            localUser('old', {
              virtual_folders: [
                { mapped_path: '/data/b', virtual_path: '/b' },
                { mapped_path: '/data/none', virtual_path: '/n' },
              ],
            }),
          ],
          version: 6,
        },
        { mode: 0 },
      );
      assert.deepEqual(report.added.folders, ['Folder0', 'Folder1']);
      assert.equal(report.warnings.length, 2);
      const user = await provider.users.get('old');
      assert.deepEqual(
        user?.virtual_folders.map((f) => [f.name, f.virtual_path, f.mapped_path]),
        [['Folder1', '/b', '/data/b']],
      );
    });

    it('hashes clear passwords found in a dump', async (t) => {
      const { provider } = await openProvider(t, target);
      await provider.restore(
        {
          users: [localUser('u', { password: 'clear-text' })],
          admins: [{ username: 'a', password: 'admin-clear', permissions: ['*'], status: 1 }],
        },
        { mode: 0 },
      );
      assert.match((await provider.users.get('u'))?.password ?? '', /^\$argon2id\$/);
      await provider.users.checkPassword('u', 'clear-text');
      await provider.admins.checkPassword('a', 'admin-clear');
    });
  });
}
