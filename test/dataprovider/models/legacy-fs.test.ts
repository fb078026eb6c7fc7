import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGACY_FS_FIELDS, parseUser } from '../../../src/dataprovider/models/index.js';
import { assertInvalid, ctx, minimalUser } from './helpers.js';

describe('legacy flat storage fields', () => {
  it('lists the fields it understands', () => {
    assert.deepEqual([...LEGACY_FS_FIELDS].sort(), [
      'fs_provider',
      'gcs_automatic_credentials',
      'gcs_bucket',
      'gcs_credentials',
      'gcs_key_prefix',
      'gcs_storage_class',
      's3_access_key',
      's3_access_secret',
      's3_bucket',
      's3_endpoint',
      's3_key_prefix',
      's3_region',
      's3_storage_class',
    ]);
  });

  it('map S3 fields into filesystem.s3config', () => {
    const user = parseUser(
      minimalUser({
        fs_provider: 1,
        s3_bucket: 'files',
        s3_region: 'eu-central-1',
        s3_access_key: 'AK',
        s3_access_secret: 'SK',
        s3_endpoint: 'https://s3.example.com',
        s3_storage_class: 'STANDARD',
        s3_key_prefix: 'alice/',
      }),
      ctx,
    );
    const s3 = user.filesystem.s3config;
    assert.equal(user.filesystem.provider, 1);
    assert.deepEqual(
      [s3.bucket, s3.region, s3.access_key, s3.endpoint, s3.storage_class, s3.key_prefix],
      ['files', 'eu-central-1', 'AK', 'https://s3.example.com', 'STANDARD', 'alice/'],
    );
    assert.deepEqual([s3.access_secret.status, s3.access_secret.payload], ['Plain', 'SK']);
  });

  it('map GCS fields, decoding base64 credentials', () => {
    const credentials = '{"type":"service_account"}';
    const user = parseUser(
      minimalUser({
        fs_provider: 'GCS',
        gcs_bucket: 'b',
        gcs_credentials: Buffer.from(credentials).toString('base64'),
        gcs_storage_class: 'NEARLINE',
        gcs_key_prefix: 'p/',
      }),
      ctx,
    );
    assert.equal(user.filesystem.provider, 2);
    assert.equal(user.filesystem.gcsconfig.credentials.payload, credentials);
    assert.equal(user.filesystem.gcsconfig.storage_class, 'NEARLINE');
  });

  it('infer the provider from the fields present', () => {
    const gcs = parseUser(minimalUser({ gcs_bucket: 'b', gcs_automatic_credentials: 1 }), ctx);
    assert.equal(gcs.filesystem.provider, 2);
    assert.equal(gcs.filesystem.gcsconfig.automatic_credentials, 1);
    assert.equal(parseUser(minimalUser({ s3_bucket: 'b', s3_region: 'r' }), ctx).filesystem.provider, 1);
    assert.equal(parseUser(minimalUser({ fs_provider: 'local' }), ctx).filesystem.provider, 0);
    assertInvalid(
      () => parseUser(minimalUser({ s3_bucket: 'b', gcs_bucket: 'c' }), ctx),
      'fs_provider',
      /both/,
    );
  });

  it('give way to values in filesystem', () => {
    const user = parseUser(
      minimalUser({
        s3_bucket: 'old',
        s3_region: 'old-region',
        filesystem: { provider: 1, s3config: { bucket: 'new' } },
      }),
      ctx,
    );
    assert.deepEqual(
      [user.filesystem.s3config.bucket, user.filesystem.s3config.region],
      ['new', 'old-region'],
    );
  });

  it('are validated like the nested form', () => {
    assertInvalid(() => parseUser(minimalUser({ s3_bucket: 'b' }), ctx), 'filesystem.s3config.region');
  });

  it('name the legacy field on a type error', () => {
    assertInvalid(() => parseUser(minimalUser({ s3_region: 5 }), ctx), 's3_region', /string/);
    assertInvalid(() => parseUser(minimalUser({ fs_provider: 'azure' }), ctx), 'fs_provider');
    assertInvalid(
      () => parseUser(minimalUser({ gcs_automatic_credentials: '1' }), ctx),
      'gcs_automatic_credentials',
    );
    assertInvalid(() => parseUser(minimalUser({ s3_bucket: 'b', filesystem: 'x' }), ctx), 'filesystem');
  });

  it('refuse secrets encrypted by SFTPGo 1.x', () => {
    const user = minimalUser({
      s3_bucket: 'b',
      s3_region: 'r',
      s3_access_key: 'AK',
      s3_access_secret: '$aes$abcdef',
    });
    assertInvalid(() => parseUser(user, ctx), 's3_access_secret', /1\.x/);
  });
});
