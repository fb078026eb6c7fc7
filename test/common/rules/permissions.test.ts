import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Permission } from '../../../src/dataprovider/models/index.js';
import { PERMISSIONS } from '../../../src/dataprovider/models/index.js';
import {
  grants,
  hasAnyPerm,
  hasPerm,
  hasPermissionsInside,
  hasPerms,
  missingPerm,
  permissionsForPath,
} from '../../../src/common/rules/permissions.js';
import { makeUser, userWithPerms } from './users.js';

const ALL: readonly Permission[] = PERMISSIONS.filter((p) => p !== '*');

describe('permissionsForPath', () => {
  const user = userWithPerms({
    '/': ['list', 'download'],
    '/a': ['list', 'upload'],
    '/a/b': ['delete'],
    '/ab': ['chmod'],
  });

  it('takes the most specific directory, element by element', () => {
    const cases: [string, Permission[]][] = [
      ['/', ['list', 'download']],
      ['/x', ['list', 'download']],
      ['/x/y/z', ['list', 'download']],
      ['/a', ['list', 'upload']],
      ['/a/x', ['list', 'upload']],
      ['/a/b', ['delete']],
      ['/a/b/c/d', ['delete']],
      ['/a/bc', ['list', 'upload']],
      ['/ab', ['chmod']],
      ['/ab/c', ['chmod']],
      ['/abc', ['list', 'download']],
    ];
    for (const [p, expected] of cases) assert.deepEqual(permissionsForPath(user, p), expected, p);
  });

  it('returns the root permissions when only "/" is set', () => {
    const only = makeUser({ permissions: { '/': ['list'] } });
    assert.deepEqual(permissionsForPath(only, '/deep/dir'), ['list']);
  });

  it('gives nothing to a user without "/" permissions', () => {
    assert.deepEqual(permissionsForPath({ permissions: { '/a': ['list'] } }, '/b'), []);
    assert.deepEqual(permissionsForPath({ permissions: {} }, '/b'), []);
    assert.deepEqual(permissionsForPath({ permissions: { '/a': ['list'] } }, '/a/c'), ['list']);
  });

  it('supports wildcard directory keys', () => {
    const wild = userWithPerms({
      '/': ['*'],
      '/incoming': ['list'],
      '/incoming/*': ['list', 'upload'],
      '/user?': ['download'],
    });
    assert.deepEqual(permissionsForPath(wild, '/incoming'), ['list']);
    assert.deepEqual(permissionsForPath(wild, '/incoming/x'), ['list', 'upload']);
    // "/incoming/x/y" has no entry, its parent "/incoming/x" matches the wildcard.
    assert.deepEqual(permissionsForPath(wild, '/incoming/x/y'), ['list', 'upload']);
    assert.deepEqual(permissionsForPath(wild, '/user1/docs'), ['download']);
    assert.deepEqual(permissionsForPath(wild, '/user12'), ['*']);
    // Wildcard keys are case-sensitive, like Go's path.Match.
    assert.deepEqual(permissionsForPath(wild, '/Incoming/x'), ['*']);
  });

  it('treats a backslash in a key as a pattern escape', () => {
    const escaped = userWithPerms({ '/': ['*'], '/a\\b': ['list'], '/x\\*': ['download'] });
    assert.deepEqual(permissionsForPath(escaped, '/ab'), ['list']);
    assert.deepEqual(permissionsForPath(escaped, '/x*'), ['download']);
    assert.deepEqual(permissionsForPath(escaped, '/xy'), ['*']);
  });

  it('prefers an exact key to a wildcard matching the same directory', () => {
    const both = userWithPerms({ '/': ['*'], '/a/*': ['list'], '/a/b': ['download'] });
    assert.deepEqual(permissionsForPath(both, '/a/b'), ['download']);
    assert.deepEqual(permissionsForPath(both, '/a/c'), ['list']);
  });

  it('takes the first written wildcard when several match', () => {
    const two = userWithPerms({ '/': ['*'], '/a/?': ['list'], '/a/*': ['download'] });
    assert.deepEqual(permissionsForPath(two, '/a/b'), ['list']);
    assert.deepEqual(permissionsForPath(two, '/a/bc'), ['download']);
  });

  it('uses a malformed wildcard key only for the path it spells exactly', () => {
    const bad = userWithPerms({ '/': ['list'], '/a[': ['*'] });
    assert.deepEqual(permissionsForPath(bad, '/a['), ['*']);
    assert.deepEqual(permissionsForPath(bad, '/ab'), ['list']);
    assert.deepEqual(permissionsForPath(bad, '/a'), ['list']);
  });
});

describe('grants', () => {
  it('* grants every permission', () => {
    for (const p of PERMISSIONS) assert.equal(grants(['*'], p), true, p);
  });

  it('each permission grants itself and nothing else, except the delete and rename families', () => {
    for (const held of ALL) {
      for (const asked of ALL) {
        const implied =
          held === asked ||
          (held === 'delete' && (asked === 'delete_files' || asked === 'delete_dirs')) ||
          (held === 'rename' && (asked === 'rename_files' || asked === 'rename_dirs'));
        assert.equal(grants([held], asked), implied, `${held} grants ${asked}`);
      }
    }
  });

  it('both fine-grained forms together are worth the general permission', () => {
    assert.equal(grants(['delete_files', 'delete_dirs'], 'delete'), true);
    assert.equal(grants(['delete_files'], 'delete'), false);
    assert.equal(grants(['rename_files', 'rename_dirs'], 'rename'), true);
    assert.equal(grants(['rename_dirs'], 'rename'), false);
  });

  it('overwrite and upload are independent', () => {
    assert.equal(grants(['overwrite'], 'upload'), false);
    assert.equal(grants(['upload'], 'overwrite'), false);
    assert.equal(grants(['overwrite'], 'overwrite'), true);
  });

  it('nothing grants nothing', () => {
    for (const p of PERMISSIONS) assert.equal(grants([], p), false, p);
  });
});

describe('hasPerm, hasAnyPerm, hasPerms, missingPerm', () => {
  const user = userWithPerms({ '/': ['*'], '/ro': ['list', 'download'], '/ro/drop': ['upload'] });

  it('grants everything under "*"', () => {
    for (const p of PERMISSIONS) assert.equal(hasPerm(user, p, '/docs'), true, p);
  });

  it('grants only what a directory lists', () => {
    for (const p of ALL) {
      assert.equal(hasPerm(user, p, '/ro'), p === 'list' || p === 'download', p);
      assert.equal(hasPerm(user, p, '/ro/sub'), p === 'list' || p === 'download', p);
      assert.equal(hasPerm(user, p, '/ro/drop/x'), p === 'upload', p);
    }
  });

  it('combines', () => {
    assert.equal(hasAnyPerm(user, ['upload', 'download'], '/ro'), true);
    assert.equal(hasAnyPerm(user, ['upload', 'chmod'], '/ro'), false);
    assert.equal(hasAnyPerm(user, [], '/ro'), false);
    assert.equal(hasPerms(user, ['list', 'download'], '/ro'), true);
    assert.equal(hasPerms(user, ['list', 'upload'], '/ro'), false);
    assert.equal(hasPerms(user, [], '/ro'), true);
    assert.equal(missingPerm(user, ['list', 'upload', 'chmod'], '/ro'), 'upload');
    assert.equal(missingPerm(user, ['list'], '/ro'), undefined);
  });
});

describe('hasPermissionsInside', () => {
  const user = userWithPerms({ '/': ['*'], '/a/b': ['list'], '/c': ['*'], '/d': ['list'] });

  it('finds entries at or below a directory, ignoring plain "*" entries', () => {
    assert.equal(hasPermissionsInside(user, '/a'), true);
    assert.equal(hasPermissionsInside(user, '/a/b'), true);
    assert.equal(hasPermissionsInside(user, '/a/b/c'), false);
    assert.equal(hasPermissionsInside(user, '/c'), false);
    assert.equal(hasPermissionsInside(user, '/d'), true);
    assert.equal(hasPermissionsInside(user, '/ab'), false);
    assert.equal(hasPermissionsInside(user, '/x'), false);
  });

  it('for "/" only the root entry counts', () => {
    assert.equal(hasPermissionsInside(user, '/'), false);
    assert.equal(hasPermissionsInside(userWithPerms({ '/': ['list'] }), '/'), true);
  });
});
