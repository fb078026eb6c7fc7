// Expected results were produced by Go's path.Match (the function SFTPGo uses) on the same inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PathMatchResult } from '../../../src/common/rules/path-match.js';
import { goToLower, pathMatch } from '../../../src/common/rules/path-match.js';

const GO_RESULTS: readonly [pattern: string, name: string, expected: PathMatchResult][] = [
  ['abc', 'abc', 'match'],
  ['*', 'abc', 'match'],
  ['*c', 'abc', 'match'],
  ['a*', 'a', 'match'],
  ['a*', 'abc', 'match'],
  ['a*', 'ab/c', 'no-match'],
  ['a*/b', 'abc/b', 'match'],
  ['a*/b', 'a/c/b', 'no-match'],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', 'match'],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', 'match'],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', 'no-match'],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', 'no-match'],
  ['a*b?c*x', 'abxbbxdbxebxczzx', 'match'],
  ['a*b?c*x', 'abxbbxdbxebxczzy', 'no-match'],
  ['ab[c]', 'abc', 'match'],
  ['ab[b-d]', 'abc', 'match'],
  ['ab[e-g]', 'abc', 'no-match'],
  ['ab[^c]', 'abc', 'no-match'],
  ['ab[^b-d]', 'abc', 'no-match'],
  ['ab[^e-g]', 'abc', 'match'],
  ['a\\*b', 'a*b', 'match'],
  ['a\\*b', 'ab', 'no-match'],
  ['a?b', 'a☺b', 'match'],
  ['a[^a]b', 'a☺b', 'match'],
  ['a???b', 'a☺b', 'no-match'],
  ['a[^a][^a][^a]b', 'a☺b', 'no-match'],
  ['[a-ζ]*', 'α', 'match'],
  ['*[a-ζ]', 'A', 'no-match'],
  ['a?b', 'a/b', 'no-match'],
  ['a*b', 'a/b', 'no-match'],
  ['[\\]a]', ']', 'match'],
  ['[\\-]', '-', 'match'],
  ['[x\\-]', 'x', 'match'],
  ['[x\\-]', '-', 'match'],
  ['[x\\-]', 'z', 'no-match'],
  ['[\\-x]', 'x', 'match'],
  ['[\\-x]', '-', 'match'],
  ['[\\-x]', 'a', 'no-match'],
  ['[]a]', ']', 'bad-pattern'],
  ['[-]', '-', 'bad-pattern'],
  ['[x-]', 'x', 'bad-pattern'],
  ['[x-]', '-', 'bad-pattern'],
  ['[x-]', 'z', 'bad-pattern'],
  ['[-x]', 'x', 'bad-pattern'],
  ['[-x]', '-', 'bad-pattern'],
  ['[-x]', 'a', 'bad-pattern'],
  ['\\', 'a', 'bad-pattern'],
  ['[a-b-c]', 'a', 'bad-pattern'],
  ['[', 'a', 'bad-pattern'],
  ['[^', 'a', 'bad-pattern'],
  ['[^bc', 'a', 'bad-pattern'],
  ['a[', 'a', 'bad-pattern'],
  ['a[', 'ab', 'bad-pattern'],
  ['a[', 'x', 'bad-pattern'],
  ['a/b[', 'x', 'bad-pattern'],
  ['*x', 'xxx', 'match'],
  ['*.jpg', 'photo.jpg', 'match'],
  ['*.jpg', 'photo.jpeg', 'no-match'],
  ['*.jpg', '.jpg', 'match'],
  ['*.JPG', 'photo.jpg', 'no-match'],
  ['[!a]', '!', 'match'],
  ['[!a]', 'b', 'no-match'],
  ['*[^é]', 'é', 'match'],
  ['[^é]', 'é', 'no-match'],
  ['?', 'é', 'match'],
  ['??', 'é', 'no-match'],
  ['*', '/', 'no-match'],
  ['*', 'a/', 'no-match'],
  ['[/]', '/', 'match'],
  ['a[/]b', 'a/b', 'match'],
  ['', '', 'match'],
  ['', 'a', 'no-match'],
  ['*', '', 'match'],
  ['?', '', 'no-match'],
  ['[a-a]', 'a', 'match'],
  ['[z-a]', 'm', 'no-match'],
  ['[z-a]', 'z', 'no-match'],
  ['[a-]b', 'ab', 'bad-pattern'],
  ['[\\', 'a', 'bad-pattern'],
  ['x\\', 'x', 'bad-pattern'],
  ['\\x', 'x', 'match'],
  ['\\\\', '\\', 'match'],
  ['*\\', 'abc', 'bad-pattern'],
  ['*.[jpg', 'a.j', 'bad-pattern'],
  ['a*[', 'abc', 'bad-pattern'],
  ['[]', 'a', 'bad-pattern'],
  ['[^]', 'a', 'bad-pattern'],
  ['🙂*', '🙂.txt', 'match'],
  ['?.txt', '🙂.txt', 'match'],
  ['*/*', 'a/b', 'match'],
  ['/a/*', '/a/b', 'match'],
  ['/a/*', '/a/b/c', 'no-match'],
  ['/a/*', '/a', 'no-match'],
  ['/incoming/*', '/incoming/x', 'match'],
  ['/user?', '/user1', 'match'],
];

describe('pathMatch', () => {
  it('agrees with Go path.Match', () => {
    for (const [pattern, name, expected] of GO_RESULTS) {
      assert.equal(
        pathMatch(pattern, name),
        expected,
        `pathMatch(${JSON.stringify(pattern)}, ${JSON.stringify(name)})`,
      );
    }
  });

  it('reports a malformed pattern whatever the name', () => {
    for (const name of ['', 'a', 'abc', '[', 'a[b']) {
      assert.equal(pathMatch('a[', name), 'bad-pattern', name);
      assert.equal(pathMatch('*.[jpg', name), 'bad-pattern', name);
      assert.equal(pathMatch('x\\', name), 'bad-pattern', name);
    }
  });

  it('is case-sensitive', () => {
    assert.equal(pathMatch('*.jpg', 'A.JPG'), 'no-match');
    assert.equal(pathMatch('*.jpg', goToLower('A.JPG')), 'match');
  });

  it('never lets * or ? cross a slash, but a class may match it', () => {
    assert.equal(pathMatch('/a/*', '/a/b/c'), 'no-match');
    assert.equal(pathMatch('/a/?/c', '/a/b/c'), 'match');
    assert.equal(pathMatch('/a?b', '/a/b'), 'no-match');
    assert.equal(pathMatch('/a[/]b', '/a/b'), 'match');
  });
});

describe('goToLower', () => {
  it('lowercases character by character like Go', () => {
    assert.equal(goToLower('ÄBC.TXT'), 'äbc.txt');
    assert.equal(goToLower('İ'), 'i');
    assert.equal(goToLower('ΟΔΟΣ'), 'οδοσ');
    assert.equal(goToLower('😀A'), '😀a');
  });
});
