import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatternsFilter } from '../../../src/dataprovider/models/index.js';
import {
  isDirHidden,
  isFileAllowed,
  isHiddenInListing,
  isNameAllowed,
  patternsFilterForDir,
} from '../../../src/common/rules/patterns.js';
import { userWithPatterns } from './users.js';

function filter(parts: Partial<PatternsFilter>): PatternsFilter {
  return { path: '/', allowed_patterns: [], denied_patterns: [], deny_policy: 0, ...parts };
}

describe('isNameAllowed', () => {
  it('allows everything without a filter', () => {
    assert.equal(isNameAllowed(undefined, 'anything.exe'), true);
  });

  it('allowed patterns only: names matching none are denied', () => {
    const f = filter({ allowed_patterns: ['*.jpg', '*.png'] });
    const cases: [string, boolean][] = [
      ['a.jpg', true],
      ['A.JPG', true],
      ['photo.Png', true],
      ['a.gif', false],
      ['dir', false],
      ['.jpg', true],
      ['a.jpg.exe', false],
    ];
    for (const [name, expected] of cases) assert.equal(isNameAllowed(f, name), expected, name);
  });

  it('denied patterns only: names matching one are denied', () => {
    const f = filter({ denied_patterns: ['*.exe', 'secret?'] });
    const cases: [string, boolean][] = [
      ['a.exe', false],
      ['A.EXE', false],
      ['a.txt', true],
      ['secret1', false],
      ['secret', true],
      ['secret12', true],
      ['SECRETX', false],
    ];
    for (const [name, expected] of cases) assert.equal(isNameAllowed(f, name), expected, name);
  });

  it('both: an allowed pattern wins over a denied one', () => {
    const f = filter({ allowed_patterns: ['*.txt'], denied_patterns: ['a*'] });
    assert.equal(isNameAllowed(f, 'abc.txt'), true);
    assert.equal(isNameAllowed(f, 'abc.doc'), false);
    assert.equal(isNameAllowed(f, 'x.doc'), false);
    assert.equal(isNameAllowed(f, 'x.txt'), true);
  });

  it('Go syntax: classes, negation, escapes', () => {
    const f = filter({ denied_patterns: ['[0-9]*', 'file[^a-c].txt', 'star\\*'] });
    assert.equal(isNameAllowed(f, '1abc'), false);
    assert.equal(isNameAllowed(f, 'abc1'), true);
    assert.equal(isNameAllowed(f, 'filed.txt'), false);
    assert.equal(isNameAllowed(f, 'fileb.txt'), true);
    assert.equal(isNameAllowed(f, 'star*'), false);
    assert.equal(isNameAllowed(f, 'starx'), true);
  });

  it('a malformed denied pattern denies everything, a malformed allowed pattern matches nothing', () => {
    // Such patterns are refused when a user is saved; these filters are built by hand.
    assert.equal(isNameAllowed(filter({ denied_patterns: ['a['] }), 'zzz'), false);
    assert.equal(isNameAllowed(filter({ allowed_patterns: ['a['] }), 'a['), false);
    assert.equal(isNameAllowed(filter({ allowed_patterns: ['a[', '*.txt'] }), 'x.txt'), true);
  });

  it('matches the lowercased name against the patterns as stored', () => {
    // Patterns are lowercased when saved; an uppercase pattern built by hand never matches.
    assert.equal(isNameAllowed(filter({ denied_patterns: ['*.EXE'] }), 'A.EXE'), true);
  });
});

describe('patternsFilterForDir', () => {
  const user = userWithPatterns([
    { path: '/', denied_patterns: ['*.exe'], deny_policy: 1 },
    { path: '/photos', allowed_patterns: ['*.jpg'] },
    { path: '/data', allowed_patterns: ['public', 'shared'], denied_patterns: ['*'] },
    { path: '/mixed', allowed_patterns: ['ok'], denied_patterns: ['*.tmp', '*'] },
  ]);

  it('takes the nearest filter, element by element', () => {
    const cases: [string, string | undefined][] = [
      ['/', '/'],
      ['/docs', '/'],
      ['/docs/deep/er', '/'],
      ['/photos', '/photos'],
      ['/photos/2024', '/photos'],
      ['/photosx', '/'],
      ['/data', '/data'],
      ['/data/private', '/data'],
      ['/data/private/x', '/data'],
    ];
    for (const [dir, expected] of cases) assert.equal(patternsFilterForDir(user, dir)?.path, expected, dir);
  });

  it('opens the allowed sub-directories of an "only these" filter', () => {
    assert.equal(patternsFilterForDir(user, '/data/public'), undefined);
    assert.equal(patternsFilterForDir(user, '/data/PUBLIC'), undefined);
    assert.equal(patternsFilterForDir(user, '/data/shared/deep/er'), undefined);
    // Only when the first denied pattern is "*".
    assert.equal(patternsFilterForDir(user, '/mixed/ok')?.path, '/mixed');
  });

  it('finds nothing for a user without filters', () => {
    assert.equal(patternsFilterForDir(userWithPatterns([]), '/a'), undefined);
  });
});

describe('isFileAllowed', () => {
  it('applies the filter of the entry directory and reports its policy', () => {
    const user = userWithPatterns([
      { path: '/', denied_patterns: ['*.exe'], deny_policy: 1 },
      { path: '/photos', allowed_patterns: ['*.jpg'] },
    ]);
    const cases: [string, boolean, number][] = [
      ['/a.exe', false, 1],
      ['/A.EXE', false, 1],
      ['/a.txt', true, 1],
      ['/docs/x.exe', false, 1],
      ['/photos', true, 1],
      ['/photos/a.jpg', true, 0],
      ['/photos/a.exe', false, 0],
      ['/photos/sub/a.png', false, 0],
      ['/photos/sub', false, 0],
    ];
    for (const [p, allowed, policy] of cases)
      assert.deepEqual(isFileAllowed(user, p), { allowed, policy }, p);
  });

  it('a deeper filter replaces the one above instead of adding to it', () => {
    const user = userWithPatterns([
      { path: '/', denied_patterns: ['*.exe'] },
      { path: '/a', denied_patterns: ['*.zip'] },
    ]);
    assert.equal(isFileAllowed(user, '/a/x.exe').allowed, true);
    assert.equal(isFileAllowed(user, '/a/b/x.zip').allowed, false);
    assert.equal(isFileAllowed(user, '/b/x.zip').allowed, true);
    assert.equal(isFileAllowed(user, '/b/x.exe').allowed, false);
  });

  it('denies directory names too', () => {
    const user = userWithPatterns([{ path: '/', denied_patterns: ['secret*'] }]);
    assert.deepEqual(isFileAllowed(user, '/secret'), { allowed: false, policy: 0 });
    assert.deepEqual(isFileAllowed(user, '/public/secretfile'), { allowed: false, policy: 0 });
  });

  it('under the default policy the contents of a denied directory stay allowed', () => {
    const user = userWithPatterns([{ path: '/', denied_patterns: ['secret*'] }]);
    assert.deepEqual(isFileAllowed(user, '/secret/file.txt'), { allowed: true, policy: 0 });
    assert.equal(isDirHidden(user, '/secret'), false);
  });

  it('under the hide policy everything inside a hidden directory is hidden', () => {
    const user = userWithPatterns([{ path: '/', denied_patterns: ['secret*'], deny_policy: 1 }]);
    assert.equal(isDirHidden(user, '/secret'), true);
    assert.equal(isDirHidden(user, '/secret/sub'), true);
    assert.equal(isDirHidden(user, '/public'), false);
    assert.equal(isDirHidden(user, '/'), false);
    assert.deepEqual(isFileAllowed(user, '/secret'), { allowed: false, policy: 1 });
    assert.deepEqual(isFileAllowed(user, '/secret/file.txt'), { allowed: false, policy: 1 });
    assert.deepEqual(isFileAllowed(user, '/secret/sub/file.txt'), { allowed: false, policy: 1 });
  });

  it('a hidden directory with its own filter is not hidden from inside', () => {
    const user = userWithPatterns([
      { path: '/', denied_patterns: ['secret'], deny_policy: 1 },
      { path: '/secret', allowed_patterns: ['*.txt'] },
    ]);
    assert.deepEqual(isFileAllowed(user, '/secret'), { allowed: false, policy: 1 });
    assert.deepEqual(isFileAllowed(user, '/secret/a.txt'), { allowed: true, policy: 0 });
    assert.deepEqual(isFileAllowed(user, '/secret/a.doc'), { allowed: false, policy: 0 });
  });

  it('inside an opened sub-directory everything is allowed', () => {
    const user = userWithPatterns([
      { path: '/data', allowed_patterns: ['public'], denied_patterns: ['*'], deny_policy: 1 },
    ]);
    assert.deepEqual(isFileAllowed(user, '/data/public'), { allowed: true, policy: 1 });
    assert.deepEqual(isFileAllowed(user, '/data/private'), { allowed: false, policy: 1 });
    assert.deepEqual(isFileAllowed(user, '/data/public/a.exe'), { allowed: true, policy: 0 });
    assert.deepEqual(isFileAllowed(user, '/data/private/a.txt'), { allowed: false, policy: 1 });
  });

  it('checks "/" by the name "/"', () => {
    const user = userWithPatterns([{ path: '/', allowed_patterns: ['*.jpg'] }]);
    assert.deepEqual(isFileAllowed(user, '/'), { allowed: false, policy: 0 });
  });

  it('allows everything without filters', () => {
    assert.deepEqual(isFileAllowed(userWithPatterns([]), '/x.exe'), { allowed: true, policy: 0 });
  });
});

describe('isHiddenInListing', () => {
  it('hides denied names only under the hide policy', () => {
    const hide = userWithPatterns([{ path: '/', denied_patterns: ['*.exe'], deny_policy: 1 }]);
    const keep = userWithPatterns([{ path: '/', denied_patterns: ['*.exe'], deny_policy: 0 }]);
    assert.equal(isHiddenInListing(hide, '/', 'a.exe'), true);
    assert.equal(isHiddenInListing(hide, '/sub', 'A.EXE'), true);
    assert.equal(isHiddenInListing(hide, '/', 'a.txt'), false);
    assert.equal(isHiddenInListing(hide, '/', '.'), false);
    assert.equal(isHiddenInListing(hide, '/', '..'), false);
    assert.equal(isHiddenInListing(keep, '/', 'a.exe'), false);
  });
});
