import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ExistsError,
  FailureError,
  InvalidPathError,
  NotEmptyError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  UnsupportedError,
} from '../../../src/common/connection/index.js';
import { bytes, download, listAll, setup, upload } from './harness.js';

test('every operation works with all permissions, through the user home', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({}));
  await conn.mkdir('/d');
  await upload(conn, '/d/a.txt', Buffer.from('hello'));
  assert.equal(await readFile(join(h.home, 'd/a.txt'), 'utf8'), 'hello');
  assert.equal((await conn.stat('/d/a.txt')).size, 5);
  assert.deepEqual(await listAll(conn, '/d'), ['a.txt']);
  assert.equal((await download(conn, '/d/a.txt')).toString(), 'hello');
  await conn.rename('/d/a.txt', '/d/b.txt');
  await conn.copy('/d/b.txt', '/d/c.txt');
  await conn.symlink('b.txt', '/d/link');
  assert.equal(await conn.readlink('/d/link'), '/d/b.txt');
  assert.equal((await conn.lstat('/d/link')).kind, 'symlink');
  assert.equal(await conn.realpath('/d/link'), '/d/b.txt');
  await conn.setstat('/d/b.txt', { mode: 0o600, mtime: new Date(1_000_000_000_000), size: 2 });
  const st = await stat(join(h.home, 'd/b.txt'));
  assert.equal(st.mode & 0o777, 0o600);
  assert.equal(st.mtimeMs, 1_000_000_000_000);
  assert.equal(st.size, 2);
  assert.equal(
    await conn.hash('/d/c.txt', 'sha256'),
    '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
  );
  await conn.copy('/d', '/e');
  assert.deepEqual(await listAll(conn, '/e'), ['b.txt', 'c.txt'], 'links are not copied');
  await assert.rejects(conn.rmdir('/d'), NotEmptyError);
  await conn.remove('/d/link');
  await conn.remove('/d/b.txt');
  await conn.remove('/d/c.txt');
  await conn.rmdir('/d');
  await assert.rejects(conn.stat('/d'), NotFoundError);
  await assert.rejects(conn.mkdir('/e'), ExistsError);
  await assert.rejects(conn.remove('/e'), FailureError);
  await assert.rejects(conn.rmdir('/e/b.txt'), FailureError);
  await assert.rejects(conn.stat('/bad\0name'), InvalidPathError);
  const vfs = await conn.statvfs('/');
  assert.ok(vfs.bsize > 0);
});

test('each permission is enforced on files, dirs and nested dir rules', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'ro/deep'), { recursive: true });
  await writeFile(join(h.home, 'ro/file'), 'data');
  await writeFile(join(h.home, 'top'), 'data');
  const conn = h.connect(
    await h.user({
      permissions: { '/': ['*'], '/ro': ['list', 'download'], '/ro/deep': ['list', 'upload'] },
    }),
  );
  const denied = async (p: Promise<unknown>, what: string): Promise<void> => {
    await assert.rejects(p, PermissionDeniedError, what);
  };
  await denied(conn.mkdir('/ro/new'), 'create_dirs');
  await denied(conn.remove('/ro/file'), 'delete_files');
  await denied(conn.rmdir('/ro/deep'), 'delete_dirs');
  await denied(conn.rename('/ro/file', '/ro/file2'), 'rename_files');
  await denied(conn.rename('/top', '/ro/top'), 'rename into a read-only dir');
  await denied(conn.openForWrite('/ro/new.txt'), 'upload');
  await denied(conn.openForWrite('/ro/file', { truncate: true }), 'overwrite');
  await denied(conn.setstat('/ro/file', { mode: 0o600 }), 'chmod');
  await denied(conn.setstat('/ro/file', { atime: new Date(), mtime: new Date() }), 'chtimes');
  await denied(conn.truncate('/ro/file', 0), 'truncate needs overwrite');
  await denied(conn.symlink('/top', '/ro/link'), 'create_symlinks');
  await denied(conn.copy('/top', '/ro/copy'), 'copy');
  // Allowed there: listing and downloads; the nested rule allows uploads only.
  assert.deepEqual(await listAll(conn, '/ro'), ['deep', 'file']);
  assert.equal((await download(conn, '/ro/file')).toString(), 'data');
  await upload(conn, '/ro/deep/up.txt', Buffer.from('x'));
  await denied(conn.openForRead('/ro/deep/up.txt'), 'no download in /ro/deep');
  await denied(conn.openForWrite('/ro/deep/up.txt', { truncate: true }), 'no overwrite in /ro/deep');
  await denied(conn.mkdir('/ro/deep/sub'), 'no create_dirs in /ro/deep');
  // The user's uid/gid cannot be changed without chown.
  const noList = h.connect(await h.user({ username: 'bob', permissions: { '/': ['upload'] } }));
  await denied(noList.listDir('/'), 'list');
  await denied(noList.stat('/top'), 'stat needs list on the parent');
  await denied(noList.setstat('/top', { uid: 0, gid: 0 }), 'chown');
  await assert.rejects(noList.rmdir('/'), PermissionDeniedError);
});

test('a directory rename is checked entry by entry when sub-dirs have their own permissions', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'src/locked'), { recursive: true });
  await writeFile(join(h.home, 'src/locked/f'), 'x');
  const conn = h.connect(await h.user({ permissions: { '/': ['*'], '/src/locked': ['list', 'download'] } }));
  await assert.rejects(conn.rename('/src', '/dst'), PermissionDeniedError);
  assert.ok((await stat(join(h.home, 'src/locked/f'))).isFile(), 'nothing moved');
  await assert.rejects(conn.rename('/src', '/src/inner'), UnsupportedError);
});

test('virtual folders: listed, served from their mapped path, quota kept apart, cross moves copied', async (t) => {
  const h = await setup(t);
  const mapped = await h.folder('shared');
  await writeFile(join(mapped, 'in-folder.txt'), 'folder data');
  const user = await h.user({
    permissions: { '/': ['*'], '/vdir': ['list', 'download', 'upload'] },
    virtual_folders: [{ name: 'shared', virtual_path: '/vdir', quota_size: 0, quota_files: 0 }],
  });
  const conn = h.connect(user);
  await conn.mkdir('/local');
  assert.deepEqual(await listAll(conn, '/'), ['local', 'vdir']);
  assert.deepEqual(await listAll(conn, '/vdir'), ['in-folder.txt']);
  assert.equal((await download(conn, '/vdir/in-folder.txt')).toString(), 'folder data');
  await upload(conn, '/vdir/up.bin', bytes(10));
  assert.equal((await stat(join(mapped, 'up.bin'))).size, 10);
  assert.equal((await h.provider.folders.get('shared'))?.used_quota_size, 10);
  assert.equal((await h.stored('alice')).used_quota_size, 0, 'a folder with its own quota is not the user’s');
  await assert.rejects(conn.remove('/vdir/up.bin'), PermissionDeniedError);
  await assert.rejects(conn.rmdir('/vdir'), PermissionDeniedError, 'a mount point cannot be removed');
  await assert.rejects(conn.rename('/vdir', '/other'), PermissionDeniedError);
  // A move from the folder to the home (both local disks) copies then removes.
  const writable = h.connect(
    await h.user({
      username: 'carol',
      home_dir: join(h.dir, 'carol'),
      virtual_folders: [{ name: 'shared', virtual_path: '/vdir', quota_size: 0, quota_files: 0 }],
    }),
  );
  await writable.rename('/vdir/up.bin', '/moved.bin');
  assert.equal((await stat(join(h.dir, 'carol/moved.bin'))).size, 10);
  await assert.rejects(lstat(join(mapped, 'up.bin')), { code: 'ENOENT' });
  assert.equal((await h.provider.folders.get('shared'))?.used_quota_size, 0);
  assert.equal((await h.stored('carol')).used_quota_size, 10);
  assert.equal((await h.stored('carol')).used_quota_files, 1);
});

test('storage other than the local disk is refused with UnsupportedError', async (t) => {
  const h = await setup(t);
  const user = await h.user({});
  const conn = h.connect({ ...user, filesystem: { ...user.filesystem, provider: 1 } });
  await assert.rejects(conn.stat('/x'), (err: unknown) => {
    assert.ok(err instanceof UnsupportedError);
    assert.match(err.message, /provider 1/);
    return true;
  });
});

test('file patterns hide names in listings and deny operations', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'docs'), { recursive: true });
  await writeFile(join(h.home, 'a.secret'), 's');
  await writeFile(join(h.home, 'ok.txt'), 'ok');
  await writeFile(join(h.home, 'docs/a.txt'), 'a');
  await writeFile(join(h.home, 'docs/b.pdf'), 'b');
  const conn = h.connect(
    await h.user({
      filters: {
        file_patterns: [
          { path: '/', denied_patterns: ['*.secret'], deny_policy: 1 },
          { path: '/docs', denied_patterns: ['*.txt'], deny_policy: 0 },
        ],
      },
    }),
  );
  assert.deepEqual(await listAll(conn, '/'), ['docs', 'ok.txt'], 'hidden names are left out');
  await assert.rejects(conn.stat('/a.secret'), NotFoundError);
  await assert.rejects(conn.openForRead('/a.secret'), NotFoundError);
  await assert.rejects(conn.openForWrite('/new.secret'), PermissionDeniedError);
  assert.deepEqual(await listAll(conn, '/docs'), ['a.txt', 'b.pdf'], 'denied (not hidden) names are listed');
  await assert.rejects(conn.openForRead('/docs/a.txt'), PermissionDeniedError);
  await assert.rejects(conn.rename('/docs/b.pdf', '/docs/b.txt'), PermissionDeniedError);
  assert.equal((await download(conn, '/docs/b.pdf')).toString(), 'b');
});

test('listings come in bounded pages and directories leading to mount points are shown', async (t) => {
  const h = await setup(t);
  await h.folder('deep');
  await mkdir(h.home, { recursive: true });
  for (let i = 0; i < 25; i++) await writeFile(join(h.home, `f${String(i).padStart(2, '0')}`), '');
  const conn = h.connect(
    await h.user({
      virtual_folders: [{ name: 'deep', virtual_path: '/a/b/mnt', quota_size: -1, quota_files: -1 }],
    }),
    { settings: { maxListPage: 10 } },
  );
  const lister = await conn.listDir('/');
  const first = await lister.next(1000);
  assert.equal(first.length, 10, 'the page size is capped');
  assert.equal(first[0]?.name, 'a', 'virtual directories come first');
  await lister.close();
  assert.equal((await listAll(conn, '/')).length, 26);
  assert.deepEqual(await listAll(conn, '/a'), ['b']);
  assert.equal((await conn.stat('/a/b')).kind, 'directory', 'a virtual directory stats as a directory');
  assert.deepEqual(await listAll(conn, '/a/b'), ['mnt']);
});

test('symlinks: an upload replaces the link, links cannot leave the storage', async (t) => {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  await writeFile(join(h.home, 'target'), 'keep me');
  await symlink(join(h.home, 'target'), join(h.home, 'link'));
  const conn = h.connect(await h.user({}));
  await upload(conn, '/link', Buffer.from('new'));
  assert.equal(await readFile(join(h.home, 'target'), 'utf8'), 'keep me');
  assert.equal((await lstat(join(h.home, 'link'))).isFile(), true);
  assert.deepEqual((await readdir(h.home)).sort(), ['link', 'target']);
});

test('renames and copies into a folder with its own quota are checked and move the usage', async (t) => {
  const h = await setup(t);
  await h.folder('small');
  const conn = h.connect(
    await h.user({
      virtual_folders: [{ name: 'small', virtual_path: '/small', quota_size: 5, quota_files: 0 }],
    }),
  );
  await upload(conn, '/big', bytes(10));
  await upload(conn, '/tiny', bytes(3));
  await assert.rejects(conn.rename('/big', '/small/big'), QuotaExceededError);
  await assert.rejects(conn.copy('/big', '/small/big'), QuotaExceededError);
  await conn.rename('/tiny', '/small/tiny');
  assert.equal((await h.provider.folders.get('small'))?.used_quota_size, 3);
  assert.equal((await h.provider.folders.get('small'))?.used_quota_files, 1);
  let u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [10, 1]);
  await conn.copy('/small/tiny', '/tiny-copy');
  u = await h.stored('alice');
  assert.deepEqual([u.used_quota_size, u.used_quota_files], [13, 2]);
  // 2 bytes are left in the folder: an upload may start but not write more.
  const transfer = await conn.openForWrite('/small/more');
  await assert.rejects(transfer.write(bytes(3), 0, 3, 0), QuotaExceededError);
  await assert.rejects(transfer.close(), QuotaExceededError);
});

test('statvfs reports the quota when the user has one', async (t) => {
  const h = await setup(t);
  const conn = h.connect(await h.user({ quota_size: 8192, quota_files: 10 }));
  await upload(conn, '/f', bytes(4096));
  const vfs = await conn.statvfs('/');
  assert.deepEqual([vfs.bsize, vfs.blocks, vfs.bfree, vfs.bavail], [4096, 2, 1, 1]);
  assert.deepEqual([vfs.files, vfs.ffree, vfs.favail], [10, 9, 9]);
});
