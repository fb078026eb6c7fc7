import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilesystemConfig } from '../../../src/dataprovider/models/index.js';
import { defaultFilesystemConfig } from '../../../src/dataprovider/models/filesystem.js';
import { plainSecret } from '../../../src/kms/secret.js';
import { sameResource, sameStorage } from '../../../src/common/rules/same-storage.js';
import { mount, userWithMounts } from './users.js';

function fs(
  provider: FilesystemConfig['provider'],
  change: (c: FilesystemConfig) => void = () => {},
): FilesystemConfig {
  const config = defaultFilesystemConfig();
  config.provider = provider;
  change(config);
  return config;
}

describe('sameResource', () => {
  it('differs across providers', () => {
    assert.equal(sameResource(fs(0), fs(1)), false);
    assert.equal(sameResource(fs(0), fs(4)), false);
  });

  it('any two local disks are the same resource', () => {
    assert.equal(sameResource(fs(0), fs(0)), true);
  });

  it('S3: bucket, endpoint and region', () => {
    const s3 = (bucket: string, region = 'eu', endpoint = '', prefix = '') =>
      fs(1, (c) => Object.assign(c.s3config, { bucket, region, endpoint, key_prefix: prefix }));
    assert.equal(sameResource(s3('a'), s3('a', 'eu', '', 'other/')), true);
    assert.equal(sameResource(s3('a'), s3('b')), false);
    assert.equal(sameResource(s3('a'), s3('a', 'us')), false);
    assert.equal(sameResource(s3('a'), s3('a', 'eu', 'http://minio:9000')), false);
  });

  it('GCS: bucket', () => {
    const gcs = (bucket: string) => fs(2, (c) => Object.assign(c.gcsconfig, { bucket }));
    assert.equal(sameResource(gcs('a'), gcs('a')), true);
    assert.equal(sameResource(gcs('a'), gcs('b')), false);
  });

  it('Azure Blob: account, container, endpoint and SAS URL', () => {
    const az = (container: string, sas = '') =>
      fs(3, (c) =>
        Object.assign(c.azblobconfig, {
          account_name: 'acct',
          container,
          sas_url: sas ? plainSecret(sas) : c.azblobconfig.sas_url,
        }),
      );
    assert.equal(sameResource(az('c'), az('c')), true);
    assert.equal(sameResource(az('c'), az('d')), false);
    assert.equal(sameResource(az('c', 'https://x/?sig=1'), az('c', 'https://x/?sig=2')), false);
  });

  it('encrypted local storage: the passphrase', () => {
    const crypt = (pass: string) =>
      fs(4, (c) => Object.assign(c.cryptconfig, { passphrase: plainSecret(pass) }));
    assert.equal(sameResource(crypt('p'), crypt('p')), true);
    assert.equal(sameResource(crypt('p'), crypt('q')), false);
  });

  for (const [provider, key] of [
    [5, 'sftpconfig'],
    [6, 'httpconfig'],
  ] as const) {
    it(`${key}: endpoint and username, or the endpoint alone when both are relaxed`, () => {
      const remote = (endpoint: string, username: string, mode: 0 | 1) =>
        fs(provider, (c) => Object.assign(c[key], { endpoint, username, equality_check_mode: mode }));
      assert.equal(sameResource(remote('h:22', 'u', 0), remote('h:22', 'u', 0)), true);
      assert.equal(sameResource(remote('h:22', 'u', 0), remote('h:22', 'v', 0)), false);
      assert.equal(sameResource(remote('h:22', 'u', 1), remote('h:22', 'v', 0)), false);
      assert.equal(sameResource(remote('h:22', 'u', 1), remote('h:22', 'v', 1)), true);
      assert.equal(sameResource(remote('h:22', 'u', 1), remote('k:22', 'u', 1)), false);
    });
  }
});

describe('sameStorage', () => {
  const s3 = (bucket: string, prefix: string) => ({
    provider: 1,
    s3config: { bucket, region: 'eu', key_prefix: prefix },
  });
  const user = userWithMounts([
    mount('local', '/local'),
    mount('a1', '/s3a', { filesystem: s3('a', 'one/') }),
    mount('a2', '/s3a2', { filesystem: s3('a', 'two/') }),
    mount('b', '/s3b', { filesystem: s3('b', '') }),
  ]);

  it('decides by the storage serving each path', () => {
    const cases: [string, string, boolean][] = [
      ['/x', '/y/z', true],
      ['/x', '/local/y', true],
      ['/local/a', '/local/b', true],
      ['/s3a/a', '/s3a/b', true],
      ['/s3a/a', '/s3a2/b', true],
      ['/s3a/a', '/s3b/b', false],
      ['/x', '/s3a/a', false],
      ['/s3b/a', '/x', false],
      ['/local/a', '/s3b/a', false],
    ];
    for (const [a, b, expected] of cases) assert.equal(sameStorage(user, a, b), expected, `${a} ${b}`);
  });

  it('compares a folder with the user storage', () => {
    const cloudUser = userWithMounts(
      [mount('a1', '/s3a', { filesystem: s3('a', 'one/') }), mount('local', '/local')],
      {
        filesystem: {
          provider: 1,
          s3config: {
            bucket: 'a',
            region: 'eu',
            access_key: 'k',
            access_secret: { status: 'Plain', payload: 's' },
          },
        },
      },
    );
    assert.equal(sameStorage(cloudUser, '/x', '/s3a/y'), true);
    assert.equal(sameStorage(cloudUser, '/x', '/local/y'), false);
  });
});
