import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants } from 'node:fs';
import {
  chmod,
  link,
  lstat,
  mkdir,
  mkdtemp,
  open,
  opendir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FsErrorClass } from '../../src/vfs/errors.js';
import {
  FsAbortedError,
  FsClosedError,
  FsCrossDeviceError,
  FsError,
  FsExistsError,
  FsInvalidArgumentError,
  FsInvalidPathError,
  FsIsDirectoryError,
  FsNoSpaceError,
  FsNotDirectoryError,
  FsNotEmptyError,
  FsNotFoundError,
  FsOutsideRootError,
  FsPermissionError,
  FsSymlinkLoopError,
  FsUnsupportedError,
  MAPPED_ERROR_CODES,
  throwIfAborted,
  toFsError,
} from '../../src/vfs/errors.js';
import { tempDir } from '../helpers/tmp.js';

// What each code must become, written out here rather than read from the implementation's table.
const EXPECTED: Readonly<Record<string, readonly [FsErrorClass, string]>> = {
  ENOENT: [FsNotFoundError, 'FS_NOT_FOUND'],
  EACCES: [FsPermissionError, 'FS_PERMISSION'],
  EPERM: [FsPermissionError, 'FS_PERMISSION'],
  EROFS: [FsPermissionError, 'FS_PERMISSION'],
  EEXIST: [FsExistsError, 'FS_EXISTS'],
  ENOTDIR: [FsNotDirectoryError, 'FS_NOT_DIRECTORY'],
  EISDIR: [FsIsDirectoryError, 'FS_IS_DIRECTORY'],
  ENOTEMPTY: [FsNotEmptyError, 'FS_NOT_EMPTY'],
  ELOOP: [FsSymlinkLoopError, 'FS_SYMLINK_LOOP'],
  ENAMETOOLONG: [FsInvalidPathError, 'FS_INVALID_PATH'],
  EILSEQ: [FsInvalidPathError, 'FS_INVALID_PATH'],
  EXDEV: [FsCrossDeviceError, 'FS_CROSS_DEVICE'],
  ENOTSUP: [FsUnsupportedError, 'FS_UNSUPPORTED'],
  EOPNOTSUPP: [FsUnsupportedError, 'FS_UNSUPPORTED'],
  ENOSYS: [FsUnsupportedError, 'FS_UNSUPPORTED'],
  ENXIO: [FsUnsupportedError, 'FS_UNSUPPORTED'],
  ENOSPC: [FsNoSpaceError, 'FS_NO_SPACE'],
  EDQUOT: [FsNoSpaceError, 'FS_NO_SPACE'],
  EFBIG: [FsNoSpaceError, 'FS_NO_SPACE'],
  EINVAL: [FsInvalidArgumentError, 'FS_INVALID_ARGUMENT'],
  EBADF: [FsClosedError, 'FS_CLOSED'],
  ERR_OUT_OF_RANGE: [FsInvalidArgumentError, 'FS_INVALID_ARGUMENT'],
  ERR_INVALID_ARG_TYPE: [FsInvalidArgumentError, 'FS_INVALID_ARGUMENT'],
  ERR_INVALID_ARG_VALUE: [FsInvalidArgumentError, 'FS_INVALID_ARGUMENT'],
  ERR_DIR_CLOSED: [FsClosedError, 'FS_CLOSED'],
  ABORT_ERR: [FsAbortedError, 'FS_ABORTED'],
};

function assertMapped(err: unknown, code: string): FsError {
  const [errorClass, fsCode] = EXPECTED[code] as readonly [FsErrorClass, string];
  const mapped = toFsError(err, { op: 'stat', virtualPath: '/some/path' });
  assert.ok(mapped instanceof errorClass, `${code} became ${mapped.name}`);
  assert.equal(mapped.code, fsCode);
  assert.equal(mapped.cause, err);
  assert.equal(mapped.op, 'stat');
  assert.equal(mapped.virtualPath, '/some/path');
  assert.match(mapped.message, /^stat "\/some\/path": /);
  return mapped;
}

async function errorOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (err) {
    return err;
  }
  assert.fail('the action did not fail');
}

describe('toFsError', () => {
  it('maps every listed code, and the list covers every code the backend knows', () => {
    assert.deepEqual([...MAPPED_ERROR_CODES].sort(), Object.keys(EXPECTED).sort());
    for (const code of MAPPED_ERROR_CODES) {
      // Shaped like Node's SystemError; the real ones each code can be produced with follow below.
      const err = Object.assign(new Error(`${code}: something, stat '/host/path'`), {
        code,
        syscall: 'stat',
      });
      assertMapped(err, code);
    }
  });

  it('keeps the refinements: outside-root is a permission error, cross-device is unsupported', () => {
    assert.ok(new FsOutsideRootError('x') instanceof FsPermissionError);
    assert.equal(new FsOutsideRootError('x').code, 'FS_OUTSIDE_ROOT');
    assert.ok(new FsCrossDeviceError('x') instanceof FsUnsupportedError);
    assert.equal(new FsCrossDeviceError('x').code, 'FS_CROSS_DEVICE');
  });

  it('passes storage errors through and wraps anything else as FS_FAILURE', () => {
    const own = new FsNotEmptyError('already typed');
    assert.equal(toFsError(own, { op: 'rmdir' }), own);
    for (const err of [
      new Error('boom'),
      'text',
      42,
      null,
      Object.assign(new Error('x'), { code: 'EWHATEVER' }),
    ]) {
      const mapped = toFsError(err, { op: 'rename', virtualPath: '/a', targetVirtualPath: '/b' });
      assert.equal(mapped.constructor, FsError);
      assert.equal(mapped.code, 'FS_FAILURE');
      assert.equal(mapped.name, 'FsError');
      assert.match(mapped.message, /^rename "\/a" -> "\/b" failed: /);
      assert.equal(mapped.targetVirtualPath, '/b');
    }
  });

  it('maps the errors that real system calls and Node checks raise', async (t) => {
    const dir = await tempDir(t, 'sftpgo-vfs-errno-');
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    await mkdir(join(dir, 'full'));
    await writeFile(join(dir, 'full', 'entry'), '');
    await symlink('loop', join(dir, 'loop'));
    const real: [string, () => Promise<unknown>][] = [
      ['ENOENT', () => lstat(join(dir, 'missing'))],
      ['EEXIST', () => mkdir(file)],
      ['ENOTDIR', () => opendir(join(file))],
      ['EISDIR', () => open(dir, 'w')],
      ['ENOTEMPTY', () => rmdir(join(dir, 'full'))],
      ['ELOOP', () => readFile(join(dir, 'loop'))],
      ['ENAMETOOLONG', () => lstat(join(dir, 'n'.repeat(300)))],
      ['EINVAL', () => readlink(file)],
      // Hard links to directories are refused even to root.
      ['EPERM', () => link(join(dir, 'full'), join(dir, 'dirlink'))],
      [
        'EBADF',
        async () => {
          const handle = await open(file, 'r');
          await handle.close();
          return handle.stat();
        },
      ],
      [
        'ERR_OUT_OF_RANGE',
        async () => {
          const handle = await open(file, 'r');
          try {
            return await handle.read(Buffer.alloc(1), 5, 1, 0);
          } finally {
            await handle.close();
          }
        },
      ],
      ['ERR_INVALID_ARG_TYPE', () => lstat(42 as unknown as string)],
      ['ERR_INVALID_ARG_VALUE', () => open(file, 'not-a-flag')],
      [
        'ERR_DIR_CLOSED',
        async () => {
          const d = await opendir(dir);
          await d.close();
          return d.read();
        },
      ],
      ['ABORT_ERR', () => readFile(file, { signal: AbortSignal.abort() })],
    ];
    if (process.platform === 'linux' && spawnSync('mkfifo', [join(dir, 'fifo')]).status === 0) {
      // Opening a FIFO for writing without blocking, when nobody reads it.
      real.push(['ENXIO', () => open(join(dir, 'fifo'), constants.O_WRONLY | constants.O_NONBLOCK)]);
    }
    for (const [code, action] of real) {
      const err = await errorOf(action);
      assert.equal(
        (err as { code?: unknown }).code,
        code,
        `expected ${code} from the system, got ${String(err)}`,
      );
      assertMapped(err, code);
    }
    if (process.getuid?.() !== 0) {
      await mkdir(join(dir, 'closed'), 0o000);
      try {
        assertMapped(await errorOf(() => lstat(join(dir, 'closed', 'x'))), 'EACCES');
      } finally {
        await chmod(join(dir, 'closed'), 0o700);
      }
    } else {
      t.diagnostic('running as root: EACCES cannot be produced for real, only the mapping table covers it');
    }
    const shm = '/dev/shm';
    const shmDir = await mkdtemp(join(shm, 'sftpgo-vfs-')).catch(() => undefined);
    if (shmDir !== undefined) {
      try {
        const err = await errorOf(() => rename(file, join(shmDir, 'moved')));
        if ((err as { code?: unknown }).code === 'EXDEV') assertMapped(err, 'EXDEV');
        else t.diagnostic(`${shm} is on the same filesystem as ${tmpdir()}: EXDEV not produced`);
      } finally {
        await rm(shmDir, { recursive: true, force: true });
      }
    } else {
      t.diagnostic(`no ${shm}: EXDEV not produced`);
    }
  });
});

describe('throwIfAborted', () => {
  it('throws FsAbortedError with the reason as cause once the signal fired', () => {
    const controller = new AbortController();
    throwIfAborted(controller.signal, { op: 'copy' });
    throwIfAborted(undefined, { op: 'copy' });
    controller.abort(new Error('session closed'));
    assert.throws(
      () => throwIfAborted(controller.signal, { op: 'copy', virtualPath: '/a' }),
      (err: unknown) =>
        err instanceof FsAbortedError &&
        (err.cause as Error).message === 'session closed' &&
        err.virtualPath === '/a',
    );
  });
});
