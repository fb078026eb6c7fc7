import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hasVirtualFoldersInside,
  isMappedPath,
  isMountUsable,
  isVirtualDir,
  isVirtualFolderRoot,
  resolveVirtualFolder,
  sameMount,
  virtualDirsInDir,
} from '../../../src/common/rules/virtual-folders.js';
import { mount, userWithMounts } from './users.js';

const user = userWithMounts(
  [
    mount('f1', '/vdir'),
    mount('f2', '/vdir/nested'),
    mount('f3', '/vdirx'),
    mount('f4', '/a/b/c', { subpath: '/sub' }),
    mount('s3', '/cloud', { mapped_path: '', subpath: '/tenant', filesystem: { provider: 1 } }),
  ],
  { filters: { start_directory: '/start/here' } },
);

describe('resolveVirtualFolder', () => {
  it('finds the most specific mount, element by element', () => {
    const cases: [string, string | undefined, string?, string?][] = [
      ['/', undefined],
      ['/file', undefined],
      ['/vdi', undefined],
      ['/vdir', 'f1', '/', '/'],
      ['/vdir/x/y', 'f1', '/x/y', '/x/y'],
      ['/vdir/nested', 'f2', '/', '/'],
      ['/vdir/nested/z', 'f2', '/z', '/z'],
      ['/vdir/nestedx', 'f1', '/nestedx', '/nestedx'],
      ['/vdirx/q', 'f3', '/q', '/q'],
      ['/a', undefined],
      ['/a/b', undefined],
      ['/a/b/c', 'f4', '/', '/sub'],
      ['/a/b/c/d/e', 'f4', '/d/e', '/sub/d/e'],
      ['/cloud/x', 's3', '/x', '/tenant/x'],
    ];
    for (const [p, name, relative, storage] of cases) {
      const resolved = resolveVirtualFolder(user, p);
      assert.equal(resolved?.folder.name, name, p);
      if (resolved !== undefined) {
        assert.equal(resolved.mountPath, resolved.folder.virtual_path, p);
        assert.equal(resolved.relativePath, relative, p);
        assert.equal(resolved.storagePath, storage, p);
      }
    }
  });

  it('a folder mounted on "/" serves what no other mount covers', () => {
    const root = userWithMounts([mount('root', '/'), mount('y', '/y')]);
    assert.equal(resolveVirtualFolder(root, '/')?.folder.name, 'root');
    assert.equal(resolveVirtualFolder(root, '/')?.relativePath, '/');
    assert.equal(resolveVirtualFolder(root, '/x/z')?.relativePath, '/x/z');
    assert.equal(resolveVirtualFolder(root, '/y/z')?.folder.name, 'y');
  });

  it('finds nothing for a user without mounts', () => {
    assert.equal(resolveVirtualFolder(userWithMounts([]), '/vdir'), undefined);
  });
});

describe('mount points', () => {
  it('isVirtualFolderRoot', () => {
    assert.equal(isVirtualFolderRoot(user, '/vdir'), true);
    assert.equal(isVirtualFolderRoot(user, '/vdir/nested'), true);
    assert.equal(isVirtualFolderRoot(user, '/vdir/x'), false);
    assert.equal(isVirtualFolderRoot(user, '/a/b'), false);
    assert.equal(isVirtualFolderRoot(user, '/'), false);
    assert.equal(isVirtualFolderRoot(userWithMounts([mount('root', '/')]), '/'), true);
  });

  it('hasVirtualFoldersInside', () => {
    const cases: [string, boolean][] = [
      ['/', true],
      ['/vdir', true],
      ['/vdir/nested', false],
      ['/vdirx', false],
      ['/vdi', false],
      ['/a', true],
      ['/a/b', true],
      ['/a/b/c', false],
      ['/start', false],
    ];
    for (const [p, expected] of cases) assert.equal(hasVirtualFoldersInside(user, p), expected, p);
    assert.equal(hasVirtualFoldersInside(userWithMounts([]), '/'), false);
  });

  it('virtualDirsInDir lists mount points and the directories leading to them', () => {
    assert.deepEqual(virtualDirsInDir(user, '/'), ['a', 'cloud', 'start', 'vdir', 'vdirx']);
    assert.deepEqual(virtualDirsInDir(user, '/vdir'), ['nested']);
    assert.deepEqual(virtualDirsInDir(user, '/a'), ['b']);
    assert.deepEqual(virtualDirsInDir(user, '/a/b'), ['c']);
    assert.deepEqual(virtualDirsInDir(user, '/start'), ['here']);
    assert.deepEqual(virtualDirsInDir(user, '/x'), []);
  });

  it('isVirtualDir', () => {
    const cases: [string, boolean][] = [
      ['/', false],
      ['/vdir', true],
      ['/a', true],
      ['/a/b', true],
      ['/a/b/c', true],
      ['/a/b/c/d', false],
      ['/start', true],
      ['/start/here', true],
      ['/start/here/x', false],
      ['/ab', false],
    ];
    for (const [p, expected] of cases) assert.equal(isVirtualDir(user, p), expected, p);
  });
});

describe('isMappedPath', () => {
  it('matches mapped paths and, for local folders, the sub-path root', () => {
    assert.equal(isMappedPath(user, '/srv/folders/f1'), true);
    assert.equal(isMappedPath(user, '/srv/folders/f1/x'), false);
    assert.equal(isMappedPath(user, '/srv/folders/f4'), true);
    assert.equal(isMappedPath(user, '/srv/folders/f4/sub'), true);
    assert.equal(isMappedPath(user, '/srv/folders/f4/other'), false);
    assert.equal(isMappedPath(user, '/srv/alice'), false);
  });
});

describe('isMountUsable', () => {
  it('refuses a sub-path on an HTTP folder only', () => {
    const { filesystem } = userWithMounts([mount('h', '/h', { filesystem: { provider: 6 } })])
      .virtual_folders[0]!;
    assert.equal(isMountUsable({ subpath: '/x', filesystem }), false);
    assert.equal(isMountUsable({ subpath: '', filesystem }), true);
    const local = user.virtual_folders[3]!;
    assert.equal(isMountUsable(local), true);
  });
});

describe('sameMount', () => {
  it('compares the mounts serving two paths', () => {
    assert.equal(sameMount(user, '/vdir/a', '/vdir/b'), true);
    assert.equal(sameMount(user, '/vdir/a', '/x'), false);
    assert.equal(sameMount(user, '/x', '/y/z'), true);
    assert.equal(sameMount(user, '/vdir/a', '/vdir/nested/b'), false);
  });
});
