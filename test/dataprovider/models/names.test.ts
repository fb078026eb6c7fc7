import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyNamingRules, isEmailValid } from '../../../src/dataprovider/models/index.js';
import { nameProblem } from '../../../src/dataprovider/models/names.js';

describe('applyNamingRules', () => {
  it('lowercases and trims only when asked, and only above rule 1', () => {
    assert.equal(applyNamingRules(' Ab ', 0), ' Ab ');
    assert.equal(applyNamingRules(' Ab ', 1), ' Ab ');
    assert.equal(applyNamingRules(' Ab ', 2), ' ab ');
    assert.equal(applyNamingRules(' Ab ', 4), 'Ab');
    assert.equal(applyNamingRules(' Ab ', 7), 'ab');
  });
});

describe('nameProblem', () => {
  it('accepts ordinary and UTF-8 names', () => {
    for (const name of ['alice', 'a.b-c_d~e', 'José', '用户', 'con1', 'lpt10'])
      assert.equal(nameProblem(name, 1), undefined, name);
  });

  it('refuses unsafe names', () => {
    for (const name of [
      '',
      'a/b',
      'a|b',
      '.',
      '..',
      'NUL',
      'com3.log',
      'a.',
      'a ',
      'a\tb',
      'a\u202eb',
      'a\u2028b',
    ]) {
      assert.notEqual(nameProblem(name, 1), undefined, JSON.stringify(name));
    }
  });

  it('allows only unreserved URI characters without rule 1', () => {
    assert.equal(nameProblem('José', 0)?.includes('a-zA-Z0-9-_.~'), true);
    assert.equal(nameProblem('a b', 0)?.includes('a-zA-Z0-9-_.~'), true);
  });
});

describe('isEmailValid', () => {
  it('accepts common addresses', () => {
    for (const email of [
      'a@example.com',
      'first.last+tag@sub.example.co.uk',
      '"quoted name"@example.com',
      'ü@bücher.de',
      'x@example.com.',
    ]) {
      assert.equal(isEmailValid(email), true, email);
    }
  });

  it('refuses malformed ones', () => {
    for (const email of [
      '',
      'a',
      'a@',
      '@example.com',
      'a@example',
      'a..b@example.com',
      'a@-example.com',
      'a b@example.com',
      'a@example.123',
    ]) {
      assert.equal(isEmailValid(email), false, email);
    }
  });
});
