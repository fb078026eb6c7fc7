import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ConfigErrorCode, ConfigWarningCode, loadConfig } from '../../src/config/index.js';
import { tempDir } from '../helpers/tmp.js';
import { configError, writeConfig } from './helpers.js';

async function loadText(dir: string, name: string, text: string) {
  const file = await writeConfig(dir, name, text);
  return { file, result: loadConfig({ configDir: dir, configFile: name, env: {} }) };
}

test('an out-of-range port names key, value, file and range', async (t) => {
  const dir = await tempDir(t);
  const { file, result } = await loadText(
    dir,
    'sftpgo.json',
    '{"sftpd": {"bindings": [{"port": 2022}, {"port": 65536}]}}',
  );
  const error = await configError(result);
  assert.equal(error.code, ConfigErrorCode.InvalidValue);
  assert.equal(error.key, 'sftpd.bindings[1].port');
  assert.equal(error.value, 65536);
  assert.equal(error.file, file);
  assert.equal(error.allowed, 'an integer between 0 and 65535');
  assert.match(error.message, /Invalid value 65536 for sftpd\.bindings\[1\]\.port/);
  assert.ok(error.message.includes(file));
});

test('port 0 is accepted (the binding is disabled)', async (t) => {
  const dir = await tempDir(t);
  const { result } = await loadText(dir, 'sftpgo.yaml', 'sftpd:\n  bindings:\n    - port: 0\n');
  assert.equal((await result).config.sftpd.bindings[0]!.port, 0);
});

const badValues: readonly [string, string, string, unknown, string][] = [
  // [description, yaml, key, value, allowed]
  [
    'upload mode flags',
    'common:\n  upload_mode: 32\n',
    'common.upload_mode',
    32,
    '0 or a sum of: 1, 2, 4, 8, 16',
  ],
  ['setstat mode', 'common:\n  setstat_mode: 3\n', 'common.setstat_mode', 3, 'one of: 0, 1, 2'],
  ['proxy protocol', 'common:\n  proxy_protocol: -1\n', 'common.proxy_protocol', -1, 'one of: 0, 1, 2'],
  [
    'data provider driver',
    'data_provider:\n  driver: oracle\n',
    'data_provider.driver',
    'oracle',
    'one of: sqlite, postgresql, mysql, memory, bolt, cockroachdb',
  ],
  ['track quota', 'data_provider:\n  track_quota: 5\n', 'data_provider.track_quota', 5, 'one of: 0, 1, 2'],
  [
    'password hashing algorithm',
    'data_provider:\n  password_hashing:\n    algo: md5\n',
    'data_provider.password_hashing.algo',
    'md5',
    'one of: argon2id, bcrypt',
  ],
  [
    'bcrypt cost',
    'data_provider:\n  password_hashing:\n    bcrypt_options:\n      cost: 3\n',
    'data_provider.password_hashing.bcrypt_options.cost',
    3,
    'an integer between 4 and 31',
  ],
  [
    'TLS version',
    'ftpd:\n  bindings:\n    - tls_mode: 1\n      min_tls_version: 14\n',
    'ftpd.bindings[0].min_tls_version',
    14,
    'one of: 10, 11, 12, 13',
  ],
  [
    'TOTP algorithm',
    'mfa:\n  totp:\n    - algo: md5\n',
    'mfa.totp[0].algo',
    'md5',
    'one of: sha1, sha256, sha512',
  ],
  [
    'SSH command in a list',
    'sftpd:\n  enabled_ssh_commands: [md5sum, ls]\n',
    'sftpd.enabled_ssh_commands[1]',
    'ls',
    'one of: *, scp, md5sum, sha1sum, sha256sum, sha384sum, sha512sum, cd, pwd, sftpgo-copy, sftpgo-remove, git-receive-pack, git-upload-pack, git-upload-archive, rsync',
  ],
  ['command timeout', 'command:\n  timeout: 301\n', 'command.timeout', 301, 'an integer between 1 and 300'],
  ['negative idle timeout', 'common:\n  idle_timeout: -5\n', 'common.idle_timeout', -5, 'an integer >= 0'],
];

for (const [description, yaml, key, value, allowed] of badValues) {
  test(`a bad ${description} is refused`, async (t) => {
    const dir = await tempDir(t);
    const { file, result } = await loadText(dir, 'sftpgo.yaml', yaml);
    const error = await configError(result);
    assert.equal(error.code, ConfigErrorCode.InvalidValue);
    assert.equal(error.key, key);
    assert.deepEqual(error.value, value);
    assert.equal(error.file, file);
    assert.equal(error.allowed, allowed);
    assert.ok(error.message.includes(allowed), error.message);
  });
}

const badTypes: readonly [string, string, string][] = [
  ['text for an integer', '{"common": {"idle_timeout": "soon"}}', 'common.idle_timeout'],
  ['a fraction for an integer', '{"common": {"idle_timeout": 1.5}}', 'common.idle_timeout'],
  ['an object for a boolean', '{"sftpd": {"password_authentication": {}}}', 'sftpd.password_authentication'],
  ['a list for a section', '{"common": [1, 2]}', 'common'],
  ['a number for a list', '{"sftpd": {"host_keys": 5}}', 'sftpd.host_keys'],
  ['text for a list item object', '{"sftpd": {"bindings": ["2022"]}}', 'sftpd.bindings[0]'],
  ['an object for text', '{"sftpd": {"login_banner_file": {"a": 1}}}', 'sftpd.login_banner_file'],
];

for (const [description, json, key] of badTypes) {
  test(`${description} is a type error`, async (t) => {
    const dir = await tempDir(t);
    const { file, result } = await loadText(dir, 'sftpgo.json', json);
    const error = await configError(result);
    assert.equal(error.code, ConfigErrorCode.InvalidType);
    assert.equal(error.key, key);
    assert.equal(error.file, file);
    assert.ok(error.allowed);
  });
}

test('text holding a number is accepted for numbers, as SFTPGo does', async (t) => {
  const dir = await tempDir(t);
  const { result } = await loadText(
    dir,
    'sftpgo.json',
    '{"common": {"idle_timeout": "20"}, "acme": {"key_type": 2048}}',
  );
  const { config } = await result;
  assert.equal(config.common.idle_timeout, 20);
  assert.equal(config.acme.key_type, '2048');
});

test('secrets never appear in errors', async (t) => {
  const dir = await tempDir(t);
  const { result } = await loadText(dir, 'sftpgo.json', '{"data_provider": {"password": {"hunter2": true}}}');
  const error = await configError(result);
  assert.equal(error.key, 'data_provider.password');
  assert.equal(error.value, '[redacted]');
  assert.ok(!error.message.includes('hunter2'), error.message);
});

test('a list item missing a required key is refused', async (t) => {
  const dir = await tempDir(t);
  const { result } = await loadText(dir, 'sftpgo.json', '{"plugins": [{"cmd": "/bin/plugin"}]}');
  const error = await configError(result);
  assert.equal(error.code, ConfigErrorCode.MissingValue);
  assert.equal(error.key, 'plugins[0].type');
});

test('unknown keys are warnings, not errors', async (t) => {
  const dir = await tempDir(t);
  const { file, result } = await loadText(
    dir,
    'sftpgo.yaml',
    'colour: blue\nsftpd:\n  max_auth_tries: 4\n  maxauthtries: 5\n  bindings:\n    - port: 2300\n      portt: 1\n',
  );
  const { config, warnings } = await result;
  assert.equal(config.sftpd.max_auth_tries, 4);
  assert.equal(config.sftpd.bindings[0]!.port, 2300);
  assert.deepEqual(
    warnings.map((w) => [w.code, w.key, w.source]),
    [
      [ConfigWarningCode.UnknownKey, 'colour', file],
      [ConfigWarningCode.UnknownKey, 'sftpd.maxauthtries', file],
      [ConfigWarningCode.UnknownKey, 'sftpd.bindings[0].portt', file],
    ],
  );
});

test('keys are matched without regard to case, as SFTPGo does', async (t) => {
  const dir = await tempDir(t);
  const { result } = await loadText(dir, 'sftpgo.json', '{"SFTPD": {"Max_Auth_Tries": 4}}');
  const { config, warnings } = await result;
  assert.equal(config.sftpd.max_auth_tries, 4);
  assert.deepEqual(warnings, []);
});

test('a document that is not a mapping is refused', async (t) => {
  const dir = await tempDir(t);
  const { result } = await loadText(dir, 'sftpgo.yaml', '- a\n- b\n');
  const error = await configError(result);
  assert.equal(error.code, ConfigErrorCode.InvalidType);
});

test('an empty file means the defaults', async (t) => {
  const dir = await tempDir(t);
  for (const name of [
    'sftpgo.json',
    'sftpgo.yaml',
    'sftpgo.toml',
    'sftpgo.hcl',
    'sftpgo.env',
    'sftpgo.properties',
  ]) {
    const { result } = await loadText(dir, name, '\n');
    assert.equal((await result).config.common.idle_timeout, 15, name);
  }
});

// Malformed syntax: every format reports the file and the position of the problem.
const malformed: readonly [string, string, number, number | undefined][] = [
  ['sftpgo.json', '{\n  "common": {\n    "idle_timeout": 5,\n  }\n}\n', 4, 3],
  ['sftpgo.json', '{\n  "common": {"idle_timeout": 5\n', 3, 1],
  ['sftpgo.yaml', 'common:\n  idle_timeout: [5\nsftpd: {}\n', 3, 1],
  ['sftpgo.yaml', 'common:\n  idle_timeout: 5\n  idle_timeout: 6\n', 3, 3],
  ['sftpgo.toml', '[common]\nidle_timeout = \n', 2, 16],
  ['sftpgo.hcl', 'common {\n  idle_timeout = 5\n', 3, 1],
  ['sftpgo.hcl', 'common {\n  idle_timeout = five\n}\n', 2, 18],
  ['sftpgo.env', 'SFTPGO_COMMON__IDLE_TIMEOUT=5\nthis is not an assignment\n', 2, 1],
  ['sftpgo.env', 'SFTPGO_DATA_PROVIDER__PASSWORD="unterminated\n', 1, 32],
  ['sftpgo.properties', 'common.idle_timeout=5\ncommon.umask=\\u00G2\n', 2, 14],
];

for (const [name, text, line, column] of malformed) {
  test(`malformed ${name.split('.')[1]} is a syntax error with line ${line}`, async (t) => {
    const dir = await tempDir(t);
    const { file, result } = await loadText(dir, name, text);
    const error = await configError(result);
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, ConfigErrorCode.Syntax);
    assert.equal(error.file, file);
    assert.equal(error.line, line, error.message);
    if (column !== undefined) assert.equal(error.column, column, error.message);
    assert.ok(error.message.includes(file), error.message);
    assert.ok(error.message.includes(`line ${line}`), error.message);
  });
}

test('keys named __proto__ never reach an object prototype', async (t) => {
  const dir = await tempDir(t);
  const sources: Record<string, string> = {
    'a.json': '{"__proto__": {"polluted": 1}, "sftpd": {"__proto__": {"polluted": 1}}}',
    'b.properties': '__proto__.polluted=1\nsftpd.__proto__.polluted=1\n',
    'c.hcl': '"__proto__" { polluted = 1 }\nsftpd "__proto__" { polluted = 1 }\n',
    'd.yaml': '__proto__:\n  polluted: 1\nsftpd:\n  __proto__:\n    polluted: 1\n',
  };
  for (const [name, text] of Object.entries(sources)) {
    const { result } = await loadText(dir, name, text);
    const { warnings } = await result;
    assert.ok(
      warnings.some((w) => w.code === ConfigWarningCode.UnknownKey),
      `${name}: ${JSON.stringify(warnings)}`,
    );
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined, name);
  }
});
