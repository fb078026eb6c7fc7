import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ConfigErrorCode,
  ConfigWarningCode,
  loadConfig,
  nonConfigEnvNames,
  nonConfigEnvPrefixes,
} from '../../src/config/index.js';
import { tempDir } from '../helpers/tmp.js';
import { configError, writeConfig } from './helpers.js';

test('environment variables apply without a config file', async (t) => {
  const dir = await tempDir(t);
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_SFTPD__MAX_AUTH_TRIES: '3',
      SFTPGO_COMMON__IDLE_TIMEOUT: '5',
      SFTPGO_COMMON__DEFENDER__ENABLED: 'true',
      SFTPGO_HTTP__TIMEOUT: '2.5',
      SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
    },
  });
  assert.equal(loaded.configFilePath, undefined);
  assert.equal(loaded.config.sftpd.max_auth_tries, 3);
  assert.equal(loaded.config.common.idle_timeout, 5);
  assert.equal(loaded.config.common.defender.enabled, true);
  assert.equal(loaded.config.http.timeout, 2.5);
  assert.equal(loaded.config.data_provider.driver, 'memory');
  assert.deepEqual(loaded.warnings, []);
});

test('environment variables beat the config file', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(
    dir,
    'sftpgo.yaml',
    'sftpd:\n  max_auth_tries: 2\ncommon:\n  idle_timeout: 30\n  umask: "022"\n',
  );
  const loaded = await loadConfig({ configDir: dir, env: { SFTPGO_SFTPD__MAX_AUTH_TRIES: '-1' } });
  assert.equal(loaded.config.sftpd.max_auth_tries, -1);
  assert.equal(loaded.config.common.idle_timeout, 30, 'keys without a variable keep the file value');
  assert.equal(loaded.config.common.umask, '022');
});

test('lists are comma-separated, blanks trimmed and empty items dropped', async (t) => {
  const dir = await tempDir(t);
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_SFTPD__HOST_KEYS: 'a, /b ,,',
      SFTPGO_COMMON__ACTIONS__EXECUTE_ON: 'upload,download',
      SFTPGO_SFTPD__KEX_ALGORITHMS: '',
      SFTPGO_PLUGINS__0__TYPE: 'notifier',
      SFTPGO_PLUGINS__0__NOTIFIER_OPTIONS__LOG_EVENTS: '1, 5',
    },
  });
  assert.deepEqual(loaded.config.sftpd.host_keys, [join(dir, 'a'), '/b']);
  assert.deepEqual(loaded.config.common.actions.execute_on, ['upload', 'download']);
  assert.deepEqual(loaded.config.sftpd.kex_algorithms, []);
  assert.deepEqual(loaded.config.plugins[0]!.notifier_options.log_events, [1, 5]);
});

test('booleans accept true/false/1/0 in any case', async (t) => {
  const dir = await tempDir(t);
  for (const [text, expected] of [
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['t', true],
    ['false', false],
    ['0', false],
    ['False', false],
  ] as const) {
    const loaded = await loadConfig({ configDir: dir, env: { SFTPGO_SFTPD__PASSWORD_AUTHENTICATION: text } });
    assert.equal(loaded.config.sftpd.password_authentication, expected, text);
  }
  const error = await configError(
    loadConfig({ configDir: dir, env: { SFTPGO_SFTPD__PASSWORD_AUTHENTICATION: 'yes' } }),
  );
  assert.equal(error.code, ConfigErrorCode.InvalidType);
  assert.equal(error.file, 'SFTPGO_SFTPD__PASSWORD_AUTHENTICATION');
});

test('list items are set by index; a new index appends an item built from the item defaults', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'sftpgo.json', '{"sftpd": {"bindings": [{"port": 2000, "address": "10.0.0.1"}]}}');
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_SFTPD__BINDINGS__0__PORT: '2222',
      SFTPGO_SFTPD__BINDINGS__1__ADDRESS: '127.0.0.1',
      SFTPGO_FTPD__BINDINGS__0__PORT: '2121',
      SFTPGO_FTPD__BINDINGS__0__PASSIVE_IP_OVERRIDES__0__NETWORKS: '192.168.0.0/16',
      SFTPGO_FTPD__BINDINGS__0__PASSIVE_IP_OVERRIDES__0__IP: '1.2.3.4',
      SFTPGO_COMMON__RATE_LIMITERS__1__AVERAGE: '100',
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__HTTPS_PROXY_HEADERS__0__KEY: 'X-Forwarded-Proto',
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__HTTPS_PROXY_HEADERS__0__VALUE: 'https',
    },
  });
  const { config } = loaded;
  assert.deepEqual(config.sftpd.bindings, [
    { port: 2222, address: '10.0.0.1', apply_proxy_config: true },
    { port: 2022, address: '127.0.0.1', apply_proxy_config: true },
  ]);
  assert.equal(config.ftpd.bindings[0]!.port, 2121);
  assert.deepEqual(config.ftpd.bindings[0]!.passive_ip_overrides, [
    { networks: ['192.168.0.0/16'], ip: '1.2.3.4' },
  ]);
  assert.equal(config.common.rate_limiters.length, 2);
  assert.equal(config.common.rate_limiters[1]!.average, 100);
  assert.equal(config.common.rate_limiters[1]!.period, 1000, 'the new item has the item defaults');
  assert.deepEqual(config.common.rate_limiters[1]!.protocols, ['SSH', 'FTP', 'DAV', 'HTTP']);
  assert.deepEqual(config.httpd.bindings[0]!.security.https_proxy_headers, [
    { key: 'X-Forwarded-Proto', value: 'https' },
  ]);
  assert.deepEqual(loaded.warnings, []);
});

test('indexes apply in numeric order', async (t) => {
  const dir = await tempDir(t);
  const env: Record<string, string> = {};
  for (let i = 11; i >= 0; i--) env[`SFTPGO_MFA__TOTP__${i}__NAME`] = `totp${i}`;
  const loaded = await loadConfig({ configDir: dir, env });
  assert.deepEqual(
    loaded.config.mfa.totp.map((item) => item.name),
    Array.from({ length: 12 }, (_, i) => `totp${i}`),
  );
});

test('a list item created from variables must set its required keys', async (t) => {
  const dir = await tempDir(t);
  const error = await configError(
    loadConfig({ configDir: dir, env: { SFTPGO_PLUGINS__0__CMD: '/bin/plugin' } }),
  );
  assert.equal(error.code, ConfigErrorCode.MissingValue);
  assert.equal(error.key, 'plugins[0].type');
  assert.equal(error.file, 'SFTPGO_PLUGINS__0__CMD');
});

test('non-configuration SFTPGO_ variables are ignored silently, other names give a warning', async (t) => {
  const dir = await tempDir(t);
  assert.ok(nonConfigEnvNames.includes('SFTPGO_CONFIG_DIR'));
  assert.ok(nonConfigEnvPrefixes.includes('SFTPGO_LOG_'));
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_CONFIG_DIR: '/etc/sftpgo',
      SFTPGO_CONFIG_FILE: 'sftpgo.yaml',
      SFTPGO_LOG_LEVEL: 'debug',
      SFTPGO_LOG_FILE_PATH: '',
      SFTPGO_LOADDATA_FROM: '/tmp/dump.json',
      SFTPGO_DEFAULT_ADMIN_USERNAME: 'admin',
      SFTPGO_DEFAULT_ADMIN_PASSWORD: 'secret',
      SFTPGO_GRACE_TIME: '10',
      SFTPGO_PLUGIN_EVENTSEARCH_DSN: 'x',
      PATH: '/usr/bin',
      HOME: '/root',
      SFTPGO_SFTPD_MAX_AUTH_TRIES: '3',
      SFTPGO_NOPE__KEY: '1',
      SFTPGO_SFTPD__NO_SUCH_KEY: '1',
    },
  });
  assert.deepEqual(
    loaded.warnings.map((w) => [w.code, w.key, w.source]),
    [
      [ConfigWarningCode.UnknownEnv, 'SFTPGO_SFTPD_MAX_AUTH_TRIES', 'SFTPGO_SFTPD_MAX_AUTH_TRIES'],
      [ConfigWarningCode.UnknownEnv, 'SFTPGO_NOPE__KEY', 'SFTPGO_NOPE__KEY'],
      [ConfigWarningCode.UnknownKey, 'sftpd.no_such_key', 'SFTPGO_SFTPD__NO_SUCH_KEY'],
    ],
  );
  assert.equal(loaded.config.sftpd.max_auth_tries, 0);
});

test('a bad value from a variable names the variable, the key and what is allowed', async (t) => {
  const dir = await tempDir(t);
  const error = await configError(
    loadConfig({ configDir: dir, env: { SFTPGO_SFTPD__BINDINGS__0__PORT: '70000' } }),
  );
  assert.equal(error.code, ConfigErrorCode.InvalidValue);
  assert.equal(error.key, 'sftpd.bindings[0].port');
  assert.equal(error.value, 70000);
  assert.equal(error.file, 'SFTPGO_SFTPD__BINDINGS__0__PORT');
  assert.equal(error.allowed, 'an integer between 0 and 65535');
  assert.match(error.message, /environment variable SFTPGO_SFTPD__BINDINGS__0__PORT/);
});

test('an object list cannot be set as one variable', async (t) => {
  const dir = await tempDir(t);
  const error = await configError(loadConfig({ configDir: dir, env: { SFTPGO_SFTPD__BINDINGS: '2022' } }));
  assert.equal(error.code, ConfigErrorCode.InvalidType);
  assert.equal(error.key, 'sftpd.bindings');
});

test('loadConfig reads process.env when no env is given', async (t) => {
  const dir = await tempDir(t);
  // Only this test touches process.env, and it restores it.
  const previous = process.env['SFTPGO_SMTP__PORT'];
  process.env['SFTPGO_SMTP__PORT'] = '2525';
  t.after(() => {
    if (previous === undefined) delete process.env['SFTPGO_SMTP__PORT'];
    else process.env['SFTPGO_SMTP__PORT'] = previous;
  });
  const loaded = await loadConfig({ configDir: dir });
  assert.equal(loaded.config.smtp.port, 2525);
});
