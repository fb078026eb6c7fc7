import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  baseName,
  dirsForPath,
  isInsideOrEqual,
  isStrictlyInside,
  joinPath,
  parentDir,
  pathsOverlap,
} from '../../../src/common/rules/virtual-path.js';

describe('virtual path helpers', () => {
  it('parentDir and baseName follow Go path.Dir and path.Base', () => {
    const cases: [string, string, string][] = [
      ['/', '/', '/'],
      ['/a', '/', 'a'],
      ['/a/b', '/a', 'b'],
      ['/a/b/c.txt', '/a/b', 'c.txt'],
    ];
    for (const [p, dir, base] of cases) {
      assert.equal(parentDir(p), dir, p);
      assert.equal(baseName(p), base, p);
    }
  });

  it('joinPath', () => {
    assert.equal(joinPath('/', 'a'), '/a');
    assert.equal(joinPath('/a', 'b'), '/a/b');
  });

  it('dirsForPath lists the path and its ancestors, most specific first', () => {
    assert.deepEqual(dirsForPath('/'), ['/']);
    assert.deepEqual(dirsForPath('/1'), ['/1', '/']);
    assert.deepEqual(dirsForPath('/1/2/3/4'), ['/1/2/3/4', '/1/2/3', '/1/2', '/1', '/']);
  });

  it('compares paths element by element', () => {
    assert.equal(isInsideOrEqual('/a/b', '/a'), true);
    assert.equal(isInsideOrEqual('/a', '/a'), true);
    assert.equal(isInsideOrEqual('/ab', '/a'), false);
    assert.equal(isInsideOrEqual('/a', '/a/b'), false);
    assert.equal(isInsideOrEqual('/anything', '/'), true);
    assert.equal(isStrictlyInside('/a', '/a'), false);
    assert.equal(isStrictlyInside('/a/b', '/a'), true);
    assert.equal(isStrictlyInside('/a', '/'), true);
    assert.equal(isStrictlyInside('/', '/'), false);
  });

  it('pathsOverlap', () => {
    assert.equal(pathsOverlap('/a', '/a'), true);
    assert.equal(pathsOverlap('/a', '/a/b'), true);
    assert.equal(pathsOverlap('/a/b', '/a'), true);
    assert.equal(pathsOverlap('/a', '/ab'), false);
    assert.equal(pathsOverlap('/a/b', '/a/c'), false);
    assert.equal(pathsOverlap('/', '/x'), true);
  });
});
