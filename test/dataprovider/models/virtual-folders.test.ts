import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUser, userToJSON } from '../../../src/dataprovider/models/index.js';
import { assertInvalid, ctx, minimalUser } from './helpers.js';

const mount = (name: string, virtualPath: string, extra: Record<string, unknown> = {}) => ({
  name,
  virtual_path: virtualPath,
  ...extra,
});
const foldersOf = (folders: unknown[], context = ctx) =>
  parseUser(minimalUser({ virtual_folders: folders }), context).virtual_folders;

describe('virtual folder mounts', () => {
  it('clean virtual paths, taking relative ones from "/"', () => {
    const folders = foldersOf([mount('a', '/data/'), mount('b', 'docs//x'), mount('c', '\\win\\dir')]);
    assert.deepEqual(
      folders.map((f) => f.virtual_path),
      ['/data', '/docs/x', '/win/dir'],
    );
  });

  it('allow sibling paths that share a prefix', () => {
    assert.equal(foldersOf([mount('a', '/a'), mount('b', '/ab'), mount('c', '/a-b')]).length, 3);
  });

  it('allow nested virtual paths, as SFTPGo 2.2+ does', () => {
    assert.equal(foldersOf([mount('a', '/a'), mount('b', '/a/b'), mount('c', '/a/b/c')]).length, 3);
  });

  it('allow a mount on "/", hiding the home directory', () => {
    assert.equal(foldersOf([mount('a', '/')])[0]?.virtual_path, '/');
  });

  it('refuse two mounts on the same virtual path, however written', () => {
    assertInvalid(
      () => foldersOf([mount('a', '/x'), mount('b', '/x')]),
      'virtual_folders[1].virtual_path',
      /overlaps/,
    );
    assertInvalid(
      () => foldersOf([mount('a', '/x/y'), mount('b', '/x/./y/')]),
      'virtual_folders[1].virtual_path',
      /overlaps/,
    );
  });

  it('need a virtual path and a folder name', () => {
    assertInvalid(() => foldersOf([mount('a', '')]), 'virtual_folders[0].virtual_path', /required/);
    assertInvalid(
      () => foldersOf([mount('a', '/a'), mount('', '/b')]),
      'virtual_folders[1].name',
      /required/,
    );
  });

  it('apply the naming rules to folder names', () => {
    assert.equal(foldersOf([mount(' Shared ', '/s')], { ...ctx, namingRules: 7 })[0]?.name, 'shared');
  });

  it('refuse mounting the same folder and sub-path twice', () => {
    assertInvalid(
      () => foldersOf([mount('a', '/x'), mount('a', '/y')]),
      'virtual_folders[1].name',
      /mounted twice/,
    );
    const twoSubpaths = foldersOf([
      mount('a', '/x', { subpath: '/one' }),
      mount('a', '/y', { subpath: '/two' }),
    ]);
    assert.deepEqual(
      twoSubpaths.map((f) => f.subpath),
      ['/one', '/two'],
    );
  });
});

describe('virtual folder quotas', () => {
  it('accept unlimited, limited and included in the user quota', () => {
    const folders = foldersOf([
      mount('a', '/a'),
      mount('b', '/b', { quota_size: 100, quota_files: 0 }),
      mount('c', '/c', { quota_size: -1, quota_files: -1 }),
    ]);
    assert.deepEqual(
      folders.map((f) => [f.quota_size, f.quota_files]),
      [
        [0, 0],
        [100, 0],
        [-1, -1],
      ],
    );
  });

  it('refuse values below -1 and -1 on one side only', () => {
    assertInvalid(() => foldersOf([mount('a', '/a', { quota_size: -2 })]), 'virtual_folders[0].quota_size');
    assertInvalid(() => foldersOf([mount('a', '/a', { quota_files: -5 })]), 'virtual_folders[0].quota_files');
    assertInvalid(
      () => foldersOf([mount('a', '/a', { quota_size: -1, quota_files: 0 })]),
      'virtual_folders[0].quota_size',
      /must both be -1/,
    );
  });

  it('must be the same on every mount of a folder', () => {
    assertInvalid(
      () =>
        foldersOf([
          mount('a', '/x', { subpath: '/1', quota_size: 5 }),
          mount('a', '/y', { subpath: '/2', quota_size: 6 }),
        ]),
      'virtual_folders[1].quota_size',
      /same on all its mounts/,
    );
  });
});

describe('virtual folder sub-paths', () => {
  it('accept canonical paths, with or without the leading and trailing slash', () => {
    const folders = foldersOf([mount('a', '/a', { subpath: 'x/y' }), mount('b', '/b', { subpath: '/x/' })]);
    assert.deepEqual(
      folders.map((f) => f.subpath),
      ['/x/y', '/x'],
    );
  });

  it('refuse "/", non-canonical and over-long paths', () => {
    for (const bad of ['/', 'a/../b', '//a', 'a//b', 'a\\b', `/${'x'.repeat(191)}`]) {
      assertInvalid(
        () => foldersOf([mount('a', '/a', { subpath: bad })]),
        'virtual_folders[0].subpath',
        undefined,
      );
    }
    assert.equal(foldersOf([mount('a', '/a', { subpath: 'x'.repeat(190) })])[0]?.subpath.length, 191);
  });
});

describe('virtual folder details embedded in a user', () => {
  it('are kept as given (the folder itself is validated on its own)', () => {
    const folders = foldersOf([
      mount('a', '/a', {
        mapped_path: 'relative/is/not/checked/here',
        filesystem: { provider: 1, s3config: { bucket: 'b' } },
      }),
    ]);
    assert.equal(folders[0]?.mapped_path, 'relative/is/not/checked/here');
    assert.equal(folders[0]?.filesystem.s3config.bucket, 'b');
  });

  it('are written back with the mount fields', () => {
    const user = parseUser(
      minimalUser({ virtual_folders: [mount('a', '/a', { subpath: '/s', quota_files: 3 })] }),
      ctx,
    );
    const json = userToJSON(user, { forDump: true }) as { virtual_folders: Record<string, unknown>[] };
    const folder = json.virtual_folders[0] as Record<string, unknown>;
    assert.deepEqual(
      [
        folder.name,
        folder.virtual_path,
        folder.subpath,
        folder.quota_size,
        folder.quota_files,
        folder.used_quota_size,
      ],
      ['a', '/a', '/s', 0, 3, 0],
    );
    assert.equal('mapped_path' in folder, false);
  });

  it('are type-checked', () => {
    assertInvalid(() => foldersOf([mount('a', '/a', { mapped_path: 5 })]), 'virtual_folders[0].mapped_path');
    assertInvalid(
      () => foldersOf([mount('a', '/a', { filesystem: { provider: 'x' } })]),
      'virtual_folders[0].filesystem.provider',
    );
  });
});
