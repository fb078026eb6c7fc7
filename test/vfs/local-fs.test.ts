import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, statfsSync, statSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import type { FsErrorClass } from '../../src/vfs/index.js';
import {
  FsAbortedError,
  FsClosedError,
  FsExistsError,
  FsInvalidArgumentError,
  FsInvalidPathError,
  FsIsDirectoryError,
  FsNotDirectoryError,
  FsNotEmptyError,
  FsNotFoundError,
  FsOutsideRootError,
  FsPermissionError,
  FsSymlinkLoopError,
  FsUnsupportedError,
  LOCAL_FS_CAPABILITIES,
  LocalFs,
} from '../../src/vfs/index.js';
import type { DirLister, FsDirEntry } from '../../src/vfs/index.js';
import { tempDir } from '../helpers/tmp.js';

/** A root `<tmp>/home` with a sibling `<tmp>/outside` holding `secret.txt`. */
async function setup(t: TestContext, options: { copyChunkSize?: number } = {}) {
  const base = await tempDir(t, 'sftpgo-vfs-local-');
  const home = join(base, 'home');
  await mkdir(home);
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'secret.txt'), 'SECRET');
  const fs = await LocalFs.create({ root: home, ...options });
  return { base, home, fs };
}

async function rejectsWith(
  promise: Promise<unknown>,
  errorClass: FsErrorClass,
  message?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof errorClass, `expected ${errorClass.name}, got ${String(err)}`);
    if (message !== undefined) assert.match((err as Error).message, message);
    return true;
  });
}

async function collect(lister: DirLister, limit: number): Promise<FsDirEntry[]> {
  const all: FsDirEntry[] = [];
  for (;;) {
    const page = await lister.next(limit);
    if (page.length === 0) return all;
    assert.ok(page.length <= limit);
    all.push(...page);
  }
}

describe('LocalFs.create', () => {
  it('refuses a relative root, a missing root and a root that is a file', async (t) => {
    const base = await tempDir(t, 'sftpgo-vfs-root-');
    await writeFile(join(base, 'file'), '');
    await rejectsWith(LocalFs.create({ root: 'relative/home' }), FsInvalidArgumentError, /absolute/);
    await rejectsWith(LocalFs.create({ root: join(base, 'missing') }), FsNotFoundError);
    await rejectsWith(LocalFs.create({ root: join(base, 'file') }), FsNotDirectoryError);
    await rejectsWith(
      LocalFs.create({ root: base, copyChunkSize: 0 }),
      FsInvalidArgumentError,
      /copyChunkSize/,
    );
  });

  it('creates a missing root with its parents when asked', async (t) => {
    const base = await tempDir(t, 'sftpgo-vfs-root-');
    const fs = await LocalFs.create({ root: join(base, 'a', 'b', 'home'), createRoot: true });
    assert.ok(statSync(join(base, 'a', 'b', 'home')).isDirectory());
    assert.equal(fs.rootPath, join(base, 'a', 'b', 'home'));
  });

  it('resolves a root reached through a symbolic link once', async (t) => {
    const base = await tempDir(t, 'sftpgo-vfs-root-');
    await mkdir(join(base, 'real'));
    await symlink('real', join(base, 'alias'));
    const fs = await LocalFs.create({ root: join(base, 'alias/') });
    assert.equal(fs.rootPath, join(base, 'real'));
    await fs.mkdir('/made');
    assert.ok(statSync(join(base, 'real', 'made')).isDirectory());
  });

  it('declares what the local disk can do', async (t) => {
    const { fs } = await setup(t);
    assert.equal(fs.capabilities, LOCAL_FS_CAPABILITIES);
    assert.deepEqual(
      { ...fs.capabilities },
      {
        atomicRename: true,
        resume: true,
        symlinks: process.platform !== 'win32',
        chmod: true,
        chown: process.platform !== 'win32',
        hardlinks: process.platform !== 'win32',
        serverSideCopy: true,
        statvfs: true,
      },
    );
    assert.equal(typeof fs.copyFile, 'function');
  });
});

describe('LocalFs file handles', () => {
  it('reads and writes at explicit positions, leaving holes of zeros', async (t) => {
    const { fs, home } = await setup(t);
    const handle = await fs.open('/data.bin', { read: true, write: true, create: true });
    assert.equal(await handle.write(Buffer.from('WORLD'), 0, 5, 6), 5);
    assert.equal(await handle.write(Buffer.from('xxHELLOxx'), 2, 5, 0), 5);
    assert.equal((await handle.stat()).size, 11);
    const buffer = Buffer.alloc(20, 0x2e);
    assert.equal(await handle.read(buffer, 2, 11, 0), 11);
    assert.equal(buffer.subarray(2, 13).toString('latin1'), 'HELLO\0WORLD');
    assert.equal(buffer[0], 0x2e);
    assert.equal(await handle.read(buffer, 0, 4, 8), 3, 'a read at the end is short');
    assert.equal(buffer.subarray(0, 3).toString(), 'RLD');
    assert.equal(await handle.read(buffer, 0, 4, 11), 0, 'a read at the end of the file gives 0');
    assert.equal(await handle.read(buffer, 0, 4, 1000), 0, 'a read past the end gives 0');
    assert.equal(await handle.read(buffer, 0, 0, 0), 0);
    await handle.truncate(5);
    await handle.sync();
    assert.equal((await handle.stat()).size, 5);
    await handle.close();
    await handle.close();
    assert.equal(readFileSync(join(home, 'data.bin'), 'utf8'), 'HELLO');
  });

  it('refuses negative or fractional positions and offsets outside the buffer', async (t) => {
    const { fs } = await setup(t);
    const handle = await fs.open('/f', { read: true, write: true, create: true });
    t.after(() => handle.close());
    await rejectsWith(handle.read(Buffer.alloc(4), 0, 4, -1), FsInvalidArgumentError, /position/);
    await rejectsWith(handle.write(Buffer.alloc(4), 0, 4, 1.5), FsInvalidArgumentError, /position/);
    await rejectsWith(handle.read(Buffer.alloc(4), 3, 4, 0), FsInvalidArgumentError);
    await rejectsWith(handle.write(Buffer.alloc(4), 0, 8, 0), FsInvalidArgumentError);
    await rejectsWith(handle.truncate(-1), FsInvalidArgumentError, /size/);
  });

  it('fails with FsClosedError once closed', async (t) => {
    const { fs } = await setup(t);
    const handle = await fs.open('/f', { write: true, create: true });
    await handle.close();
    await rejectsWith(handle.write(Buffer.from('x'), 0, 1, 0), FsClosedError);
    await rejectsWith(handle.read(Buffer.alloc(1), 0, 1, 0), FsClosedError);
    await rejectsWith(handle.stat(), FsClosedError);
    await rejectsWith(handle.sync(), FsClosedError);
    await rejectsWith(handle.truncate(0), FsClosedError);
  });

  it('appends whatever the position with append', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'log'), 'abc');
    const handle = await fs.open('/log', { write: true, append: true });
    await handle.write(Buffer.from('def'), 0, 3, 0);
    await handle.close();
    assert.equal(readFileSync(join(home, 'log'), 'utf8'), 'abcdef');
  });
});

describe('LocalFs.open flags', () => {
  it('refuses flags that contradict each other', async (t) => {
    const { fs } = await setup(t);
    for (const flags of [
      {},
      { read: true, truncate: true },
      { read: true, append: true },
      { write: true, exclusive: true },
    ]) {
      await rejectsWith(fs.open('/f', flags), FsInvalidArgumentError, /invalid open flags/);
    }
  });

  it('creates, refuses to recreate with exclusive, truncates, and needs create for a new file', async (t) => {
    const { fs, home } = await setup(t);
    await rejectsWith(fs.open('/new', { write: true }), FsNotFoundError);
    await rejectsWith(fs.open('/new', { read: true }), FsNotFoundError);
    await (await fs.open('/new', { write: true, create: true, exclusive: true }, 0o640)).close();
    assert.equal(statSync(join(home, 'new')).mode & 0o777, 0o640 & ~process.umask());
    await rejectsWith(fs.open('/new', { write: true, create: true, exclusive: true }), FsExistsError);
    await writeFile(join(home, 'new'), 'content');
    await (await fs.open('/new', { write: true, create: true })).close();
    assert.equal(readFileSync(join(home, 'new'), 'utf8'), 'content', 'create alone keeps the content');
    await (await fs.open('/new', { write: true, truncate: true })).close();
    assert.equal(readFileSync(join(home, 'new'), 'utf8'), '');
  });

  it('refuses exclusive creation over a dangling link instead of following it', async (t) => {
    const { fs, home } = await setup(t);
    await symlink('target-to-be', join(home, 'dangling'));
    await rejectsWith(fs.open('/dangling', { write: true, create: true, exclusive: true }), FsExistsError);
    assert.ok(!lstatSync(join(home, 'target-to-be'), { throwIfNoEntry: false }));
  });

  it('creates through a dangling link that points inside the root', async (t) => {
    const { fs, home } = await setup(t);
    await mkdir(join(home, 'dir'));
    await symlink('dir/target', join(home, 'dangling'));
    const handle = await fs.open('/dangling', { write: true, create: true });
    await handle.write(Buffer.from('via link'), 0, 8, 0);
    await handle.close();
    assert.equal(readFileSync(join(home, 'dir', 'target'), 'utf8'), 'via link');
  });

  it('refuses directories and special files', async (t) => {
    const { fs, home } = await setup(t);
    await mkdir(join(home, 'dir'));
    await rejectsWith(fs.open('/dir', { read: true }), FsIsDirectoryError);
    await rejectsWith(fs.open('/dir', { write: true }), FsIsDirectoryError);
    await rejectsWith(fs.open('/', { read: true }), FsIsDirectoryError);
    if (spawnSync('mkfifo', [join(home, 'fifo')]).status === 0) {
      // Without O_NONBLOCK this open would wait forever for a writer.
      await rejectsWith(fs.open('/fifo', { read: true }), FsUnsupportedError, /not a regular file/);
      await rejectsWith(fs.truncate('/fifo', 0), FsUnsupportedError);
    } else {
      t.diagnostic('mkfifo is not available: FIFO case skipped');
    }
  });
});

describe('LocalFs metadata', () => {
  it('stats files, directories and links, following links only in stat', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'f'), '12345');
    await mkdir(join(home, 'd'));
    await symlink('f', join(home, 'l'));
    await symlink('nowhere', join(home, 'dangling'));
    const file = await fs.stat('/f');
    assert.equal(file.kind, 'file');
    assert.equal(file.size, 5);
    assert.equal(file.mode, statSync(join(home, 'f')).mode);
    assert.equal(file.uid, statSync(join(home, 'f')).uid);
    assert.equal(file.nlink, 1);
    assert.ok(file.mtime instanceof Date && file.atime instanceof Date && file.ctime instanceof Date);
    assert.equal((await fs.stat('/d')).kind, 'directory');
    assert.equal((await fs.stat('/')).kind, 'directory');
    assert.equal((await fs.stat('/l')).kind, 'file');
    assert.equal((await fs.lstat('/l')).kind, 'symlink');
    assert.equal((await fs.lstat('/l')).size, 1);
    assert.equal((await fs.lstat('/dangling')).kind, 'symlink');
    await rejectsWith(fs.stat('/dangling'), FsNotFoundError);
    await rejectsWith(fs.stat('/missing'), FsNotFoundError, /^stat "\/missing": /);
    await rejectsWith(fs.stat('/f/below'), FsNotDirectoryError);
  });

  it('changes modes, owners and times, following links', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'f'), '12345');
    await symlink('f', join(home, 'l'));
    await fs.chmod('/l', 0o100600);
    assert.equal(statSync(join(home, 'f')).mode & 0o7777, 0o600);
    const atime = new Date('2010-01-02T03:04:05Z');
    const mtime = new Date('2011-01-02T03:04:05Z');
    await fs.chtimes('/l', atime, mtime);
    assert.equal(statSync(join(home, 'f')).mtime.getTime(), mtime.getTime());
    assert.equal(statSync(join(home, 'f')).atime.getTime(), atime.getTime());
    const { uid, gid } = statSync(join(home, 'f'));
    await fs.chown('/l', -1, -1);
    await fs.chown('/l', uid, gid);
    if (process.getuid?.() === 0) {
      await fs.chown('/l', 4321, -1);
      assert.equal(statSync(join(home, 'f')).uid, 4321);
      assert.equal(statSync(join(home, 'f')).gid, gid);
    } else {
      await rejectsWith(fs.chown('/f', 0, 0), FsPermissionError);
    }
    await rejectsWith(fs.chtimes('/f', new Date('nonsense'), mtime), FsInvalidArgumentError, /access time/);
    await rejectsWith(fs.chmod('/f', -1), FsInvalidArgumentError);
    await rejectsWith(fs.chown('/f', -2, 0), FsInvalidArgumentError);
    await rejectsWith(fs.chmod('/missing', 0o600), FsNotFoundError);
  });

  it('truncates regular files only', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'f'), '12345');
    await fs.truncate('/f', 2);
    assert.equal(readFileSync(join(home, 'f'), 'utf8'), '12');
    await fs.truncate('/f', 4);
    assert.deepEqual([...readFileSync(join(home, 'f'))], [0x31, 0x32, 0, 0]);
    await rejectsWith(fs.truncate('/', 0), FsIsDirectoryError);
    await rejectsWith(fs.truncate('/f', -1), FsInvalidArgumentError);
    await rejectsWith(fs.truncate('/missing', 0), FsNotFoundError);
  });

  it('reports the filesystem statistics of the root', async (t) => {
    const { fs, home } = await setup(t);
    const vfs = await fs.statvfs('/');
    const host = statfsSync(home);
    assert.equal(vfs.bsize, host.bsize);
    assert.equal(vfs.frsize, host.bsize);
    assert.equal(vfs.blocks, host.blocks);
    assert.equal(vfs.files, host.files);
    assert.ok(vfs.bavail <= vfs.bfree && vfs.bfree <= vfs.blocks);
    assert.equal(vfs.favail, vfs.ffree);
    assert.equal(vfs.namemax, 255);
    assert.deepEqual(Object.keys(vfs).sort(), [
      'bavail',
      'bfree',
      'blocks',
      'bsize',
      'favail',
      'ffree',
      'files',
      'flag',
      'frsize',
      'fsid',
      'namemax',
    ]);
    await rejectsWith(fs.statvfs('/missing'), FsNotFoundError);
  });
});

describe('LocalFs directories', () => {
  it('lists entries with their metadata, in pages, then [] for good', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'a'), 'aaa');
    await mkdir(join(home, 'b'));
    await symlink('a', join(home, 'c'));
    const lister = await fs.readdir('/');
    const entries = await collect(lister, 2);
    assert.deepEqual(entries.map((e) => [e.name, e.kind, e.kind === 'file' ? e.size : null]).sort(), [
      ['a', 'file', 3],
      ['b', 'directory', null],
      ['c', 'symlink', null],
    ]);
    assert.deepEqual(await lister.next(10), []);
    await lister.close();
  });

  it('checks the page size, refuses overlapping calls and use after close', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'a'), '');
    const lister = await fs.readdir('/');
    for (const limit of [0, -1, 1.5, Number.NaN])
      await rejectsWith(lister.next(limit), FsInvalidArgumentError);
    const first = lister.next(1);
    await rejectsWith(lister.next(1), FsInvalidArgumentError, /previous call/);
    await first;
    await lister.close();
    await lister.close();
    await rejectsWith(lister.next(1), FsClosedError);
  });

  it('stops when the signal fires', async (t) => {
    const { fs, home } = await setup(t);
    for (let i = 0; i < 10; i++) await writeFile(join(home, `f${i}`), '');
    await rejectsWith(fs.readdir('/', { signal: AbortSignal.abort() }), FsAbortedError);
    const controller = new AbortController();
    const lister = await fs.readdir('/', { signal: controller.signal });
    assert.equal((await lister.next(3)).length, 3);
    controller.abort();
    await rejectsWith(lister.next(3), FsAbortedError);
    await rejectsWith(lister.next(3), FsClosedError);
  });

  it('skips names that are not UTF-8, which no client could name back', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'good'), '');
    await writeFile(Buffer.concat([Buffer.from(`${home}/bad-`), Buffer.from([0xff, 0xfe])]), '');
    assert.deepEqual(
      (await collect(await fs.readdir('/'), 10)).map((e) => e.name),
      ['good'],
    );
  });

  it('lists through a link to a directory, and refuses files', async (t) => {
    const { fs, home } = await setup(t);
    await mkdir(join(home, 'd'));
    await writeFile(join(home, 'd', 'inner'), '');
    await symlink('d', join(home, 'ld'));
    assert.deepEqual(
      (await collect(await fs.readdir('/ld'), 5)).map((e) => e.name),
      ['inner'],
    );
    await rejectsWith(fs.readdir('/d/inner'), FsNotDirectoryError);
    await rejectsWith(fs.readdir('/nothing'), FsNotFoundError);
  });

  it('creates and removes directories with the expected errors', async (t) => {
    const { fs, home } = await setup(t);
    await fs.mkdir('/d', 0o750);
    assert.equal(statSync(join(home, 'd')).mode & 0o777, 0o750 & ~process.umask());
    await rejectsWith(fs.mkdir('/d'), FsExistsError);
    await rejectsWith(fs.mkdir('/'), FsExistsError);
    await rejectsWith(fs.mkdir('/x/y'), FsNotFoundError);
    await writeFile(join(home, 'd', 'f'), '');
    await symlink('d', join(home, 'ld'));
    await rejectsWith(fs.rmdir('/d'), FsNotEmptyError);
    await rejectsWith(fs.rmdir('/d/f'), FsNotDirectoryError);
    await rejectsWith(fs.rmdir('/ld'), FsNotDirectoryError);
    await rejectsWith(fs.rmdir('/'), FsPermissionError, /root/);
    await rejectsWith(fs.rmdir('/missing'), FsNotFoundError);
    await rejectsWith(fs.remove('/d'), FsIsDirectoryError);
    await rejectsWith(fs.remove('/'), FsPermissionError, /root/);
    await rejectsWith(fs.remove('/missing'), FsNotFoundError);
    await fs.remove('/ld');
    assert.ok(statSync(join(home, 'd')).isDirectory(), 'removing a link leaves its target');
    await fs.remove('/d/f');
    await fs.rmdir('/d');
    assert.ok(!lstatSync(join(home, 'd'), { throwIfNoEntry: false }));
  });

  it('renames with POSIX rules', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'a'), 'A');
    await writeFile(join(home, 'b'), 'B');
    await mkdir(join(home, 'd'));
    await mkdir(join(home, 'full'));
    await writeFile(join(home, 'full', 'x'), '');
    await fs.rename('/a', '/b');
    assert.equal(readFileSync(join(home, 'b'), 'utf8'), 'A');
    await fs.rename('/b', '/b');
    await rejectsWith(fs.rename('/missing', '/c'), FsNotFoundError);
    await rejectsWith(fs.rename('/b', '/d'), FsIsDirectoryError);
    await rejectsWith(fs.rename('/d', '/b'), FsNotDirectoryError);
    await rejectsWith(fs.rename('/d', '/full'), FsNotEmptyError);
    await rejectsWith(fs.rename('/d', '/d/inside'), FsInvalidArgumentError);
    await rejectsWith(fs.rename('/', '/x'), FsPermissionError, /root/);
    await rejectsWith(fs.rename('/d', '/'), FsPermissionError, /root/);
    await rejectsWith(fs.rename('/b', '/nowhere/b'), FsNotFoundError);
    await symlink('b', join(home, 'lb'));
    await fs.rename('/lb', '/d/moved-link');
    assert.equal(readlinkSync(join(home, 'd', 'moved-link')), 'b', 'a link is moved, not its target');
  });
});

describe('LocalFs symbolic links', () => {
  it('stores an absolute target as the host path under the configured root, and reads it back virtual', async (t) => {
    const { fs, home } = await setup(t);
    await mkdir(join(home, 'dir'));
    await fs.symlink('/dir/../dir/file', '/abs');
    assert.equal(readlinkSync(join(home, 'abs')), join(home, 'dir', 'file'));
    assert.equal(await fs.readlink('/abs'), '/dir/file');
    await fs.symlink('/', '/to-root');
    assert.equal(readlinkSync(join(home, 'to-root')), home);
    assert.equal(await fs.readlink('/to-root'), '/');
  });

  it('keeps the configured root (not the resolved one) in stored targets', async (t) => {
    const base = await tempDir(t, 'sftpgo-vfs-alias-');
    await mkdir(join(base, 'real'));
    await symlink('real', join(base, 'alias'));
    const fs = await LocalFs.create({ root: join(base, 'alias') });
    await fs.symlink('/x', '/l');
    assert.equal(readlinkSync(join(base, 'real', 'l')), join(base, 'alias', 'x'));
    assert.equal(await fs.readlink('/l'), '/x');
    await writeFile(join(base, 'real', 'x'), 'X');
    assert.equal((await fs.stat('/l')).size, 1);
  });

  it('stores a relative target relative (normalised), read back as a virtual path from the link', async (t) => {
    const { fs, home } = await setup(t);
    await mkdir(join(home, 'a'));
    await mkdir(join(home, 'b'));
    await writeFile(join(home, 'b', 'f'), 'F');
    await fs.symlink('../b/./f', '/a/rel');
    assert.equal(readlinkSync(join(home, 'a', 'rel')), '../b/f');
    assert.equal(await fs.readlink('/a/rel'), '/b/f');
    assert.equal(readFileSync(join(home, 'a', 'rel'), 'utf8'), 'F');
    await fs.symlink('b/', '/trailing');
    assert.equal(readlinkSync(join(home, 'trailing')), 'b');
    await fs.symlink('.', '/a/self');
    assert.equal(await fs.readlink('/a/self'), '/a');
  });

  it('accepts dangling targets inside the root', async (t) => {
    const { fs } = await setup(t);
    await fs.symlink('not/yet/there', '/later');
    assert.equal(await fs.readlink('/later'), '/not/yet/there');
    await rejectsWith(fs.stat('/later'), FsNotFoundError);
  });

  it('refuses targets outside the root, lexically or through existing links', async (t) => {
    const { fs, home, base } = await setup(t);
    await mkdir(join(home, 'd'));
    await symlink(join(base, 'outside'), join(home, 'out'));
    await rejectsWith(fs.symlink('..', '/up'), FsOutsideRootError);
    await rejectsWith(fs.symlink('../../outside/secret.txt', '/d/up'), FsOutsideRootError);
    await rejectsWith(fs.symlink('out/secret.txt', '/via'), FsOutsideRootError);
    await rejectsWith(fs.symlink('/out/secret.txt', '/via-abs'), FsOutsideRootError);
    await rejectsWith(fs.symlink('out/../../home', '/back-in'), FsOutsideRootError);
    // An absolute target is virtual: it cannot climb out however many `..` it has.
    await fs.symlink('/../../outside/secret.txt', '/clamped');
    assert.equal(readlinkSync(join(home, 'clamped')), join(home, 'outside', 'secret.txt'));
  });

  it('refuses bad links and link places', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'f'), '');
    await rejectsWith(fs.symlink('f', '/f'), FsExistsError);
    await rejectsWith(fs.symlink('f', '/'), FsPermissionError, /root/);
    await rejectsWith(fs.symlink('', '/empty'), FsInvalidPathError);
    await rejectsWith(fs.symlink('a\0b', '/nul'), FsInvalidPathError);
    await rejectsWith(fs.symlink('x'.repeat(256), '/long'), FsInvalidPathError);
    await rejectsWith(fs.symlink('f', '/missing/l'), FsNotFoundError);
    await rejectsWith(fs.readlink('/f'), FsInvalidArgumentError, /not a symbolic link/);
    await rejectsWith(fs.readlink('/'), FsInvalidArgumentError);
    await rejectsWith(fs.readlink('/missing'), FsNotFoundError);
  });

  it('reads links made by others: inside as virtual paths, outside refused', async (t) => {
    const { fs, home, base } = await setup(t);
    await symlink(join(home, 'x'), join(home, 'abs-in'));
    await symlink(join(base, 'outside'), join(home, 'abs-out'));
    await symlink(`${home}-evil/x`, join(home, 'prefix-trick'));
    await symlink('../outside', join(home, 'rel-out'));
    await symlink('/', join(home, 'host-root'));
    assert.equal(await fs.readlink('/abs-in'), '/x');
    for (const name of ['abs-out', 'prefix-trick', 'rel-out', 'host-root']) {
      await rejectsWith(fs.readlink(`/${name}`), FsOutsideRootError);
      await rejectsWith(fs.stat(`/${name}`), FsOutsideRootError);
      assert.equal((await fs.lstat(`/${name}`)).kind, 'symlink');
    }
  });

  it('follows chains up to 40 links and reports loops', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'end'), 'E');
    for (let i = 1; i <= 41; i++) await symlink(i === 1 ? 'end' : `c${i - 1}`, join(home, `c${i}`));
    assert.equal((await fs.stat('/c40')).kind, 'file');
    await rejectsWith(fs.stat('/c41'), FsSymlinkLoopError);
    await symlink('self', join(home, 'self'));
    await symlink('b', join(home, 'a'));
    await symlink('a', join(home, 'b'));
    for (const path of ['/self', '/a', '/b/x']) {
      await rejectsWith(fs.stat(path), FsSymlinkLoopError);
      await rejectsWith(fs.open(path, { write: true, create: true }), FsSymlinkLoopError);
    }
    assert.equal((await fs.lstat('/self')).kind, 'symlink');
  });

  it('resolves real paths through links, keeping names that do not exist', async (t) => {
    const { fs, home } = await setup(t);
    await mkdir(join(home, 'd'));
    await symlink('d', join(home, 'ld'));
    await symlink('/ld/new', join(home, 'dangling'));
    assert.equal(await fs.realpath('/ld/../ld/x'), '/d/x');
    assert.equal(await fs.realpath('ld'), '/d');
    assert.equal(await fs.realpath('/no/such/thing'), '/no/such/thing');
    assert.equal(await fs.realpath('/'), '/');
  });
});

describe('LocalFs.copyFile', () => {
  it('copies content and permission bits, replacing the target', async (t) => {
    const { fs, home } = await setup(t, { copyChunkSize: 7 });
    const content = 'x'.repeat(100) + 'end';
    await writeFile(join(home, 'src'), content, { mode: 0o640 });
    await writeFile(join(home, 'dst'), 'a longer old content that must go away entirely'.repeat(5));
    await fs.copyFile!('/src', '/dst');
    assert.equal(await readFile(join(home, 'dst'), 'utf8'), content);
    await fs.copyFile!('/src', '/new');
    assert.equal(await readFile(join(home, 'new'), 'utf8'), content);
    assert.equal(statSync(join(home, 'new')).mode & 0o777, 0o640 & ~process.umask());
  });

  it('refuses a file onto itself, directories and missing sources', async (t) => {
    const { fs, home } = await setup(t);
    await writeFile(join(home, 'src'), 'keep me');
    await symlink('src', join(home, 'alias'));
    await mkdir(join(home, 'd'));
    await rejectsWith(fs.copyFile!('/src', '/alias'), FsInvalidArgumentError, /same file/);
    assert.equal(readFileSync(join(home, 'src'), 'utf8'), 'keep me');
    await rejectsWith(fs.copyFile!('/d', '/x'), FsIsDirectoryError);
    await rejectsWith(fs.copyFile!('/src', '/d'), FsIsDirectoryError);
    await rejectsWith(fs.copyFile!('/missing', '/x'), FsNotFoundError);
  });

  it('stops part way when the signal fires', async (t) => {
    const { fs, home } = await setup(t, { copyChunkSize: 16 });
    await writeFile(join(home, 'big'), Buffer.alloc(1024 * 1024, 1));
    await rejectsWith(fs.copyFile!('/big', '/c1', { signal: AbortSignal.abort() }), FsAbortedError);
    const controller = new AbortController();
    const copying = fs.copyFile!('/big', '/c2', { signal: controller.signal });
    setImmediate(() => controller.abort());
    await rejectsWith(copying, FsAbortedError);
    assert.ok(statSync(join(home, 'c2')).size < 1024 * 1024);
  });
});
