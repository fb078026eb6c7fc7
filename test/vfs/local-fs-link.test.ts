// LocalFs.link: hard links on the real disk, kept inside the root, regular files only.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import type { FsErrorClass } from '../../src/vfs/index.js';
import {
  FsExistsError,
  FsIsDirectoryError,
  FsNotFoundError,
  FsOutsideRootError,
  FsPermissionError,
  FsUnsupportedError,
  LocalFs,
} from '../../src/vfs/index.js';
import { tempDir } from '../helpers/tmp.js';

async function setup(t: TestContext) {
  const base = await tempDir(t, 'sftpgo-vfs-link-');
  const home = join(base, 'home');
  await mkdir(join(home, 'dir'), { recursive: true });
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'secret.txt'), 'SECRET');
  await writeFile(join(home, 'a.txt'), 'hello');
  return { base, home, fs: await LocalFs.create({ root: home }) };
}

async function rejectsWith(promise: Promise<unknown>, errorClass: FsErrorClass): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof errorClass, `expected ${errorClass.name}, got ${String(err)}`);
    return true;
  });
}

describe('LocalFs.link', { skip: process.platform === 'win32' && 'no hard links' }, () => {
  it('gives a file a second name sharing its data', async (t) => {
    const { home, fs } = await setup(t);
    assert.equal(fs.capabilities.hardlinks, true);
    await fs.link('/a.txt', '/dir/b.txt');
    const a = statSync(join(home, 'a.txt'));
    const b = statSync(join(home, 'dir/b.txt'));
    assert.equal(a.ino, b.ino);
    assert.equal(a.nlink, 2);
    await writeFile(join(home, 'a.txt'), 'changed');
    assert.equal(await readFile(join(home, 'dir/b.txt'), 'utf8'), 'changed');
  });

  it('refuses directories, symbolic links, the root and existing names', async (t) => {
    const { home, fs } = await setup(t);
    await symlink('a.txt', join(home, 'ln'));
    await rejectsWith(fs.link('/dir', '/dir2'), FsIsDirectoryError);
    await rejectsWith(fs.link('/ln', '/ln2'), FsUnsupportedError);
    await rejectsWith(fs.link('/', '/root2'), FsPermissionError);
    await rejectsWith(fs.link('/a.txt', '/'), FsPermissionError);
    await rejectsWith(fs.link('/a.txt', '/dir'), FsExistsError);
    await rejectsWith(fs.link('/missing', '/x'), FsNotFoundError);
    await rejectsWith(fs.link('/a.txt', '/missing/x'), FsNotFoundError);
  });

  it('never reaches outside the root', async (t) => {
    const { base, home, fs } = await setup(t);
    await symlink(join(base, 'outside'), join(home, 'out'));
    await rejectsWith(fs.link('/out/secret.txt', '/stolen.txt'), FsOutsideRootError);
    await rejectsWith(fs.link('/a.txt', '/out/planted.txt'), FsOutsideRootError);
    assert.equal(statSync(join(base, 'outside', 'secret.txt')).nlink, 1);
  });
});
