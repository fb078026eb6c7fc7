import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilesystemConfig } from '../../../src/dataprovider/models/index.js';
import {
  defaultFilesystemConfig,
  filesystemToJSON,
  parseFilesystem,
} from '../../../src/dataprovider/models/index.js';
import { secretToJSON } from '../../../src/kms/secret.js';
import { EMPTY_FS_SETTINGS, assertInvalid, storedSecret } from './helpers.js';

const plain = (payload: string) => ({ status: 'Plain', payload });
const parse = (fs: Record<string, unknown>): FilesystemConfig => parseFilesystem(fs, 'filesystem');

describe('filesystem provider', () => {
  it('defaults to local storage', () => {
    assert.deepEqual(parse({}), defaultFilesystemConfig());
  });

  it('refuses unknown providers', () => {
    assertInvalid(() => parse({ provider: 7 }), 'filesystem.provider', /invalid value 7/);
    assertInvalid(() => parse({ provider: -1 }), 'filesystem.provider');
  });

  it('keeps only the settings of the chosen provider', () => {
    const fs = parse({ provider: 0, s3config: { bucket: 'stale' }, osconfig: { read_buffer_size: 2 } });
    assert.equal(fs.s3config.bucket, '');
    assert.equal(fs.osconfig.read_buffer_size, 2);
    assert.deepEqual(filesystemToJSON(fs, secretToJSON), {
      provider: 0,
      ...EMPTY_FS_SETTINGS,
      osconfig: { read_buffer_size: 2 },
    });
  });

  it('checks local buffer sizes', () => {
    assert.equal(parse({ osconfig: { write_buffer_size: 10 } }).osconfig.write_buffer_size, 10);
    assertInvalid(
      () => parse({ osconfig: { read_buffer_size: 11 } }),
      'filesystem.osconfig.read_buffer_size',
    );
    assertInvalid(
      () => parse({ osconfig: { write_buffer_size: -1 } }),
      'filesystem.osconfig.write_buffer_size',
    );
  });
});

describe('S3 settings', () => {
  const s3 = (config: Record<string, unknown>) =>
    parse({ provider: 1, s3config: { bucket: 'b', region: 'eu-west-1', ...config } });

  it('normalise the key prefix, storage class and ACL', () => {
    const fs = s3({ key_prefix: '/users//alice', storage_class: ' STANDARD ', acl: ' private ' });
    assert.equal(fs.s3config.key_prefix, 'users/alice/');
    assert.equal(fs.s3config.storage_class, 'STANDARD');
    assert.equal(fs.s3config.acl, 'private');
  });

  it('need a bucket, and a region unless an endpoint is set', () => {
    assertInvalid(() => s3({ bucket: '' }), 'filesystem.s3config.bucket', /bucket is required/);
    assertInvalid(() => s3({ region: '' }), 'filesystem.s3config.region', /region/);
    assert.equal(s3({ region: '', endpoint: 'http://127.0.0.1:9000' }).s3config.region, '');
  });

  it('need access key and secret together', () => {
    assert.equal(s3({ access_key: 'AK', access_secret: plain('sk') }).s3config.access_secret.status, 'Plain');
    assert.equal(s3({ access_key: 'AK', access_secret: storedSecret('alice') }).s3config.access_key, 'AK');
    assertInvalid(() => s3({ access_secret: plain('sk') }), 'filesystem.s3config.access_key');
    assertInvalid(() => s3({ access_key: 'AK' }), 'filesystem.s3config.access_secret');
  });

  it('refuse malformed secrets', () => {
    assertInvalid(
      () => s3({ access_key: 'AK', access_secret: { status: 'AES-256-GCM', payload: 'x', key: 'short' } }),
      'filesystem.s3config.access_secret',
      /encrypted secret/,
    );
    assertInvalid(
      () => s3({ access_key: 'AK', access_secret: { payload: 'x' } }),
      'filesystem.s3config.access_secret',
    );
    assertInvalid(
      () => s3({ access_key: 'AK', access_secret: plain('') }),
      'filesystem.s3config.access_secret',
    );
    assertInvalid(
      () => s3({ sse_customer_key: { status: 'Plain' } }),
      'filesystem.s3config.sse_customer_key',
    );
  });

  it('refuse a key prefix pointing at the bucket root', () => {
    assertInvalid(() => s3({ key_prefix: '/' }), 'filesystem.s3config.key_prefix', /root/);
    assertInvalid(() => s3({ key_prefix: 'a/..' }), 'filesystem.s3config.key_prefix');
  });

  it('check part sizes and concurrency', () => {
    assert.equal(
      s3({ upload_part_size: 5, download_part_size: 2000, upload_concurrency: 64 }).s3config.upload_part_size,
      5,
    );
    assertInvalid(() => s3({ upload_part_size: 4 }), 'filesystem.s3config.upload_part_size');
    assertInvalid(() => s3({ download_part_size: 2001 }), 'filesystem.s3config.download_part_size');
    assertInvalid(() => s3({ upload_concurrency: 65 }), 'filesystem.s3config.upload_concurrency');
    assertInvalid(() => s3({ download_concurrency: -1 }), 'filesystem.s3config.download_concurrency');
  });
});

describe('GCS settings', () => {
  const gcs = (config: Record<string, unknown>) =>
    parse({ provider: 2, gcsconfig: { bucket: 'b', ...config } });

  it('need credentials unless automatic', () => {
    assert.equal(
      gcs({ credentials: plain('{"type":"service_account"}') }).gcsconfig.credentials.status,
      'Plain',
    );
    assertInvalid(() => gcs({}), 'filesystem.gcsconfig.credentials', /required/);
  });

  it('drop credentials when automatic', () => {
    assert.equal(gcs({ automatic_credentials: 1, credentials: plain('x') }).gcsconfig.credentials.status, '');
    assertInvalid(() => gcs({ automatic_credentials: 2 }), 'filesystem.gcsconfig.automatic_credentials');
  });

  it('need a bucket', () => {
    assertInvalid(() => gcs({ bucket: '', automatic_credentials: 1 }), 'filesystem.gcsconfig.bucket');
  });

  it('fall back to defaults for out-of-range part settings', () => {
    const fs = gcs({
      automatic_credentials: 1,
      upload_part_size: 3000,
      upload_part_max_time: -4,
      key_prefix: 'p',
    });
    assert.deepEqual(
      [fs.gcsconfig.upload_part_size, fs.gcsconfig.upload_part_max_time, fs.gcsconfig.key_prefix],
      [0, 0, 'p/'],
    );
  });
});

describe('Azure Blob settings', () => {
  const az = (config: Record<string, unknown>) => parse({ provider: 3, azblobconfig: config });

  it('accept an account or a SAS URL', () => {
    assert.equal(
      az({ container: 'c', account_name: 'acc', account_key: plain('k') }).azblobconfig.account_name,
      'acc',
    );
    assert.equal(
      az({ sas_url: plain('https://acc.blob.core.windows.net/c?sv=1&sig=x') }).azblobconfig.container,
      '',
    );
  });

  it('need a container and an account name without a SAS URL', () => {
    assertInvalid(() => az({ account_name: 'acc' }), 'filesystem.azblobconfig.container');
    assertInvalid(() => az({ container: 'c' }), 'filesystem.azblobconfig.account_name');
  });

  it('refuse an unparsable SAS URL and unknown access tiers', () => {
    assertInvalid(() => az({ sas_url: plain('not a url') }), 'filesystem.azblobconfig.sas_url', /URL/);
    assert.equal(
      az({ container: 'c', account_name: 'a', access_tier: 'Cool' }).azblobconfig.access_tier,
      'Cool',
    );
    assertInvalid(
      () => az({ container: 'c', account_name: 'a', access_tier: 'cold' }),
      'filesystem.azblobconfig.access_tier',
    );
  });

  it('check part sizes and concurrency', () => {
    const base = { container: 'c', account_name: 'a' };
    assert.equal(az({ ...base, upload_part_size: 1 }).azblobconfig.upload_part_size, 1);
    assertInvalid(() => az({ ...base, upload_part_size: 2001 }), 'filesystem.azblobconfig.upload_part_size');
    assertInvalid(
      () => az({ ...base, download_concurrency: 65 }),
      'filesystem.azblobconfig.download_concurrency',
    );
  });
});

describe('encrypted local settings', () => {
  it('need a passphrase', () => {
    assert.equal(
      parse({ provider: 4, cryptconfig: { passphrase: plain('x'.repeat(40)) } }).cryptconfig.passphrase
        .status,
      'Plain',
    );
    assertInvalid(() => parse({ provider: 4 }), 'filesystem.cryptconfig.passphrase', /required/);
    assertInvalid(
      () => parse({ provider: 4, cryptconfig: { passphrase: { status: 'Plain' } } }),
      'filesystem.cryptconfig.passphrase',
    );
  });

  it('check buffer sizes', () => {
    const cryptconfig = { passphrase: storedSecret('alice'), read_buffer_size: 12 };
    assertInvalid(() => parse({ provider: 4, cryptconfig }), 'filesystem.cryptconfig.read_buffer_size');
  });
});

describe('SFTP settings', () => {
  const sftp = (config: Record<string, unknown>) =>
    parse({
      provider: 5,
      sftpconfig: { endpoint: 'sftp.example.com:2022', username: 'u', password: plain('p'), ...config },
    });

  it('add the default port and prefix', () => {
    const fs = sftp({ endpoint: 'sftp.example.com' });
    assert.equal(fs.sftpconfig.endpoint, 'sftp.example.com:22');
    assert.equal(fs.sftpconfig.prefix, '/');
    assert.equal(sftp({ prefix: 'data//in/' }).sftpconfig.prefix, '/data/in');
    assert.equal(sftp({ endpoint: '[2001:db8::1]:22' }).sftpconfig.endpoint, '[2001:db8::1]:22');
  });

  it('refuse malformed endpoints', () => {
    assertInvalid(() => sftp({ endpoint: '' }), 'filesystem.sftpconfig.endpoint', /required/);
    for (const bad of ['2001:db8::1', 'a:b:c', '[2001:db8::1]', '[::1]x:22', 'host]:22']) {
      assertInvalid(() => sftp({ endpoint: bad }), 'filesystem.sftpconfig.endpoint', /host:port/);
    }
  });

  it('need a username and a password or private key', () => {
    assertInvalid(() => sftp({ username: '' }), 'filesystem.sftpconfig.username');
    assertInvalid(() => sftp({ password: {} }), 'filesystem.sftpconfig.password', /private key/);
    assert.equal(
      sftp({ password: {}, private_key: plain('-----BEGIN OPENSSH PRIVATE KEY-----') }).sftpconfig.password
        .status,
      '',
    );
  });

  it('check the buffer size and equality check mode', () => {
    assert.equal(sftp({ buffer_size: 16, equality_check_mode: 1 }).sftpconfig.buffer_size, 16);
    assertInvalid(() => sftp({ buffer_size: 17 }), 'filesystem.sftpconfig.buffer_size');
    assertInvalid(() => sftp({ equality_check_mode: 2 }), 'filesystem.sftpconfig.equality_check_mode');
  });
});

describe('HTTP settings', () => {
  const http = (config: Record<string, unknown>) => parse({ provider: 6, httpconfig: config });

  it('accept http(s) endpoints without trailing slashes', () => {
    assert.equal(
      http({ endpoint: 'https://files.example.com/api/v1//' }).httpconfig.endpoint,
      'https://files.example.com/api/v1',
    );
    assert.equal(
      http({ endpoint: 'http://unix?socket_path=/run/fs.sock' }).httpconfig.endpoint,
      'http://unix?socket_path=/run/fs.sock',
    );
  });

  it('refuse missing, non-http and unix endpoints without an absolute socket path', () => {
    assertInvalid(() => http({}), 'filesystem.httpconfig.endpoint', /required/);
    assertInvalid(() => http({ endpoint: 'ftp://example.com' }), 'filesystem.httpconfig.endpoint', /http/);
    assertInvalid(
      () => http({ endpoint: 'http://unix?socket_path=run/fs.sock' }),
      'filesystem.httpconfig.endpoint',
      /socket/,
    );
  });

  it('check secrets and equality check mode', () => {
    assertInvalid(
      () => http({ endpoint: 'http://h', api_key: { status: 'Plain' } }),
      'filesystem.httpconfig.api_key',
    );
    assertInvalid(
      () => http({ endpoint: 'http://h', equality_check_mode: 3 }),
      'filesystem.httpconfig.equality_check_mode',
    );
  });
});
