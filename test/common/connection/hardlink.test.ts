// Connection.hardlink, supportsHardlinks, ensureStartDirectory and UploadTransfer.sync on real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ExistsError,
  FailureError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  UnsupportedError,
} from '../../../src/common/connection/index.js';
import { bytes, setup, upload } from './harness.js';

test('hardlink: a second name for the same data, counted in the quota and logged', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({}));
  await conn.mkdir('/d');
  await upload(conn, '/a.bin', bytes(10));
  await conn.hardlink('/a.bin', '/d/b.bin');
  const [a, b] = await Promise.all([stat(join(h.home, 'a.bin')), stat(join(h.home, 'd/b.bin'))]);
  assert.equal(a.ino, b.ino);
  const stored = await h.stored('alice');
  assert.equal(stored.used_quota_files, 2);
  assert.equal(stored.used_quota_size, 20);
  const record = (await h.logRecords()).find((r) => r.sender === 'Link');
  assert.equal(record?.virtual_path, '/a.bin');
  assert.equal(record?.virtual_target_path, '/d/b.bin');

  await assert.rejects(conn.hardlink('/a.bin', '/d/b.bin'), ExistsError);
  await assert.rejects(conn.hardlink('/d', '/d2'), FailureError, 'directories cannot be linked');
  await assert.rejects(conn.hardlink('/missing', '/m'), NotFoundError);
  await assert.rejects(conn.hardlink('/', '/r'), PermissionDeniedError);
});

test('hardlink: permissions, patterns, quota and virtual folders', async (t) => {
  const h = await setup(t);
  const mapped = await h.folder('shared');
  await writeFile(join(mapped, 'f.txt'), 'folder');
  await mkdir(join(h.home, 'ro'), { recursive: true });
  await writeFile(join(h.home, 'a.txt'), '0123456789');
  await writeFile(join(h.home, 'ro', 'r.txt'), 'r');
  const user = await h.user({
    permissions: { '/': ['*'], '/ro': ['list', 'download'] },
    filters: { file_patterns: [{ path: '/', denied_patterns: ['*.secret'], deny_policy: 0 }] },
    quota_size: 15,
    virtual_folders: [{ name: 'shared', virtual_path: '/vdir', quota_size: -1, quota_files: -1 }],
  });
  const conn = h.connect(user);
  assert.equal(await conn.supportsHardlinks(), true);
  await assert.rejects(conn.hardlink('/a.txt', '/ro/a.txt'), PermissionDeniedError, 'link in /ro');
  await assert.rejects(conn.hardlink('/ro/r.txt', '/r.txt'), PermissionDeniedError, 'source in /ro');
  await assert.rejects(conn.hardlink('/a.txt', '/a.secret'), PermissionDeniedError, 'denied new name');
  await assert.rejects(conn.hardlink('/a.txt', '/vdir/a.txt'), UnsupportedError, 'across folders');
  await assert.rejects(conn.hardlink('/vdir/f.txt', '/f.txt'), UnsupportedError, 'across folders');
  await conn.hardlink('/vdir/f.txt', '/vdir/g.txt');
  assert.equal(await readFile(join(mapped, 'g.txt'), 'utf8'), 'folder');
  await assert.rejects(conn.hardlink('/a.txt', '/b.txt'), QuotaExceededError, '10 + 10 > 15 bytes');
});

test('ensureStartDirectory creates the start directory and its parents, once', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ filters: { start_directory: '/in/box' } }));
  await conn.ensureStartDirectory();
  assert.ok((await stat(join(h.home, 'in/box'))).isDirectory());
  await conn.ensureStartDirectory();
  const other = h.connect(await h.user({ username: 'bob', home_dir: join(h.dir, 'bob') }));
  await other.ensureStartDirectory();
  assert.equal(existsSync(join(h.dir, 'bob')), false, 'nothing to create without a start directory');
});

test('UploadTransfer.sync flushes an open upload; a closed one refuses', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({}));
  const transfer = await conn.openForWrite('/s.bin');
  await transfer.write(bytes(5), 0, 5, 0);
  await transfer.sync();
  assert.equal((await stat(join(h.home, 's.bin'))).size, 5);
  await transfer.close();
  await assert.rejects(transfer.sync(), FailureError);
});
