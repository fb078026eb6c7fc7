import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderToJSON, parseFolder } from '../../../src/dataprovider/models/index.js';
import { assertInvalid, ctx, storedSecret } from './helpers.js';

describe('parseFolder', () => {
  it('round-trips a dumped folder', () => {
    const dumped = {
      id: 4,
      name: 'archive',
      mapped_path: '/srv/archive',
      description: 'old files',
      used_quota_size: 10,
      used_quota_files: 1,
      last_quota_update: 1700000000000,
      users: ['alice', 'bob'],
      groups: ['team'],
      filesystem: {
        provider: 4,
        osconfig: {},
        s3config: {},
        gcsconfig: {},
        azblobconfig: {},
        cryptconfig: { read_buffer_size: 1, passphrase: storedSecret('folder_archive') },
        sftpconfig: {},
        httpconfig: {},
      },
    };
    assert.deepEqual(folderToJSON(parseFolder(structuredClone(dumped), ctx), { forDump: true }), dumped);
  });

  it('cleans the mapped path and applies the naming rules', () => {
    const folder = parseFolder({ name: ' Data ', mapped_path: '/srv//data/' }, { ...ctx, namingRules: 7 });
    assert.deepEqual([folder.name, folder.mapped_path], ['data', '/srv/data']);
  });

  it('needs a valid name', () => {
    assertInvalid(() => parseFolder({ mapped_path: '/srv/x' }, ctx), 'name', /required/);
    assertInvalid(() => parseFolder({ name: 'a/b', mapped_path: '/srv/x' }, ctx), 'name');
    assertInvalid(
      () => parseFolder({ name: 'dätä', mapped_path: '/srv/x' }, { ...ctx, namingRules: 0 }),
      'name',
    );
  });

  it('needs an absolute mapped path for local and encrypted folders', () => {
    assertInvalid(() => parseFolder({ name: 'x' }, ctx), 'mapped_path', /absolute/);
    assertInvalid(() => parseFolder({ name: 'x', mapped_path: 'srv/x' }, ctx), 'mapped_path');
    const crypt = { provider: 4, cryptconfig: { passphrase: storedSecret('folder_x') } };
    assertInvalid(() => parseFolder({ name: 'x', filesystem: crypt }, ctx), 'mapped_path');
  });

  it('does not need a mapped path for cloud folders, but checks one if given', () => {
    const gcs = { provider: 2, gcsconfig: { bucket: 'b', automatic_credentials: 1 } };
    assert.equal(parseFolder({ name: 'x', filesystem: gcs }, ctx).mapped_path, '');
    assertInvalid(() => parseFolder({ name: 'x', mapped_path: 'tmp', filesystem: gcs }, ctx), 'mapped_path');
  });

  it('validates the filesystem and refuses redacted secrets', () => {
    assertInvalid(
      () => parseFolder({ name: 'x', filesystem: { provider: 1 } }, ctx),
      'filesystem.s3config.bucket',
    );
    const redacted = { provider: 4, cryptconfig: { passphrase: { status: 'Redacted' } } };
    assertInvalid(
      () => parseFolder({ name: 'x', mapped_path: '/x', filesystem: redacted }, ctx),
      'filesystem.cryptconfig.passphrase',
    );
  });

  it('hides secret keys in REST API output', () => {
    const crypt = { provider: 4, cryptconfig: { passphrase: storedSecret('folder_x') } };
    const json = folderToJSON(parseFolder({ name: 'x', mapped_path: '/x', filesystem: crypt }, ctx), {
      forDump: false,
    }) as {
      filesystem: { cryptconfig: { passphrase: unknown } };
    };
    assert.deepEqual(json.filesystem.cryptconfig.passphrase, {
      status: 'AES-256-GCM',
      payload: 'ciphertext',
      mode: 1,
    });
  });
});
