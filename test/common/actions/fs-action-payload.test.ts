import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FsActionEvent } from '../../../src/common/actions/index.js';
import { fsActionEnv, fsActionJson, goString } from '../../../src/common/actions/index.js';

/** More than 2^53: a trip through Number would change its last digits. */
const timestamp = 1700000000123456789n;

const full: FsActionEvent = {
  action: 'rename',
  username: 'alice',
  path: '/srv/alice/a.txt',
  targetPath: '/srv/alice/b.txt',
  virtualPath: '/a.txt',
  virtualTargetPath: '/b.txt',
  sshCmd: 'sftpgo-copy',
  fileSize: 4096,
  fsProvider: 1,
  bucket: 'bkt',
  endpoint: 'https://s3.example',
  status: 2,
  protocol: 'SSH',
  ip: '192.0.2.10',
  sessionId: 'SSH_0a1b',
  openFlags: 26,
  role: 'ops',
  timestamp,
  elapsed: 37,
};

const minimal: FsActionEvent = {
  ...full,
  action: 'mkdir',
  targetPath: '',
  virtualTargetPath: '',
  sshCmd: '',
  fileSize: 0,
  fsProvider: 0,
  bucket: '',
  endpoint: '',
  status: 1,
  openFlags: 0,
  role: '',
  elapsed: 0,
};

test('the JSON body has every field, in SFTPGo order, and the nanosecond timestamp exact', () => {
  assert.equal(
    fsActionJson(full),
    '{"action":"rename","username":"alice","path":"/srv/alice/a.txt","target_path":"/srv/alice/b.txt",' +
      '"virtual_path":"/a.txt","virtual_target_path":"/b.txt","ssh_cmd":"sftpgo-copy","file_size":4096,' +
      '"fs_provider":1,"bucket":"bkt","endpoint":"https://s3.example","status":2,"protocol":"SSH",' +
      '"ip":"192.0.2.10","session_id":"SSH_0a1b","timestamp":1700000000123456789,"open_flags":26,' +
      '"role":"ops","elapsed":37}\n',
  );
});

test('empty optional fields are left out as omitempty does; required zero values stay', () => {
  assert.equal(
    fsActionJson(minimal),
    '{"action":"mkdir","username":"alice","path":"/srv/alice/a.txt","virtual_path":"/a.txt",' +
      '"fs_provider":0,"status":1,"protocol":"SSH","ip":"192.0.2.10","session_id":"SSH_0a1b",' +
      '"timestamp":1700000000123456789}\n',
  );
  const noIp = fsActionJson({ ...minimal, ip: '', path: '' });
  assert.match(noIp, /"path":"",/);
  assert.match(noIp, /"ip":"",/);
});

test('strings are escaped as Go writes them; metadata is a sorted object, left out when empty', () => {
  assert.equal(goString('a<b>&c\u2028\u2029"\n'), '"a\\u003cb\\u003e\\u0026c\\u2028\\u2029\\"\\n"');
  const body = fsActionJson({
    ...minimal,
    virtualPath: '/r&d/<x>.txt',
    metadata: { zeta: '1', alpha: 'a&b' },
  });
  assert.match(body, /"virtual_path":"\/r\\u0026d\/\\u003cx\\u003e.txt"/);
  assert.ok(body.endsWith(',"metadata":{"alpha":"a\\u0026b","zeta":"1"}}\n'), body);
  const parsed = JSON.parse(body) as Record<string, unknown>;
  assert.equal(parsed.virtual_path, '/r&d/<x>.txt');
  assert.ok(!fsActionJson({ ...minimal, metadata: {} }).includes('metadata'));
});

test('the program environment has every SFTPGO_ACTION variable, empty ones too', () => {
  assert.deepEqual(fsActionEnv(full), {
    SFTPGO_ACTION: 'rename',
    SFTPGO_ACTION_USERNAME: 'alice',
    SFTPGO_ACTION_PATH: '/srv/alice/a.txt',
    SFTPGO_ACTION_TARGET: '/srv/alice/b.txt',
    SFTPGO_ACTION_VIRTUAL_PATH: '/a.txt',
    SFTPGO_ACTION_VIRTUAL_TARGET: '/b.txt',
    SFTPGO_ACTION_SSH_CMD: 'sftpgo-copy',
    SFTPGO_ACTION_FILE_SIZE: '4096',
    SFTPGO_ACTION_ELAPSED: '37',
    SFTPGO_ACTION_FS_PROVIDER: '1',
    SFTPGO_ACTION_BUCKET: 'bkt',
    SFTPGO_ACTION_ENDPOINT: 'https://s3.example',
    SFTPGO_ACTION_STATUS: '2',
    SFTPGO_ACTION_PROTOCOL: 'SSH',
    SFTPGO_ACTION_IP: '192.0.2.10',
    SFTPGO_ACTION_SESSION_ID: 'SSH_0a1b',
    SFTPGO_ACTION_OPEN_FLAGS: '26',
    SFTPGO_ACTION_TIMESTAMP: '1700000000123456789',
    SFTPGO_ACTION_ROLE: 'ops',
  });
  const env = fsActionEnv({ ...minimal, metadata: { b: '2', a: '<1>' } });
  assert.equal(env.SFTPGO_ACTION_TARGET, '');
  assert.equal(env.SFTPGO_ACTION_FILE_SIZE, '0');
  assert.equal(env.SFTPGO_ACTION_METADATA, '{"a":"\\u003c1\\u003e","b":"2"}');
  assert.equal('SFTPGO_ACTION_METADATA' in fsActionEnv(minimal), false);
});

test('numbers are whole decimals: fractions cut, no exponent for large values', () => {
  const env = fsActionEnv({ ...minimal, elapsed: 12.9, fileSize: 1e21 });
  assert.equal(env.SFTPGO_ACTION_ELAPSED, '12');
  assert.equal(env.SFTPGO_ACTION_FILE_SIZE, '1000000000000000000000');
});
