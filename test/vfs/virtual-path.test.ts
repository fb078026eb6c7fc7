import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FsInvalidPathError } from '../../src/vfs/errors.js';
import {
  MAX_NAME_BYTES,
  MAX_VIRTUAL_PATH_BYTES,
  cleanVirtualPath,
  isVirtualPathWithin,
  virtualPathFromBytes,
  virtualPathFromNames,
  virtualPathNames,
} from '../../src/vfs/virtual-path.js';

describe('cleanVirtualPath', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['', '/'],
    ['/', '/'],
    ['//', '/'],
    ['.', '/'],
    ['./', '/'],
    ['/./', '/'],
    ['..', '/'],
    ['/..', '/'],
    ['../../..', '/'],
    ['../../etc/passwd', '/etc/passwd'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['a', '/a'],
    ['a/', '/a'],
    ['/a/', '/a'],
    ['a//b', '/a/b'],
    ['///a///b///', '/a/b'],
    ['a/./b/.', '/a/b'],
    ['a/b/../c', '/a/c'],
    ['a/b/../../..', '/'],
    ['a/../../b', '/b'],
    ['/a/b/c/../../../../../d', '/d'],
    ['...', '/...'],
    ['..a', '/..a'],
    ['a..', '/a..'],
    ['. /x', '/. /x'],
    ['%2e%2e/%2e%2e', '/%2e%2e/%2e%2e'],
    ['..%2f..%2f', '/..%2f..%2f'],
    ['..\\..\\etc', '/..\\..\\etc'],
    ['a\\b', '/a\\b'],
    ['C:\\Windows', '/C:\\Windows'],
    ['．．/．．', '/．．/．．'],
    ['\u2024\u2024', '/\u2024\u2024'],
    ['..\u200B', '/..\u200B'],
    ['😀/../x', '/x'],
    ['😀', '/😀'],
    [' ', '/ '],
    ['a\nb', '/a\nb'],
  ];
  for (const [input, expected] of cases) {
    it(`cleans ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => {
      assert.equal(cleanVirtualPath(input), expected);
    });
  }

  it('takes relative paths from the base, never above /', () => {
    assert.equal(cleanVirtualPath('c', '/a/b'), '/a/b/c');
    assert.equal(cleanVirtualPath('../c', '/a/b'), '/a/c');
    assert.equal(cleanVirtualPath('../../../../c', '/a/b'), '/c');
    assert.equal(cleanVirtualPath('/x', '/a/b'), '/x');
    assert.equal(cleanVirtualPath('', '/a/b'), '/a/b');
  });

  const refused: readonly (readonly [string, string, RegExp])[] = [
    ['NUL at the end', 'file\0', /NUL/],
    ['NUL alone', '\0', /NUL/],
    ['NUL in a name removed by ..', 'a\0/..', /NUL/],
    ['a lone high surrogate', '\uD800', /surrogate/],
    ['a lone low surrogate', 'a\uDC00b', /surrogate/],
    ['reversed surrogates', '\uDFFF\uD800', /surrogate/],
    ['a name of 256 bytes', 'a'.repeat(256), /longer than 255/],
    ['a name of 128 two-byte characters', 'é'.repeat(128), /longer than 255/],
    ['a path over 4096 bytes', `/${'a/'.repeat(2049)}`, /longer than 4096/],
    ['a path over 4096 bytes made of ..', `${'../'.repeat(1400)}x`, /longer than 4096/],
  ];
  for (const [what, input, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => cleanVirtualPath(input),
        (err: unknown) =>
          err instanceof FsInvalidPathError && err.code === 'FS_INVALID_PATH' && message.test(err.message),
      );
    });
  }

  it('refuses a path that grows too long once joined to its base', () => {
    const base = `/${'b'.repeat(200)}`.repeat(11);
    const relative = `${'c'.repeat(200)}/`.repeat(11);
    assert.equal(cleanVirtualPath(relative).length + base.length > MAX_VIRTUAL_PATH_BYTES, true);
    assert.throws(() => cleanVirtualPath(relative, base), FsInvalidPathError);
  });

  it('accepts names and paths at the limits', () => {
    assert.equal(cleanVirtualPath('a'.repeat(MAX_NAME_BYTES)), `/${'a'.repeat(MAX_NAME_BYTES)}`);
    const atLimit = `/${'a/'.repeat(2047)}a`;
    assert.equal(Buffer.byteLength(atLimit), MAX_VIRTUAL_PATH_BYTES);
    assert.equal(cleanVirtualPath(atLimit), atLimit);
  });

  it('accepts well-formed surrogate pairs (emoji)', () => {
    assert.equal(cleanVirtualPath('\uD83D\uDE00'), '/\uD83D\uDE00');
  });

  it('does not show a huge or NUL-bearing path in full in its message', () => {
    assert.throws(
      () => cleanVirtualPath(`${'z'.repeat(5000)}\0`),
      (err: unknown) =>
        err instanceof FsInvalidPathError && err.message.length < 200 && !err.message.includes('\0'),
    );
  });
});

describe('virtualPathFromBytes', () => {
  it('decodes UTF-8', () => {
    assert.equal(virtualPathFromBytes(Buffer.from('/dir/é😀')), '/dir/é😀');
  });

  it('refuses invalid UTF-8: stray bytes, overlong dots, encoded surrogates', () => {
    for (const bytes of [
      [0x2f, 0xff],
      [0xc0, 0xae, 0xc0, 0xae],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
    ]) {
      assert.throws(
        () => virtualPathFromBytes(Uint8Array.from(bytes)),
        FsInvalidPathError,
        JSON.stringify(bytes),
      );
    }
  });
});

describe('virtual path helpers', () => {
  it('splits and joins names', () => {
    assert.deepEqual(virtualPathNames('/'), []);
    assert.deepEqual(virtualPathNames('/a/b'), ['a', 'b']);
    assert.equal(virtualPathFromNames([]), '/');
    assert.equal(virtualPathFromNames(['a', 'b']), '/a/b');
  });

  it('compares whole names for containment', () => {
    assert.ok(isVirtualPathWithin('/', '/anything'));
    assert.ok(isVirtualPathWithin('/data', '/data'));
    assert.ok(isVirtualPathWithin('/data', '/data/x'));
    assert.ok(!isVirtualPathWithin('/data', '/data2'));
    assert.ok(!isVirtualPathWithin('/data/x', '/data'));
  });
});
