import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanFsPath, cleanSlashPath, cleanVirtualPath } from '../../../src/dataprovider/models/paths.js';

describe('cleanSlashPath', () => {
  it('behaves like Go path.Clean', () => {
    const cases: [string, string][] = [
      ['', '.'],
      ['/', '/'],
      ['//', '/'],
      ['/a/b/', '/a/b'],
      ['/a//b/./c/..', '/a/b'],
      ['/../a', '/a'],
      ['a/../..', '..'],
      ['a/./b', 'a/b'],
      ['../../x', '../../x'],
    ];
    for (const [input, expected] of cases) assert.equal(cleanSlashPath(input), expected, input);
  });
});

describe('cleanVirtualPath', () => {
  it('roots relative paths at "/" and converts backslashes', () => {
    assert.equal(cleanVirtualPath('a/b'), '/a/b');
    assert.equal(cleanVirtualPath('\\a\\b\\'), '/a/b');
    assert.equal(cleanVirtualPath(''), '/');
    assert.equal(cleanVirtualPath('../..'), '/');
  });
});

describe('cleanFsPath', () => {
  it('normalises and drops trailing separators', () => {
    assert.equal(cleanFsPath('/srv//x/'), '/srv/x');
    assert.equal(cleanFsPath('/'), '/');
    assert.equal(cleanFsPath(''), '.');
    assert.equal(cleanFsPath('/a/b/../c'), '/a/c');
  });
});
