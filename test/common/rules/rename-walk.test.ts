import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRenameEntry, renameDirNeedsWalk } from '../../../src/common/rules/rename-walk.js';
import { makeUser, mount, userWithMounts, userWithPatterns, userWithPerms } from './users.js';

describe('renameDirNeedsWalk', () => {
  it('skips the walk only with full rename rights and no deeper permissions', () => {
    const cases: [Record<string, string[]>, string, string, boolean][] = [
      [{ '/': ['*'] }, '/a', '/b', false],
      [{ '/': ['rename'] }, '/a', '/b', false],
      [{ '/': ['rename_files', 'rename_dirs'] }, '/a', '/b', false],
      [{ '/': ['rename_dirs'] }, '/a', '/b', true],
      [{ '/': ['*'], '/a/sub': ['list'] }, '/a', '/b', true],
      [{ '/': ['*'], '/b/sub': ['list'] }, '/a', '/b', true],
      [{ '/': ['*'], '/a/sub': ['*'] }, '/a', '/b', false],
      [{ '/': ['*'], '/ab': ['list'] }, '/a', '/b', false],
      [{ '/': ['*'], '/t': ['rename_dirs'] }, '/a', '/t/b', true],
    ];
    for (const [perms, source, target, expected] of cases) {
      assert.equal(renameDirNeedsWalk(userWithPerms(perms), source, target), expected, JSON.stringify(perms));
    }
  });
});

describe('checkRenameEntry', () => {
  it('needs the rename permission of the entry kind on both directories', () => {
    const user = userWithPerms({ '/': ['rename_dirs'], '/ok': ['rename'] });
    assert.equal(checkRenameEntry(user, { source: '/a/sub', target: '/b/sub', kind: 'dir' }).allowed, true);
    const file = checkRenameEntry(user, { source: '/a/f', target: '/b/f', kind: 'file' });
    assert.equal(file.allowed, false);
    assert.equal(!file.allowed && `${file.missing} ${file.path}`, 'rename_files /a');
    const unknown = checkRenameEntry(user, { source: '/a/x', target: '/b/x', kind: 'unknown' });
    assert.equal(!unknown.allowed && unknown.missing, 'rename');
    assert.equal(checkRenameEntry(user, { source: '/ok/f', target: '/ok/g', kind: 'unknown' }).allowed, true);
  });

  it('checks the names and the mount points of every entry', () => {
    const user = userWithPatterns([{ path: '/', denied_patterns: ['*.exe'], deny_policy: 1 }]);
    const denied = checkRenameEntry(user, { source: '/a/x.exe', target: '/b/x.exe', kind: 'file' });
    assert.equal(
      !denied.allowed && `${denied.error} ${denied.reason} ${denied.path}`,
      'permission-denied file-pattern /a/x.exe',
    );
    const mounts = userWithMounts([mount('v', '/b/v')]);
    const onMount = checkRenameEntry(mounts, { source: '/a/v', target: '/b/v', kind: 'dir' });
    assert.equal(!onMount.allowed && onMount.reason, 'mount-point');
    assert.equal(checkRenameEntry(makeUser(), { source: '/a/v', target: '/b/v', kind: 'dir' }).allowed, true);
  });
});
