import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapePattern, isValidPattern } from '../../../src/dataprovider/models/glob.js';

describe('isValidPattern', () => {
  it('accepts the shell-like syntax', () => {
    for (const pattern of [
      '*',
      '*.jpg',
      'a?c',
      '[abc]',
      '[^a-z]x',
      '[\\-a]',
      '[z-a]',
      '\\[x\\]',
      'ü*',
      ']',
    ]) {
      assert.equal(isValidPattern(pattern), true, pattern);
    }
  });

  it('refuses what Go path.Match reports as a bad pattern', () => {
    for (const pattern of ['[', '[a', '[]', '[^]', '[a-', '[a-]', '[-a]', 'x\\', '[\\', '*.[jpg']) {
      assert.equal(isValidPattern(pattern), false, pattern);
    }
  });
});

describe('escapePattern', () => {
  it('escapes metacharacters', () => {
    assert.equal(escapePattern('a*b?[c]\\'), 'a\\*b\\?\\[c\\]\\\\');
    assert.equal(isValidPattern(escapePattern('[odd')), true);
  });
});
