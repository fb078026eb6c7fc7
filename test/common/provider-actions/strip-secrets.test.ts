import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactedSharePassword, stripSecrets } from '../../../src/common/provider-actions/strip-secrets.js';

test('an object without secrets comes back equal, as a copy, with nothing reported', () => {
  const user = {
    username: 'alice',
    status: 1,
    permissions: { '/': ['*'] },
    filesystem: {
      provider: 1,
      s3config: { bucket: 'b', access_secret: { status: 'AES-256-GCM', payload: 'ct' } },
    },
    public_keys: ['ssh-ed25519 AAAA'],
  };
  const result = stripSecrets('user', user);
  assert.deepEqual(result.object, user);
  assert.notEqual(result.object, user);
  assert.notEqual(result.object.filesystem, user.filesystem);
  assert.deepEqual(result.removed, []);
});

test('password hashes and secret material are removed, encrypted payloads kept, the input untouched', () => {
  const user = {
    username: 'alice',
    password: '$2a$10$hash',
    filesystem: {
      s3config: { access_secret: { status: 'Plain', payload: 'clear-s3-secret' } },
      sftpconfig: {
        password: {
          status: 'AES-256-GCM',
          payload: 'ciphertext',
          key: 'data-key',
          additional_data: 'alice',
          mode: 1,
        },
        private_key: { status: 'Secretbox', payload: 'ct2', key: '' },
      },
    },
    virtual_folders: [{ name: 'f', filesystem: { gcsconfig: { credentials: { payload: 'no-status' } } } }],
    filters: {
      totp_config: { secret: { status: 'Redacted', payload: 'oops' } },
      recovery_codes: [{ secret: { status: 'AWS', payload: 'c', key: 'k' }, used: false }],
    },
  };
  const before = structuredClone(user);
  const { object, removed } = stripSecrets('user', user);
  assert.deepEqual(user, before);
  assert.deepEqual(object, {
    username: 'alice',
    filesystem: {
      s3config: { access_secret: { status: 'Plain' } },
      sftpconfig: {
        password: { status: 'AES-256-GCM', payload: 'ciphertext', mode: 1 },
        private_key: { status: 'Secretbox', payload: 'ct2', key: '' },
      },
    },
    virtual_folders: [{ name: 'f', filesystem: { gcsconfig: { credentials: {} } } }],
    filters: {
      totp_config: { secret: { status: 'Redacted' } },
      recovery_codes: [{ secret: { status: 'AWS', payload: 'c' }, used: false }],
    },
  });
  assert.deepEqual(removed, [
    'password',
    'filesystem.s3config.access_secret.payload',
    'filesystem.sftpconfig.password.key',
    'filesystem.sftpconfig.password.additional_data',
    'virtual_folders.0.filesystem.gcsconfig.credentials.payload',
    'filters.totp_config.secret.payload',
    'filters.recovery_codes.0.secret.key',
  ]);
});

test('a share keeps the marker of its password; an empty or already redacted password stays', () => {
  assert.deepEqual(stripSecrets('share', { id: 's1', password: '$argon2id$hash' }), {
    object: { id: 's1', password: redactedSharePassword },
    removed: ['password'],
  });
  assert.deepEqual(stripSecrets('share', { id: 's1', password: redactedSharePassword }).removed, []);
  assert.deepEqual(stripSecrets('admin', { username: 'a', password: '' }), {
    object: { username: 'a', password: '' },
    removed: [],
  });
});

test("an API key loses its stored hash; other objects' key fields are left alone", () => {
  assert.deepEqual(stripSecrets('api_key', { id: 'k1', name: 'ci', key: '$2a$10$keyhash' }), {
    object: { id: 'k1', name: 'ci' },
    removed: ['key'],
  });
  const rule = {
    name: 'r',
    actions: [{ options: { http_config: { headers: [{ key: 'X-A', value: 'v' }] } } }],
  };
  assert.deepEqual(stripSecrets('event_action', rule), { object: rule, removed: [] });
});

test('an object that contains itself is refused', () => {
  const loop: Record<string, unknown> = { name: 'x' };
  loop.self = { inner: loop };
  assert.throws(() => stripSecrets('group', loop), TypeError);
});
