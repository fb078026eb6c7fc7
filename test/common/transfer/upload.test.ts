import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ExistsError,
  FailureError,
  PermissionDeniedError,
  QuotaExceededError,
  UnsupportedError,
} from '../../../src/common/connection/index.js';
import { bytes, download, setup, upload } from '../connection/harness.js';

test('disk quota: the exact limit fits, one byte over fails and leaves nothing', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ quota_size: 100 }));
  await upload(conn, '/exact', bytes(100));
  assert.equal((await h.stored('alice')).used_quota_size, 100);
  await assert.rejects(conn.openForWrite('/more'), QuotaExceededError, 'a full quota refuses a new file');
  await conn.remove('/exact');
  assert.deepEqual(
    [(await h.stored('alice')).used_quota_size, (await h.stored('alice')).used_quota_files],
    [0, 0],
  );
  const transfer = await conn.openForWrite('/over');
  await transfer.write(bytes(100), 0, 100, 0);
  await assert.rejects(transfer.write(bytes(1), 0, 1, 100), QuotaExceededError);
  await assert.rejects(transfer.close(), QuotaExceededError);
  await assert.rejects(stat(join(h.home, 'over')), { code: 'ENOENT' }, 'the partial file is removed');
  assert.equal((await h.stored('alice')).used_quota_size, 0);
  assert.equal((await h.stored('alice')).used_quota_files, 0);
  const upEvent = h.actions.events.findLast((e) => e.action === 'upload');
  assert.equal(upEvent?.status, 3, 'the upload action reports quota exceeded');
  assert.equal(upEvent?.fileSize, 0);
});

test('disk quota: overwrites count the size difference, resumes append and count no new file', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ quota_size: 100, quota_files: 2 }));
  await upload(conn, '/f', bytes(60));
  await upload(conn, '/f', bytes(30), { truncate: true });
  let u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [30, 1]);
  // 70 left + the 30 being replaced: 100 may be written.
  await upload(conn, '/f', bytes(100), { truncate: true });
  u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [100, 1]);
  await conn.truncate('/f', 40);
  u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [40, 1]);
  await upload(conn, '/f', bytes(20, 0x62), {}, 40);
  const content = await readFile(join(h.home, 'f'));
  assert.equal(content.length, 60);
  assert.equal(content.subarray(40).toString(), 'b'.repeat(20));
  u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [60, 1]);
  const resume = await conn.openForWrite('/f', { append: true });
  await assert.rejects(
    resume.write(bytes(1), 0, 1, 10),
    FailureError,
    'an append-mode resume cannot write before the end',
  );
  await assert.rejects(resume.close(), FailureError);
  // Without APPEND an existing file is written in place from any offset (OpenSSH's scp over SFTP).
  const inPlace = await conn.openForWrite('/f');
  await inPlace.write(bytes(2, 0x63), 0, 2, 0);
  await inPlace.close();
  const rewritten = await readFile(join(h.home, 'f'));
  assert.equal(rewritten.length, 60);
  assert.equal(rewritten.subarray(0, 3).toString(), 'cca');
  u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [60, 1]);
  await assert.rejects(conn.openForWrite('/f', { offset: 5 }), UnsupportedError);
  await upload(conn, '/g', bytes(1));
  await assert.rejects(conn.openForWrite('/h'), QuotaExceededError, 'the files limit is reached');
  await upload(conn, '/g', bytes(2), { truncate: true });
});

test('max_upload_file_size bounds uploads and resumes', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ filters: { max_upload_file_size: 10 } }));
  await upload(conn, '/a', bytes(10));
  await assert.rejects(upload(conn, '/b', bytes(11)), QuotaExceededError);
  await assert.rejects(conn.openForWrite('/a'), QuotaExceededError, 'a full-size file cannot be resumed');
});

test('two connections of one user upload at once and end with the right usage', async (t) => {
  const h = await setup(t);
  const user = await h.user({ quota_size: 10_000_000 });
  const a = h.connect(user);
  const b = h.connect(user);
  await Promise.all([
    ...Array.from({ length: 5 }, (_, i) => upload(a, `/a${i}`, bytes(1000 + i))),
    ...Array.from({ length: 5 }, (_, i) => upload(b, `/b${i}`, bytes(2000 + i))),
  ]);
  const u = await h.stored('alice');
  assert.equal(u.used_quota_files, 10);
  assert.equal(u.used_quota_size, 5 * 1000 + 10 + 5 * 2000 + 10);
});

test('out-of-order (pipelined) writes: the size is the furthest written offset', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ quota_size: 1000 }));
  const transfer = await conn.openForWrite('/p');
  await Promise.all([
    transfer.write(bytes(10, 0x63), 0, 10, 20),
    transfer.write(bytes(10, 0x61), 0, 10, 0),
    transfer.write(bytes(10, 0x62), 0, 10, 10),
  ]);
  assert.equal(transfer.maxWrittenOffset, 30);
  assert.equal(conn.activeTransfers().length, 1);
  assert.equal(conn.activeTransfers()[0]?.operationType, 'upload');
  await transfer.close();
  assert.equal(conn.activeTransfers().length, 0);
  assert.equal(await readFile(join(h.home, 'p'), 'utf8'), 'a'.repeat(10) + 'b'.repeat(10) + 'c'.repeat(10));
  assert.equal((await h.stored('alice')).used_quota_size, 30);
  await assert.rejects(transfer.write(bytes(1), 0, 1, 30), FailureError, 'closed');
});

for (const mode of [0, 1, 2] as const) {
  test(`upload_mode ${mode}: a client disconnect mid-transfer`, async (t) => {
    const h = await setup(t);
    const conn = h.connect(await h.user({}), { settings: { uploadMode: mode } });
    const transfer = await conn.openForWrite('/big');
    await transfer.write(bytes(1000), 0, 1000, 0);
    if (mode !== 0) {
      const names = await readdir(h.home);
      assert.ok(
        names.some((n) => n.startsWith('.sftpgo-upload.')),
        'atomic modes write a temporary file',
      );
      await assert.rejects(stat(join(h.home, 'big')), { code: 'ENOENT' });
    }
    await assert.rejects(transfer.close({ error: new Error('client went away') }), FailureError);
    const names = await readdir(h.home);
    assert.ok(!names.some((n) => n.startsWith('.sftpgo-upload.')), 'no temporary file is left');
    const u = await h.stored('alice');
    if (mode === 1) {
      assert.deepEqual(names, [], 'atomic: no partial target');
      assert.deepEqual([u.used_quota_size, u.used_quota_files], [0, 0]);
    } else {
      assert.equal((await stat(join(h.home, 'big'))).size, 1000, 'the partial file stays to be resumed');
      assert.deepEqual([u.used_quota_size, u.used_quota_files], [1000, 1]);
      // The client resumes where it stopped.
      await upload(conn, '/big', bytes(500, 0x62), {}, 1000);
      const content = await readFile(join(h.home, 'big'));
      assert.equal(content.length, 1500);
      assert.equal(content.subarray(1000).toString(), 'b'.repeat(500));
      const after = await h.stored('alice');
      assert.deepEqual([after.used_quota_size, after.used_quota_files], [1500, 1]);
    }
    const record = (await h.logRecords()).find((r) => r.sender === 'Upload' && r.error !== undefined);
    assert.equal(record?.error, 'client went away');
  });
}

test('atomic mode: a failed overwrite keeps the previous file; Connection.close aborts transfers', async (t) => {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  await writeFile(join(h.home, 'keep'), 'original');
  const conn = h.connect(await h.user({}), { settings: { uploadMode: 1 } });
  let closedWith = '';
  conn.onClose((reason) => {
    closedWith = reason;
  });
  const transfer = await conn.openForWrite('/keep', { truncate: true });
  await transfer.write(bytes(3), 0, 3, 0);
  conn.close('kicked by an admin');
  assert.equal(closedWith, 'kicked by an admin');
  await assert.rejects(transfer.close(), /kicked by an admin/);
  assert.equal(await readFile(join(h.home, 'keep'), 'utf8'), 'original');
  assert.deepEqual(await readdir(h.home), ['keep']);
  await assert.rejects(conn.stat('/keep'), FailureError, 'a closed connection refuses work');
});

test('atomic mode: attributes set during the upload go to the temporary file, times apply at close', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ quota_size: 1000 }), { settings: { uploadMode: 1 } });
  await upload(conn, '/old', Buffer.from('previous content'));
  const when = new Date('2021-03-04T05:06:07Z');
  // A new file: the target does not exist until close.
  const fresh = await conn.openForWrite('/new');
  await fresh.write(bytes(10), 0, 10, 0);
  await conn.setstat('/new', { mode: 0o600, mtime: when, atime: when, size: 4 });
  await assert.rejects(stat(join(h.home, 'new')), { code: 'ENOENT' }, 'still a temporary file');
  await fresh.close();
  const st = await stat(join(h.home, 'new'));
  assert.deepEqual([st.size, st.mode & 0o777, st.mtime.getTime()], [4, 0o600, when.getTime()]);
  // An existing file written in place and cut to size (OpenSSH's scp over SFTP).
  const inPlace = await conn.openForWrite('/old');
  await inPlace.write(Buffer.from('new'), 0, 3, 0);
  await conn.setstat('/old', { size: 3 });
  await inPlace.close();
  assert.equal(await readFile(join(h.home, 'old'), 'utf8'), 'new');
  assert.deepEqual((await readdir(h.home)).sort(), ['new', 'old'], 'no temporary file left');
  const u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [7, 2], 'final sizes counted once');
});

test('actions: order, fields, denying pre-actions, pre-delete handling the delete', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ role: '' }), { id: 'SFTP_actions' });
  await upload(conn, '/a.txt', Buffer.from('12345'));
  await upload(conn, '/b.txt', Buffer.from('1'));
  assert.deepEqual(h.actions.names(), ['pre-upload', 'upload', 'first-upload', 'pre-upload', 'upload']);
  const up = h.actions.events[1];
  assert.ok(up !== undefined);
  assert.equal(up.username, 'alice');
  assert.equal(up.path, join(h.home, 'a.txt'));
  assert.equal(up.virtualPath, '/a.txt');
  assert.equal(up.fileSize, 5);
  assert.equal(up.status, 1);
  assert.equal(up.protocol, 'SFTP');
  assert.equal(up.ip, '127.0.0.1');
  assert.equal(up.sessionId, 'SFTP_actions');
  assert.equal(up.fsProvider, 0);
  assert.ok(up.timestamp > 0n);
  assert.ok((await h.stored('alice')).first_upload > 0);

  h.actions.events.length = 0;
  await download(conn, '/a.txt');
  await download(conn, '/a.txt');
  assert.deepEqual(h.actions.names(), [
    'pre-download',
    'download',
    'first-download',
    'pre-download',
    'download',
  ]);
  assert.equal(h.actions.events[1]?.fileSize, 5);

  h.actions.events.length = 0;
  h.actions.deny.add('pre-upload');
  h.actions.deny.add('pre-download');
  await assert.rejects(conn.openForWrite('/denied.txt'), PermissionDeniedError);
  await assert.rejects(stat(join(h.home, 'denied.txt')), { code: 'ENOENT' });
  await assert.rejects(conn.openForRead('/a.txt'), PermissionDeniedError);
  h.actions.deny.clear();

  h.actions.events.length = 0;
  await conn.mkdir('/d');
  await conn.rename('/b.txt', '/d/b.txt');
  await conn.copy('/d/b.txt', '/c.txt');
  h.actions.handled = new Set(['mkdir', 'rename', 'copy', 'pre-delete', 'delete']);
  await conn.remove('/c.txt');
  await conn.rmdir('/empty-missing').catch(() => undefined);
  assert.deepEqual(h.actions.names(), ['mkdir', 'rename', 'copy', 'pre-delete']);
  const rename = h.actions.events[1];
  assert.equal(rename?.virtualTargetPath, '/d/b.txt');
  assert.equal(rename?.targetPath, join(h.home, 'd/b.txt'));
  // A successful pre-delete action handled the delete: the file stays, no delete action runs.
  assert.ok((await stat(join(h.home, 'c.txt'))).isFile());
  h.actions.deny.add('pre-delete');
  h.actions.events.length = 0;
  await conn.remove('/c.txt');
  await assert.rejects(stat(join(h.home, 'c.txt')), { code: 'ENOENT' });
  assert.deepEqual(h.actions.names(), ['pre-delete', 'delete']);
  h.actions.deny.clear();
  h.actions.handled = undefined;

  // A failing synchronous upload action removes the uploaded file and fails the upload.
  h.actions.deny.add('upload');
  await assert.rejects(upload(conn, '/rejected.txt', Buffer.from('x')), PermissionDeniedError);
  await assert.rejects(stat(join(h.home, 'rejected.txt')), { code: 'ENOENT' });
  h.actions.deny.clear();
  // As in SFTPGo the quota drops when a pre-delete action handles the delete (the file is taken to be
  // gone), so removing c.txt twice here leaves only a.txt counted.
  const u = await h.stored('alice');
  assert.deepEqual([u.used_quota_files, u.used_quota_size], [1, 5]);
});

test('uid/gid of created files: skipped unless enabled (root only)', async (t) => {
  const h = await setup(t);
  const user = await h.user({ uid: 4242, gid: 4343 });
  const off = h.connect(user, { settings: { chownCreated: false } });
  await upload(off, '/plain', bytes(1));
  await off.mkdir('/plain-dir');
  const own = process.getuid?.() ?? 0;
  assert.equal((await stat(join(h.home, 'plain'))).uid, own);
  assert.equal((await stat(join(h.home, 'plain-dir'))).uid, own);
  if (process.getuid?.() === 0) {
    const on = h.connect(user, { settings: { chownCreated: true } });
    await upload(on, '/owned', bytes(1));
    await on.mkdir('/owned-dir');
    assert.equal((await stat(join(h.home, 'owned'))).uid, 4242);
    assert.equal((await stat(join(h.home, 'owned'))).gid, 4343);
    assert.equal((await stat(join(h.home, 'owned-dir'))).uid, 4242);
  }
});

test('umask and setstat_mode 1', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({}), { settings: { umask: 0o077, setstatMode: 1 } });
  await upload(conn, '/f', bytes(3));
  await conn.mkdir('/d');
  assert.equal((await stat(join(h.home, 'f'))).mode & 0o077, 0);
  assert.equal((await stat(join(h.home, 'd'))).mode & 0o077, 0);
  await conn.setstat('/f', { mode: 0o644, size: 1 });
  const st = await stat(join(h.home, 'f'));
  assert.equal(st.mode & 0o777, 0o600, 'chmod is ignored');
  assert.equal(st.size, 1, 'the size is never ignored');
});

test('data transfer quota stops downloads and uploads once used', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ total_data_transfer: 1 }));
  const mb = 1024 * 1024;
  await upload(conn, '/f', bytes(mb - 10));
  const transfer = await conn.openForRead('/f');
  const buffer = new Uint8Array(64 * 1024);
  assert.equal(await transfer.read(buffer, 0, buffer.length, 0), 10, 'a short read up to the allowance');
  await assert.rejects(transfer.read(buffer, 0, buffer.length, 10), QuotaExceededError);
  await assert.rejects(transfer.close(), QuotaExceededError);
  const u = await h.stored('alice');
  assert.equal(u.used_upload_data_transfer, mb - 10);
  assert.equal(u.used_download_data_transfer, 10);
  await assert.rejects(conn.openForWrite('/g'), QuotaExceededError);
});

test('command and transfer log records carry SFTPGo fields', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({}), { id: 'SFTP_logs' });
  await conn.mkdir('/d');
  await upload(conn, '/d/f', bytes(7));
  await conn.rename('/d/f', '/d/g');
  await conn.setstat('/d/g', { mode: 0o640 });
  await download(conn, '/d/g');
  const records = await h.logRecords();
  const mkdirRecord = records.find((r) => r.sender === 'Mkdir');
  assert.equal(mkdirRecord?.virtual_path, '/d');
  assert.equal(mkdirRecord?.file_path, join(h.home, 'd'));
  assert.equal(mkdirRecord?.username, 'alice');
  assert.equal(mkdirRecord?.connection_id, 'SFTP_logs');
  assert.equal(mkdirRecord?.protocol, 'SFTP');
  assert.equal(mkdirRecord?.remote_addr, '127.0.0.1:5555');
  const rename = records.find((r) => r.sender === 'Rename');
  assert.equal(rename?.virtual_target_path, '/d/g');
  assert.equal(records.find((r) => r.sender === 'Chmod')?.filemode, '-rw-r-----');
  const up = records.find((r) => r.sender === 'Upload');
  assert.equal(up?.size_bytes, 7);
  assert.equal(up?.virtual_path, '/d/f');
  assert.equal(up?.local_addr, '127.0.0.1:2022');
  assert.equal(up?.error, undefined);
  const down = records.find((r) => r.sender === 'Download');
  assert.equal(down?.size_bytes, 7);
  assert.equal(typeof down?.elapsed_ms, 'number');
});

test('a file that appears between the checks and the open is overwritten, unless the client asked for exclusive', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({}));
  // A pre-upload hook that writes the file plays the other writer: it runs after the checks.
  h.actions.onRun = async (event) => {
    if (event.action === 'pre-upload') await writeFile(event.path, 'written by someone else');
  };
  await upload(conn, '/race.txt', Buffer.from('mine'));
  assert.equal(await readFile(join(h.home, 'race.txt'), 'utf8'), 'mine');
  await assert.rejects(conn.openForWrite('/exclusive.txt', { exclusive: true }), ExistsError);
  assert.equal(await readFile(join(h.home, 'exclusive.txt'), 'utf8'), 'written by someone else');
});

test('with or without a pre-upload hook, taken names, permissions and quotas decide alike', async (t) => {
  // Without a pre-upload hook a new file is created at once, exclusively; a taken name goes the way
  // a hook needs (look at the name, then decide). Both ways must end the same.
  for (const preUploadHook of [true, false]) {
    await t.test(preUploadHook ? 'with the hook' : 'without the hook', async (t) => {
      const h = await setup(t);
      h.actions.handled = new Set(preUploadHook ? ['pre-upload', 'upload'] : ['upload']);
      const noOverwrite = ['list', 'download', 'upload', 'create_dirs', 'create_symlinks', 'delete'];
      const conn = h.connect(await h.user({ permissions: { '/': noOverwrite }, quota_files: 2 }));
      await upload(conn, '/a', Buffer.from('first'));
      assert.equal(await readFile(join(h.home, 'a'), 'utf8'), 'first');
      await assert.rejects(
        upload(conn, '/a', Buffer.from('second'), { truncate: true }),
        PermissionDeniedError,
      );
      await assert.rejects(conn.openForWrite('/a', { exclusive: true }), ExistsError);
      assert.equal(await readFile(join(h.home, 'a'), 'utf8'), 'first', 'a taken name is left alone');
      await conn.mkdir('/d');
      await assert.rejects(conn.openForWrite('/d'), FailureError);
      await symlink('a', join(h.home, 'link'));
      await upload(conn, '/link', Buffer.from('replaces the link'));
      assert.equal((await lstat(join(h.home, 'link'))).isFile(), true, 'the link itself is replaced');
      assert.equal(await readFile(join(h.home, 'a'), 'utf8'), 'first', 'not what it pointed to');
      await assert.rejects(conn.openForWrite('/b'), QuotaExceededError);
      await assert.rejects(stat(join(h.home, 'b')), { code: 'ENOENT' }, 'a refused upload creates nothing');
      assert.equal((await h.stored('alice')).used_quota_files, 2);
      assert.deepEqual(
        h.actions.names(),
        preUploadHook ? ['pre-upload', 'upload', 'pre-upload', 'upload'] : ['upload', 'upload'],
      );
    });
  }
});
