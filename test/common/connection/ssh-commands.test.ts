// Connection's part for SSH commands: the per-channel connections and the system command scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PermissionDeniedError,
  QuotaExceededError,
  UnsupportedError,
} from '../../../src/common/connection/index.js';
import { setup } from './harness.js';

test('forChannel: own protocol, shared activity, transfers and close', async (t) => {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  const session = h.connect(await h.user({}));
  const scp = session.forChannel('SCP');
  assert.equal(scp.protocol, 'SCP');
  assert.equal(scp.id, session.id);
  const before = session.lastActivity();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const upload = await scp.openForWrite('/f.txt');
  assert.ok(session.lastActivity() > before, 'work on the channel is activity of the session');
  assert.deepEqual(
    session.activeTransfers().map((x) => x.path),
    ['/f.txt'],
  );
  await upload.write(Buffer.from('abc'), 0, 3, 0);
  await upload.close();
  assert.equal(h.actions.events.find((e) => e.action === 'upload')?.protocol, 'SCP');
  const ssh = session.forChannel('SSH');
  session.close('kicked');
  assert.equal(ssh.closed, true, 'closing the session closes its channels');
  assert.equal(scp.closed, true);
});

test('endChannel detaches: a later session close leaves it alone', async (t) => {
  const h = await setup(t);
  const session = h.connect(await h.user({}));
  const ssh = session.forChannel('SSH');
  ssh.endChannel();
  session.close('bye');
  assert.equal(ssh.closed, false);
});

test('openSystemCommand: conditions, quota and the usage change applied at the end', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'repo'), { recursive: true });
  await writeFile(join(h.home, 'repo', 'old'), '12345');
  const user = await h.user({ quota_size: 1000 });
  const connection = h.connect(user);
  const scope = await connection.openSystemCommand('/repo');
  assert.equal(scope.hostPath, join(h.home, 'repo'));
  assert.equal(scope.rootHostPath, h.home);
  assert.equal(scope.uploadLimit, 1000);
  assert.equal(scope.downloadLimit, -1);
  assert.equal(scope.maySymlink, true);
  const idleSince = connection.lastActivity();
  await new Promise((resolve) => setTimeout(resolve, 5));
  scope.touch();
  assert.ok(connection.lastActivity() > idleSince, 'bytes moved by the command are activity');
  await writeFile(join(h.home, 'repo', 'new'), 'x'.repeat(100));
  await scope.end({ received: 10, sent: 20 });
  const stored = await h.stored('alice');
  assert.deepEqual([stored.used_quota_files, stored.used_quota_size], [1, 100]);

  const full = h.connect(await h.user({ username: 'full', home_dir: join(h.dir, 'full'), quota_size: 1 }));
  await h.provider.users.updateQuota(await h.stored('full'), { files: 1, size: 5 });
  await assert.rejects(full.openSystemCommand('/'), QuotaExceededError);

  const limited = h.connect(
    await h.user({ username: 'ro', home_dir: join(h.dir, 'ro'), permissions: { '/': ['list', 'download'] } }),
  );
  await assert.rejects(limited.openSystemCommand('/'), PermissionDeniedError);

  await h.folder('vf');
  const mounted = h.connect(
    await h.user({
      username: 'vf',
      home_dir: join(h.dir, 'vfhome'),
      virtual_folders: [{ name: 'vf', virtual_path: '/a/vf' }],
    }),
  );
  await assert.rejects(mounted.openSystemCommand('/a'), UnsupportedError);
  await assert.rejects(mounted.openSystemCommand('/a/vf/x'), UnsupportedError);
  await mounted.openSystemCommand('/b');
});

test('openSystemCommand: the data transfer quota bounds the bytes and counts them at the end', async (t) => {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  const user = await h.user({ upload_data_transfer: 1, download_data_transfer: 2 });
  const scope = await h.connect(user).openSystemCommand('/');
  assert.equal(scope.uploadLimit, 1024 * 1024);
  assert.equal(scope.downloadLimit, 2 * 1024 * 1024);
  await scope.end({ received: 1000, sent: 3000 });
  const stored = await h.stored('alice');
  assert.deepEqual([stored.used_upload_data_transfer, stored.used_download_data_transfer], [1000, 3000]);
});

test('forChannel on a closed session gives a closed connection', async (t) => {
  const h = await setup(t);
  const session = h.connect(await h.user({}));
  session.close('gone');
  const ssh = session.forChannel('SSH');
  assert.equal(ssh.closed, true);
  await assert.rejects(ssh.stat('/'));
});
