import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialsCache } from '../../../src/dataprovider/provider/credentials-cache.js';

describe('credentials cache', () => {
  it('answers for the remembered password of the same stored hash only', () => {
    const cache = new CredentialsCache({ enabled: true, maxEntries: 10 });
    assert.equal(cache.check('alice', 'pw', 'hash1'), 'unknown');
    cache.remember('alice', 'pw', 'hash1');
    assert.equal(cache.check('alice', 'pw', 'hash1'), 'match');
    assert.equal(cache.check('alice', 'other', 'hash1'), 'mismatch');
    assert.equal(cache.check('bob', 'pw', 'hash1'), 'unknown');
    assert.equal(cache.check('alice', 'pw', 'hash2'), 'unknown', 'a changed hash voids the entry');
    assert.equal(cache.size, 0);
  });

  it('keeps no clear text', () => {
    const cache = new CredentialsCache({ enabled: true, maxEntries: 10 });
    cache.remember('alice', 'very-secret-password', 'hash');
    const seen = JSON.stringify([...Object.values(cache)]) + String(Object.getOwnPropertyNames(cache));
    assert.ok(!seen.includes('very-secret-password'));
  });

  it('evicts the least recently used account past its size', () => {
    const cache = new CredentialsCache({ enabled: true, maxEntries: 2 });
    cache.remember('a', 'pw', 'h');
    cache.remember('b', 'pw', 'h');
    assert.equal(cache.check('a', 'pw', 'h'), 'match');
    cache.remember('c', 'pw', 'h');
    assert.equal(cache.size, 2);
    assert.equal(cache.check('b', 'pw', 'h'), 'unknown', 'b was the least recently used');
    assert.equal(cache.check('a', 'pw', 'h'), 'match');
    assert.equal(cache.check('c', 'pw', 'h'), 'match');
  });

  it('forgets accounts, and remembers nothing when disabled or empty', () => {
    const cache = new CredentialsCache({ enabled: true, maxEntries: 5 });
    cache.remember('a', 'pw', 'h');
    cache.forget('a');
    assert.equal(cache.check('a', 'pw', 'h'), 'unknown');
    cache.remember('a', '', 'h');
    cache.remember('a', 'pw', '');
    assert.equal(cache.size, 0);
    const off = new CredentialsCache({ enabled: false, maxEntries: 5 });
    off.remember('a', 'pw', 'h');
    assert.equal(off.check('a', 'pw', 'h'), 'unknown');
    cache.remember('b', 'pw', 'h');
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
