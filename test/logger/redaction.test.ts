import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactedValue, redactNested } from '../../src/logger/redaction.js';

test('nested secrets are replaced in a copy, the caller data is untouched', () => {
  const input = {
    name: 'alice',
    filesystem: { s3config: { access_key: 'AKIA', access_secret: { payload: 'sekrit', status: 'Plain' } } },
    keys: [{ private_key: '-----BEGIN' }, { name: 'k2' }],
  };
  const snapshot = structuredClone(input);
  const out = redactNested(input) as typeof input;
  assert.deepEqual(input, snapshot);
  assert.equal(out.filesystem.s3config.access_key, 'AKIA');
  assert.equal(out.filesystem.s3config.access_secret, redactedValue);
  assert.equal((out.keys[0] as { private_key: string }).private_key, redactedValue);
  // Untouched branches are shared, not copied.
  assert.equal(out.keys[1], input.keys[1]);
});

test('values without secrets come back as the same reference', () => {
  const value = { a: 1, b: { c: [1, 2, { d: 'x' }] } };
  assert.equal(redactNested(value), value);
  assert.equal(redactNested('password'), 'password');
  assert.equal(redactNested(null), null);
  const date = new Date();
  assert.equal(redactNested(date), date);
});
