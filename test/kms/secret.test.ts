import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SECRET_STATUSES,
  SecretFormatError,
  emptySecret,
  hideSecret,
  isSecretEmpty,
  isSecretEncrypted,
  isSecretPlain,
  isSecretRedacted,
  isSecretValid,
  isSecretValidInput,
  parseSecret,
  plainSecret,
  redactSecret,
  secretToJSON,
} from '../../src/kms/secret.js';

const KEY = 'a'.repeat(64);

describe('parseSecret', () => {
  it('reads every field of the SFTPGo shape', () => {
    const secret = parseSecret({
      status: 'AES-256-GCM',
      payload: 'cipher',
      key: KEY,
      additional_data: 'user1',
      mode: 1,
      unknown: 'ignored',
    });
    assert.deepEqual(secret, {
      status: 'AES-256-GCM',
      payload: 'cipher',
      key: KEY,
      additional_data: 'user1',
      mode: 1,
    });
  });

  it('reads missing, null and empty objects as the empty secret', () => {
    assert.deepEqual(parseSecret(undefined), emptySecret());
    assert.deepEqual(parseSecret(null), emptySecret());
    assert.deepEqual(parseSecret({}), emptySecret());
    assert.deepEqual(parseSecret({ status: null, payload: null }), emptySecret());
  });

  it('accepts every documented status', () => {
    for (const status of SECRET_STATUSES) assert.equal(parseSecret({ status, payload: 'x' }).status, status);
  });

  it('names the offending property', () => {
    const cases: [unknown, string][] = [
      ['plain text', ''],
      [[1], ''],
      [{ status: 'Rot13', payload: 'x' }, 'status'],
      [{ status: 'Plain', payload: 5 }, 'payload'],
      [{ status: 'Plain', key: {} }, 'key'],
      [{ status: 'Plain', additional_data: true }, 'additional_data'],
      [{ status: 'Plain', mode: 1.5 }, 'mode'],
      [{ status: 'Plain', mode: -1 }, 'mode'],
    ];
    for (const [input, property] of cases) {
      assert.throws(
        () => parseSecret(input),
        (err: unknown) =>
          err instanceof SecretFormatError &&
          err.code === 'ERR_KMS_SECRET_FORMAT' &&
          err.property === property,
        JSON.stringify(input),
      );
    }
  });
});

describe('secret predicates', () => {
  it('tell empty, plain, redacted and encrypted secrets apart', () => {
    const plain = plainSecret('  s3cret ');
    assert.equal(plain.payload, 's3cret');
    assert.equal(isSecretPlain(plain), true);
    assert.equal(isSecretEncrypted(plain), false);
    assert.equal(isSecretEmpty(emptySecret()), true);
    assert.equal(isSecretEmpty({ ...emptySecret(), mode: 1 }), true);
    assert.equal(isSecretEmpty(plain), false);
    assert.equal(isSecretRedacted(parseSecret({ status: 'Redacted' })), true);
    assert.equal(isSecretEncrypted(parseSecret({ status: 'Secretbox', payload: 'x', key: KEY })), true);
    assert.equal(isSecretEncrypted(parseSecret({ status: 'Redacted' })), false);
  });

  it('check input and stored validity', () => {
    assert.equal(isSecretValidInput(plainSecret('x')), true);
    assert.equal(isSecretValidInput(plainSecret('')), false);
    assert.equal(isSecretValidInput(parseSecret({ payload: 'x' })), false);
    assert.equal(isSecretValid(parseSecret({ status: 'AES-256-GCM', payload: 'x', key: KEY })), true);
    assert.equal(isSecretValid(parseSecret({ status: 'AES-256-GCM', payload: 'x', key: 'short' })), false);
    assert.equal(isSecretValid(parseSecret({ status: 'AES-256-GCM', payload: 'x' })), false);
    assert.equal(isSecretValid(parseSecret({ status: 'AWS', payload: 'x' })), true);
    assert.equal(isSecretValid(parseSecret({ status: 'GCP', payload: 'x', key: 'short' })), false);
    assert.equal(isSecretValid(parseSecret({ status: 'AzureKeyVault', payload: 'x' })), true);
  });
});

describe('secret output', () => {
  const stored = parseSecret({
    status: 'AES-256-GCM',
    payload: 'cipher',
    key: KEY,
    additional_data: 'u',
    mode: 1,
  });

  it('hides what decrypts a secret but keeps status and ciphertext', () => {
    assert.deepEqual(secretToJSON(hideSecret(stored)), { status: 'AES-256-GCM', payload: 'cipher', mode: 1 });
  });

  it('redacts to a bare Redacted marker, leaving empty secrets empty', () => {
    assert.deepEqual(secretToJSON(redactSecret(stored)), { status: 'Redacted' });
    assert.deepEqual(secretToJSON(redactSecret(emptySecret())), {});
  });

  it('leaves out empty fields', () => {
    assert.deepEqual(secretToJSON(emptySecret()), {});
    assert.deepEqual(secretToJSON(plainSecret('p')), { status: 'Plain', payload: 'p' });
    assert.deepEqual(secretToJSON(stored), {
      status: 'AES-256-GCM',
      payload: 'cipher',
      key: KEY,
      additional_data: 'u',
      mode: 1,
    });
  });
});
