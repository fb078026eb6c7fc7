import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Permission } from '../../../src/dataprovider/models/index.js';
import { PERMISSIONS } from '../../../src/dataprovider/models/index.js';
import type { Decision, OperationRequest, PathOperation } from '../../../src/common/rules/index.js';
import {
  PATH_OPERATIONS,
  checkOperation,
  grants,
  requiredPermissions,
} from '../../../src/common/rules/index.js';
import { makeUser, mount, userWithMounts, userWithPatterns, userWithPerms } from './users.js';

/** The permission each one-path operation needs, and whether it is read on the path itself. */
const NEEDS: Readonly<Record<PathOperation, { readonly perm?: Permission; readonly onSelf?: boolean }>> = {
  listDir: { perm: 'list', onSelf: true },
  stat: { perm: 'list' },
  realpath: { perm: 'list' },
  readlink: { perm: 'list' },
  download: { perm: 'download' },
  hash: { perm: 'download' },
  upload: { perm: 'upload' },
  overwrite: { perm: 'overwrite' },
  resume: { perm: 'overwrite' },
  mkdir: { perm: 'create_dirs' },
  mkdirImplicit: { perm: 'create_dirs' },
  rmdir: { perm: 'delete_dirs' },
  removeFile: { perm: 'delete_files' },
  chmod: { perm: 'chmod' },
  chown: { perm: 'chown' },
  chtimes: { perm: 'chtimes' },
  truncate: { perm: 'overwrite' },
  statvfs: {},
};

/** A short form of a decision for table comparisons. */
function summary(d: Decision): string {
  if (d.allowed) return 'allowed';
  return [d.error, d.reason, d.path, d.missing].filter((x) => x !== undefined).join(' ');
}

function check(user: Parameters<typeof checkOperation>[0], request: OperationRequest): string {
  return summary(checkOperation(user, request));
}

describe('checkOperation: every permission against every one-path operation', () => {
  for (const op of PATH_OPERATIONS) {
    it(op, () => {
      const needs = NEEDS[op];
      for (const held of PERMISSIONS) {
        // "/" grants only what "/" must grant; the directory "/d" grants one permission.
        const user = userWithPerms({ '/': ['chtimes'], '/d': [held] });
        const path = needs.onSelf === true ? '/d' : '/d/x';
        const decision = checkOperation(user, { op, path });
        const expected = needs.perm === undefined || grants([held], needs.perm);
        assert.equal(decision.allowed, expected, `${op} with ${held}`);
        if (!decision.allowed) {
          assert.equal(decision.error, 'permission-denied');
          assert.equal(decision.reason, 'missing-permission');
          assert.equal(decision.missing, needs.perm);
          assert.equal(decision.path, '/d');
          assert.match(
            decision.message,
            new RegExp(`${op}: permission "${needs.perm}" is not granted on "/d"`),
          );
        }
      }
    });
  }

  it('operations on a path read its directory, not the path itself', () => {
    const user = userWithPerms({ '/': ['*'], '/d/x': ['list'] });
    assert.equal(check(user, { op: 'upload', path: '/d/x' }), 'allowed');
    assert.equal(check(user, { op: 'listDir', path: '/d/x' }), 'allowed');
    assert.equal(
      check(user, { op: 'upload', path: '/d/x/y' }),
      'permission-denied missing-permission /d/x upload',
    );
  });
});

describe('checkOperation: nested directory permissions', () => {
  const user = userWithPerms({
    '/': ['list', 'download'],
    '/a': ['list', 'upload', 'create_dirs'],
    '/a/b': ['list', 'overwrite', 'delete'],
    '/ab': ['*'],
  });
  const cases: [OperationRequest, string][] = [
    [{ op: 'upload', path: '/f' }, 'permission-denied missing-permission / upload'],
    [{ op: 'download', path: '/f' }, 'allowed'],
    [{ op: 'upload', path: '/a/f' }, 'allowed'],
    [{ op: 'download', path: '/a/f' }, 'permission-denied missing-permission /a download'],
    [{ op: 'mkdir', path: '/a/new' }, 'allowed'],
    [{ op: 'mkdir', path: '/a/b/new' }, 'permission-denied missing-permission /a/b create_dirs'],
    [{ op: 'overwrite', path: '/a/b/f' }, 'allowed'],
    [{ op: 'upload', path: '/a/b/f' }, 'permission-denied missing-permission /a/b upload'],
    [{ op: 'removeFile', path: '/a/b/c/f' }, 'allowed'],
    [{ op: 'rmdir', path: '/a/b/c' }, 'allowed'],
    [{ op: 'rmdir', path: '/a/b' }, 'permission-denied missing-permission /a delete_dirs'],
    [{ op: 'chmod', path: '/ab/f' }, 'allowed'],
    [{ op: 'chmod', path: '/a/bf' }, 'permission-denied missing-permission /a chmod'],
    [{ op: 'stat', path: '/a' }, 'allowed'],
    [{ op: 'listDir', path: '/' }, 'allowed'],
    [{ op: 'stat', path: '/' }, 'allowed'],
    [{ op: 'statvfs', path: '/a/b' }, 'allowed'],
  ];
  for (const [request, expected] of cases) {
    it(`${request.op} ${'path' in request ? request.path : ''}`, () =>
      assert.equal(check(user, request), expected));
  }
});

describe('checkOperation: permissions inside virtual folders', () => {
  const user = userWithMounts([mount('shared', '/shared'), mount('deep', '/x/y')], {
    permissions: { '/': ['list', 'download', 'upload'], '/shared': ['list', 'download'] },
  });
  const cases: [OperationRequest, string][] = [
    [{ op: 'upload', path: '/shared/f' }, 'permission-denied missing-permission /shared upload'],
    [{ op: 'download', path: '/shared/sub/f' }, 'allowed'],
    [{ op: 'upload', path: '/x/y/f' }, 'allowed'],
    // A mount point's own entry is in its parent directory.
    [{ op: 'stat', path: '/shared' }, 'allowed'],
    [{ op: 'stat', path: '/x' }, 'allowed'],
    [{ op: 'mkdir', path: '/shared' }, 'permission-denied missing-permission / create_dirs'],
  ];
  for (const [request, expected] of cases) {
    it(`${request.op} ${'path' in request ? request.path : ''}`, () =>
      assert.equal(check(user, request), expected));
  }

  it('mount points cannot be created, removed or renamed', () => {
    const open = userWithMounts([mount('shared', '/shared'), mount('deep', '/x/y')]);
    assert.equal(check(open, { op: 'mkdir', path: '/shared' }), 'permission-denied mount-point /shared');
    assert.equal(check(open, { op: 'mkdirImplicit', path: '/x/y' }), 'permission-denied mount-point /x/y');
    assert.equal(check(open, { op: 'rmdir', path: '/shared' }), 'permission-denied mount-point /shared');
    assert.equal(check(open, { op: 'rmdir', path: '/x' }), 'unsupported mounts-inside /x');
    assert.equal(check(open, { op: 'rmdir', path: '/' }), 'permission-denied root /');
    assert.equal(check(open, { op: 'rmdir', path: '/x/z' }), 'allowed');
    const rename = (source: string, target: string, op: 'renameDir' | 'renameFile' = 'renameDir') =>
      check(open, { op, source, target });
    assert.equal(rename('/shared', '/other'), 'permission-denied mount-point /shared');
    assert.equal(rename('/other', '/shared'), 'permission-denied mount-point /shared');
    assert.equal(rename('/x', '/z'), 'unsupported mounts-inside /x');
    assert.equal(rename('/z', '/x'), 'unsupported mounts-inside /x');
    assert.equal(rename('/shared/a', '/shared/b'), 'allowed');
    assert.equal(rename('/shared/a', '/a', 'renameFile'), 'allowed');
  });
});

describe('checkOperation: stat, readlink, listDir and file patterns', () => {
  const user = makeUser({
    permissions: { '/': ['*'], '/nolist': ['download'] },
    virtual_folders: [mount('hid', '/hidden-mount')],
    filters: {
      file_patterns: [
        { path: '/', denied_patterns: ['*.exe', 'hidden*'], deny_policy: 1 },
        { path: '/soft', denied_patterns: ['*.exe'], deny_policy: 0 },
      ],
    },
  });
  const cases: [OperationRequest, string][] = [
    [{ op: 'stat', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'stat', path: '/hidden-dir/f' }, 'not-found file-pattern /hidden-dir/f'],
    // A mount point is stat-able even when its name is hidden.
    [{ op: 'stat', path: '/hidden-mount' }, 'allowed'],
    [{ op: 'stat', path: '/soft/a.exe' }, 'allowed'],
    [{ op: 'stat', path: '/' }, 'allowed'],
    [{ op: 'stat', path: '/nolist/f' }, 'permission-denied missing-permission /nolist list'],
    [{ op: 'readlink', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'readlink', path: '/soft/a.exe' }, 'allowed'],
    [{ op: 'realpath', path: '/a.exe' }, 'allowed'],
    [{ op: 'listDir', path: '/hidden-dir' }, 'allowed'],
    [{ op: 'listDir', path: '/nolist' }, 'permission-denied missing-permission /nolist list'],
  ];
  for (const [request, expected] of cases) {
    it(`${request.op} ${'path' in request ? request.path : ''}`, () =>
      assert.equal(check(user, request), expected));
  }
});

describe('checkOperation: transfers, setstat and file patterns', () => {
  const user = userWithPatterns(
    [
      { path: '/', denied_patterns: ['*.exe'], deny_policy: 1 },
      { path: '/soft', denied_patterns: ['*.exe'], deny_policy: 0 },
    ],
    { '/': ['*'], '/ro': ['list', 'download'] },
  );
  const cases: [OperationRequest, string][] = [
    [{ op: 'download', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'download', path: '/soft/a.exe' }, 'permission-denied file-pattern /soft/a.exe'],
    [{ op: 'hash', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'hash', path: '/soft/a.exe' }, 'permission-denied file-pattern /soft/a.exe'],
    // Writes are refused with permission denied whatever the policy.
    [{ op: 'upload', path: '/a.exe' }, 'permission-denied file-pattern /a.exe'],
    [{ op: 'overwrite', path: '/a.exe' }, 'permission-denied file-pattern /a.exe'],
    [{ op: 'resume', path: '/soft/a.exe' }, 'permission-denied file-pattern /soft/a.exe'],
    [{ op: 'mkdir', path: '/dir.exe' }, 'permission-denied file-pattern /dir.exe'],
    [{ op: 'mkdirImplicit', path: '/dir.exe' }, 'allowed'],
    [{ op: 'removeFile', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'removeFile', path: '/soft/a.exe' }, 'permission-denied file-pattern /soft/a.exe'],
    [{ op: 'rmdir', path: '/d.exe' }, 'not-found file-pattern /d.exe'],
    [{ op: 'chmod', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'chown', path: '/soft/a.exe' }, 'permission-denied file-pattern /soft/a.exe'],
    [{ op: 'chtimes', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'truncate', path: '/a.exe' }, 'not-found file-pattern /a.exe'],
    [{ op: 'statvfs', path: '/a.exe' }, 'allowed'],
    // Which check comes first decides the error.
    [{ op: 'download', path: '/ro/a.txt' }, 'allowed'],
    [{ op: 'upload', path: '/ro/a.exe' }, 'permission-denied file-pattern /ro/a.exe'],
    [{ op: 'upload', path: '/ro/a.txt' }, 'permission-denied missing-permission /ro upload'],
    [{ op: 'removeFile', path: '/ro/a.exe' }, 'permission-denied missing-permission /ro delete_files'],
    [{ op: 'chmod', path: '/ro/a.exe' }, 'not-found file-pattern /ro/a.exe'],
    [{ op: 'hash', path: '/ro/a.exe' }, 'not-found file-pattern /ro/a.exe'],
  ];
  for (const [request, expected] of cases) {
    it(`${request.op} ${'path' in request ? request.path : ''}`, () =>
      assert.equal(check(user, request), expected));
  }
});

describe('checkOperation: rename', () => {
  const renamePerms: Permission[] = ['*', 'rename', 'rename_files', 'rename_dirs', 'delete', 'upload'];

  it('files need rename_files (or rename) on both directories, directories rename_dirs', () => {
    for (const src of renamePerms) {
      for (const dst of renamePerms) {
        const user = userWithPerms({ '/': ['list'], '/s': [src], '/t': [dst] });
        const file = checkOperation(user, { op: 'renameFile', source: '/s/e', target: '/t/e' });
        const dir = checkOperation(user, { op: 'renameDir', source: '/s/e', target: '/t/e' });
        assert.equal(
          file.allowed,
          grants([src], 'rename_files') && grants([dst], 'rename_files'),
          `file ${src} ${dst}`,
        );
        assert.equal(
          dir.allowed,
          grants([src], 'rename_dirs') && grants([dst], 'rename_dirs'),
          `dir ${src} ${dst}`,
        );
        if (!file.allowed) {
          assert.equal(file.missing, 'rename_files');
          assert.equal(file.path, grants([src], 'rename_files') ? '/t' : '/s');
        }
      }
    }
  });

  it('an existing target needs overwrite on its directory', () => {
    const user = userWithPerms({
      '/': ['list'],
      '/s': ['rename'],
      '/t': ['rename'],
      '/o': ['rename', 'overwrite'],
    });
    assert.equal(check(user, { op: 'renameFile', source: '/s/e', target: '/t/e' }), 'allowed');
    assert.equal(
      check(user, { op: 'renameFile', source: '/s/e', target: '/t/e', targetExists: true }),
      'permission-denied missing-permission /t overwrite',
    );
    assert.equal(
      check(user, { op: 'renameFile', source: '/s/e', target: '/o/e', targetExists: true }),
      'allowed',
    );
  });

  it('needs no upload or create_dirs on the target', () => {
    const user = userWithPerms({ '/': ['rename'] });
    assert.equal(check(user, { op: 'renameFile', source: '/a', target: '/b/c' }), 'allowed');
    assert.equal(check(user, { op: 'renameDir', source: '/a', target: '/b/c' }), 'allowed');
  });

  it('refuses the root, the same path and nested directories', () => {
    const user = makeUser();
    assert.equal(check(user, { op: 'renameFile', source: '/a', target: '/a' }), 'unsupported same-path /a');
    assert.equal(check(user, { op: 'renameDir', source: '/', target: '/x' }), 'permission-denied root /');
    assert.equal(check(user, { op: 'renameDir', source: '/x', target: '/' }), 'permission-denied root /');
    assert.equal(check(user, { op: 'renameDir', source: '/a', target: '/a/b' }), 'unsupported nested /a/b');
    assert.equal(check(user, { op: 'renameDir', source: '/a/b', target: '/a' }), 'unsupported nested /a');
    assert.equal(check(user, { op: 'renameDir', source: '/a', target: '/ab' }), 'allowed');
    assert.equal(check(user, { op: 'renameFile', source: '/a/b', target: '/a' }), 'allowed');
  });

  it('refuses names denied by the file patterns, whatever the policy', () => {
    const user = userWithPatterns([{ path: '/', denied_patterns: ['*.exe'], deny_policy: 1 }]);
    assert.equal(
      check(user, { op: 'renameFile', source: '/a.exe', target: '/a.txt' }),
      'permission-denied file-pattern /a.exe',
    );
    assert.equal(
      check(user, { op: 'renameFile', source: '/a.txt', target: '/a.exe' }),
      'permission-denied file-pattern /a.exe',
    );
    assert.equal(check(user, { op: 'renameFile', source: '/a.txt', target: '/b.txt' }), 'allowed');
  });

  it('refuses a move between different storage resources', () => {
    const s3 = { provider: 1, s3config: { bucket: 'b', region: 'eu' } };
    const user = userWithMounts([mount('local', '/local'), mount('cloud', '/cloud', { filesystem: s3 })]);
    assert.equal(check(user, { op: 'renameFile', source: '/a', target: '/local/a' }), 'allowed');
    assert.equal(
      check(user, { op: 'renameFile', source: '/a', target: '/cloud/a' }),
      'permission-denied cross-storage /cloud/a',
    );
    assert.equal(
      check(user, { op: 'renameDir', source: '/cloud/d', target: '/local/d' }),
      'permission-denied cross-storage /local/d',
    );
  });

  it('lists the permissions it needs', () => {
    assert.deepEqual(
      requiredPermissions({ op: 'renameFile', source: '/s/a', target: '/t/b', targetExists: true }),
      [
        { permission: 'rename_files', path: '/s' },
        { permission: 'rename_files', path: '/t' },
        { permission: 'overwrite', path: '/t' },
      ],
    );
    assert.deepEqual(requiredPermissions({ op: 'renameDir', source: '/s/a', target: '/t/b' }), [
      { permission: 'rename_dirs', path: '/s' },
      { permission: 'rename_dirs', path: '/t' },
    ]);
  });
});

describe('checkOperation: symlink', () => {
  it('needs create_symlinks on the directories of the link and of its target', () => {
    const user = userWithPerms({
      '/': ['list'],
      '/l': ['create_symlinks'],
      '/t': ['create_symlinks'],
      '/n': ['list'],
    });
    assert.equal(check(user, { op: 'symlink', source: '/t/file', target: '/l/link' }), 'allowed');
    assert.equal(
      check(user, { op: 'symlink', source: '/n/file', target: '/l/link' }),
      'permission-denied missing-permission /n create_symlinks',
    );
    assert.equal(
      check(user, { op: 'symlink', source: '/t/file', target: '/n/link' }),
      'permission-denied missing-permission /n create_symlinks',
    );
  });

  it('cannot link across mounts or involve the root', () => {
    const user = userWithMounts([mount('v', '/v')]);
    assert.equal(
      check(user, { op: 'symlink', source: '/v/f', target: '/link' }),
      'unsupported cross-mount /link',
    );
    assert.equal(check(user, { op: 'symlink', source: '/v/f', target: '/v/link' }), 'allowed');
    assert.equal(check(user, { op: 'symlink', source: '/', target: '/link' }), 'permission-denied root /');
    assert.equal(check(user, { op: 'symlink', source: '/f', target: '/' }), 'permission-denied root /');
  });

  it('a hidden link target looks absent, a denied link name is refused', () => {
    const user = userWithPatterns([
      { path: '/', denied_patterns: ['*.exe'], deny_policy: 1 },
      { path: '/soft', denied_patterns: ['*.exe'] },
    ]);
    assert.equal(
      check(user, { op: 'symlink', source: '/a.exe', target: '/link' }),
      'not-found file-pattern /a.exe',
    );
    assert.equal(check(user, { op: 'symlink', source: '/soft/a.exe', target: '/link' }), 'allowed');
    assert.equal(
      check(user, { op: 'symlink', source: '/a.txt', target: '/soft/l.exe' }),
      'permission-denied file-pattern /soft/l.exe',
    );
  });
});

describe('checkOperation: copy', () => {
  it('needs copy on the source and the target paths themselves', () => {
    const user = userWithPerms({
      '/': ['list'],
      '/s': ['copy', 'download'],
      '/t': ['copy', 'upload', 'overwrite'],
    });
    assert.equal(check(user, { op: 'copyFile', source: '/s/f', target: '/t/f' }), 'allowed');
    assert.equal(
      check(user, { op: 'copyFile', source: '/t/f', target: '/s/f' }),
      'permission-denied missing-permission /t download',
    );
    assert.equal(
      check(user, { op: 'copyFile', source: '/x/f', target: '/t/f' }),
      'permission-denied missing-permission /x/f copy',
    );
    assert.equal(
      check(user, { op: 'copyFile', source: '/s/f', target: '/x/f' }),
      'permission-denied missing-permission /x/f copy',
    );
  });

  it('a wildcard permission key can match the copied file itself', () => {
    const user = userWithPerms({ '/': ['*'], '/c/*': ['list'] });
    assert.equal(
      check(user, { op: 'copyFile', source: '/c/f', target: '/x' }),
      'permission-denied missing-permission /c/f copy',
    );
    assert.equal(check(user, { op: 'download', path: '/c/f' }), 'allowed');
  });

  it('a copy through the server also needs download, and upload or overwrite', () => {
    const user = userWithPerms({ '/': ['list'], '/s': ['copy'], '/t': ['copy', 'upload'] });
    const base = { op: 'copyFile', source: '/s/f', target: '/t/f' } as const;
    assert.equal(check(user, base), 'permission-denied missing-permission /s download');
    assert.equal(check(user, { ...base, serverSideCopy: true }), 'allowed');
    assert.equal(check(user, { ...base, serverSideCopy: true, targetExists: true }), 'allowed');
    const both = userWithPerms({ '/': ['list'], '/s': ['copy', 'download'], '/t': ['copy', 'upload'] });
    assert.equal(check(both, base), 'allowed');
    assert.equal(
      check(both, { ...base, targetExists: true }),
      'permission-denied missing-permission /t overwrite',
    );
    assert.deepEqual(requiredPermissions({ ...base, targetExists: true }), [
      { permission: 'copy', path: '/s/f' },
      { permission: 'copy', path: '/t/f' },
      { permission: 'download', path: '/s' },
      { permission: 'overwrite', path: '/t' },
    ]);
    assert.deepEqual(requiredPermissions({ ...base, serverSideCopy: true }), [
      { permission: 'copy', path: '/s/f' },
      { permission: 'copy', path: '/t/f' },
    ]);
  });

  it('the target name must be allowed; the source name is not checked', () => {
    const user = userWithPatterns([{ path: '/', denied_patterns: ['*.exe'], deny_policy: 1 }]);
    assert.equal(
      check(user, { op: 'copyFile', source: '/a.txt', target: '/b.exe' }),
      'permission-denied file-pattern /b.exe',
    );
    assert.equal(check(user, { op: 'copyFile', source: '/a.exe', target: '/b.txt' }), 'allowed');
  });

  it('directories: not onto themselves, create_dirs for a new target, list on the source', () => {
    const user = userWithMounts([mount('v', '/v')], {
      permissions: { '/': ['*'], '/nolist': ['copy'], '/nomk': ['list'] },
    });
    assert.equal(check(user, { op: 'copyDir', source: '/a', target: '/a' }), 'unsupported same-path /a');
    assert.equal(check(user, { op: 'copyDir', source: '/a', target: '/a/b' }), 'unsupported nested /a/b');
    assert.equal(check(user, { op: 'copyDir', source: '/a', target: '/ab' }), 'allowed');
    assert.equal(
      check(user, { op: 'copyDir', source: '/a', target: '/nomk/x' }),
      'permission-denied missing-permission /nomk create_dirs',
    );
    assert.equal(
      check(user, { op: 'copyDir', source: '/a', target: '/nomk/x', targetExists: true }),
      'allowed',
    );
    assert.equal(
      check(user, { op: 'copyDir', source: '/a', target: '/v' }),
      'permission-denied mount-point /v',
    );
    assert.equal(check(user, { op: 'copyDir', source: '/a', target: '/v', targetExists: true }), 'allowed');
    assert.equal(
      check(user, { op: 'copyDir', source: '/nolist', target: '/b' }),
      'permission-denied missing-permission /nolist list',
    );
  });
});
