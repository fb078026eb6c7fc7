import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigWarningCode, legacyKeys, loadConfig } from '../../src/config/index.js';
import type { ConfigWarning, SftpGoConfig } from '../../src/config/index.js';
import { tempDir } from '../helpers/tmp.js';
import { writeConfig } from './helpers.js';

async function loadJson(dir: string, body: unknown, env: Record<string, string> = {}) {
  const file = await writeConfig(dir, 'sftpgo.json', JSON.stringify(body));
  const loaded = await loadConfig({ configDir: dir, env });
  return { ...loaded, file };
}

function codesByKey(warnings: readonly ConfigWarning[]): Record<string, string> {
  return Object.fromEntries(warnings.map((w) => [w.key, w.code]));
}

interface Case {
  readonly name: string;
  readonly body: unknown;
  readonly check: (config: SftpGoConfig, dir: string) => void;
  /** Warning code expected for each legacy key written. */
  readonly warnings: Record<string, string>;
}

const deprecated = ConfigWarningCode.DeprecatedKey;

const cases: readonly Case[] = [
  {
    name: 'sftpd.bind_port and sftpd.bind_address become the first SFTP binding',
    body: { sftpd: { bind_port: 2200, bind_address: '127.0.0.1' } },
    check: (c) =>
      assert.deepEqual(c.sftpd.bindings, [{ port: 2200, address: '127.0.0.1', apply_proxy_config: true }]),
    warnings: { 'sftpd.bind_port': deprecated, 'sftpd.bind_address': deprecated },
  },
  {
    name: 'sftpd.idle_timeout, upload_mode, setstat_mode, umask move to common',
    body: { sftpd: { idle_timeout: 7, upload_mode: 2, setstat_mode: 1, umask: '0022' } },
    check: (c) => {
      assert.equal(c.common.idle_timeout, 7);
      assert.equal(c.common.upload_mode, 2);
      assert.equal(c.common.setstat_mode, 1);
      assert.equal(c.common.umask, '0022');
    },
    warnings: {
      'sftpd.idle_timeout': deprecated,
      'sftpd.upload_mode': deprecated,
      'sftpd.setstat_mode': deprecated,
      'sftpd.umask': deprecated,
    },
  },
  {
    name: 'sftpd.proxy_protocol and sftpd.proxy_allowed move to common',
    body: { sftpd: { proxy_protocol: 2, proxy_allowed: ['10.1.1.1'] } },
    check: (c) => {
      assert.equal(c.common.proxy_protocol, 2);
      assert.deepEqual(c.common.proxy_allowed, ['10.1.1.1']);
    },
    warnings: { 'sftpd.proxy_protocol': deprecated, 'sftpd.proxy_allowed': deprecated },
  },
  {
    name: 'sftpd.actions moves to common.actions, its command becoming the hook',
    body: { sftpd: { actions: { execute_on: ['upload'], command: '/bin/on-upload' } } },
    check: (c) =>
      assert.deepEqual(c.common.actions, {
        execute_on: ['upload'],
        execute_sync: [],
        hook: '/bin/on-upload',
      }),
    warnings: { 'sftpd.actions.command': deprecated, 'sftpd.actions': deprecated },
  },
  {
    name: 'sftpd.actions.http_notification_url becomes the hook (and wins over command)',
    body: {
      sftpd: { actions: { execute_on: [], command: '/bin/x', http_notification_url: 'http://h/notify' } },
    },
    check: (c) => assert.equal(c.common.actions.hook, 'http://h/notify'),
    warnings: {
      'sftpd.actions.http_notification_url': deprecated,
      'sftpd.actions.command': ConfigWarningCode.DeprecatedKeyIgnored,
      'sftpd.actions': deprecated,
    },
  },
  {
    name: 'data_provider.actions.command and http_notification_url become data_provider.actions.hook',
    body: { data_provider: { actions: { execute_on: ['add'], command: '/bin/provider-hook' } } },
    check: (c) => {
      assert.equal(c.data_provider.actions.hook, '/bin/provider-hook');
      assert.deepEqual(c.data_provider.actions.execute_for, ['user'], '1.x actions concerned users only');
    },
    warnings: { 'data_provider.actions.command': deprecated },
  },
  {
    name: 'a legacy provider hook keeps an execute_for written next to it',
    body: { data_provider: { actions: { execute_for: ['admin'], command: '/bin/provider-hook' } } },
    check: (c) => assert.deepEqual(c.data_provider.actions.execute_for, ['admin']),
    warnings: { 'data_provider.actions.command': deprecated },
  },
  {
    name: 'sftpd.keys (private_key objects) become sftpd.host_keys',
    body: { sftpd: { keys: [{ private_key: 'id_rsa' }, { private_key: '/etc/keys/id_ecdsa' }] } },
    check: (c, dir) => assert.deepEqual(c.sftpd.host_keys, [join(dir, 'id_rsa'), '/etc/keys/id_ecdsa']),
    warnings: { 'sftpd.keys': deprecated },
  },
  {
    name: 'sftpd.enable_scp true adds scp to the enabled SSH commands',
    body: { sftpd: { enable_scp: true, enabled_ssh_commands: ['md5sum', 'cd'] } },
    check: (c) => assert.deepEqual(c.sftpd.enabled_ssh_commands, ['md5sum', 'cd', 'scp']),
    warnings: { 'sftpd.enable_scp': deprecated },
  },
  {
    name: 'sftpd.enable_scp false removes scp from the default list',
    body: { sftpd: { enable_scp: false } },
    check: (c) =>
      assert.deepEqual(c.sftpd.enabled_ssh_commands, ['md5sum', 'sha1sum', 'sha256sum', 'cd', 'pwd']),
    warnings: { 'sftpd.enable_scp': deprecated },
  },
  {
    name: 'sftpd.keyboard_interactive_auth_program becomes keyboard_interactive_auth_hook',
    body: { sftpd: { keyboard_interactive_auth_program: '/bin/kbdint' } },
    check: (c) => assert.equal(c.sftpd.keyboard_interactive_auth_hook, '/bin/kbdint'),
    warnings: { 'sftpd.keyboard_interactive_auth_program': deprecated },
  },
  {
    name: 'sftpd.banner "short" becomes common.server_version',
    body: { sftpd: { banner: 'short' } },
    check: (c) => assert.equal(c.common.server_version, 'short'),
    warnings: { 'sftpd.banner': deprecated },
  },
  {
    name: 'a custom sftpd.banner is obsolete',
    body: { sftpd: { banner: 'My server' } },
    check: (c) => assert.equal(c.common.server_version, ''),
    warnings: { 'sftpd.banner': ConfigWarningCode.ObsoleteKey },
  },
  {
    name: 'data_provider external_auth_program, pre_login_program and connectionstring are renamed',
    body: {
      data_provider: {
        external_auth_program: '/bin/auth',
        pre_login_program: '/bin/prelogin',
        connectionstring: 'host=db',
      },
    },
    check: (c) => {
      assert.equal(c.data_provider.external_auth_hook, '/bin/auth');
      assert.equal(c.data_provider.pre_login_hook, '/bin/prelogin');
      assert.equal(c.data_provider.connection_string, 'host=db');
    },
    warnings: {
      'data_provider.external_auth_program': deprecated,
      'data_provider.pre_login_program': deprecated,
      'data_provider.connectionstring': deprecated,
    },
  },
  {
    name: 'httpd.bind_port/bind_address become the first HTTP binding, HTTPS on with the certificates',
    body: {
      httpd: {
        bind_port: 8443,
        bind_address: '127.0.0.1',
        certificate_file: 'cert.pem',
        certificate_key_file: 'key.pem',
        auth_user_file: 'users.htpasswd',
      },
    },
    check: (c, dir) => {
      assert.equal(c.httpd.bindings.length, 1);
      assert.equal(c.httpd.bindings[0]!.port, 8443);
      assert.equal(c.httpd.bindings[0]!.address, '127.0.0.1');
      assert.equal(c.httpd.bindings[0]!.enable_https, true);
      assert.equal(c.httpd.certificate_file, join(dir, 'cert.pem'));
      assert.equal(c.httpd.certificate_key_file, join(dir, 'key.pem'));
      assert.equal(c.httpd.auth_user_file, join(dir, 'users.htpasswd'), 'auth_user_file is a supported key');
    },
    warnings: { 'httpd.bind_port': deprecated, 'httpd.bind_address': deprecated },
  },
  {
    name: 'httpd.backups_path moves to data_provider.backups_path',
    body: { httpd: { backups_path: '/var/backups/sftpgo' } },
    check: (c) => assert.equal(c.data_provider.backups_path, '/var/backups/sftpgo'),
    warnings: { 'httpd.backups_path': deprecated },
  },
  {
    name: 'ftpd bind_port, bind_address, tls_mode and force_passive_ip become the first FTP binding',
    body: { ftpd: { bind_port: 2121, bind_address: '0.0.0.0', tls_mode: 1, force_passive_ip: '1.2.3.4' } },
    check: (c) => {
      const binding = c.ftpd.bindings[0]!;
      assert.deepEqual(
        [binding.port, binding.address, binding.tls_mode, binding.force_passive_ip],
        [2121, '0.0.0.0', 1, '1.2.3.4'],
      );
    },
    warnings: {
      'ftpd.bind_port': deprecated,
      'ftpd.bind_address': deprecated,
      'ftpd.tls_mode': deprecated,
      'ftpd.force_passive_ip': deprecated,
    },
  },
  {
    name: 'webdavd.bind_port becomes the first WebDAV binding',
    body: { webdavd: { bind_port: 8090 } },
    check: (c) => assert.equal(c.webdavd.bindings[0]!.port, 8090),
    warnings: { 'webdavd.bind_port': deprecated },
  },
  {
    name: 'data_provider.actions.http_notification_url becomes data_provider.actions.hook',
    body: { data_provider: { actions: { http_notification_url: 'http://h/provider' } } },
    check: (c) => assert.equal(c.data_provider.actions.hook, 'http://h/provider'),
    warnings: { 'data_provider.actions.http_notification_url': deprecated },
  },
  {
    name: 'keys SFTPGo dropped are ignored with a warning',
    body: {
      common: {
        whitelist_file: 'w',
        data_retention_hook: 'h',
        temp_path: '/tmp',
        defender: { safelist_file: 's', blocklist_file: 'b', safelist: [], blocklist: [] },
      },
      sftpd: { moduli: [], folder_prefix: '/files' },
      ftpd: { banner: 'hello' },
      data_provider: {
        manage_users: 1,
        users_table: 'users',
        credentials_path: 'credentials',
        prefer_database_credentials: true,
        skip_natural_keys_validation: true,
        auto_backup: { enabled: true },
      },
    },
    check: (c) => assert.equal(c.data_provider.sql_tables_prefix, ''),
    warnings: Object.fromEntries(
      [
        'common.whitelist_file',
        'common.data_retention_hook',
        'common.temp_path',
        'common.defender.safelist_file',
        'common.defender.blocklist_file',
        'common.defender.safelist',
        'common.defender.blocklist',
        'sftpd.moduli',
        'sftpd.folder_prefix',
        'ftpd.banner',
        'data_provider.manage_users',
        'data_provider.users_table',
        'data_provider.credentials_path',
        'data_provider.prefer_database_credentials',
        'data_provider.skip_natural_keys_validation',
        'data_provider.auto_backup',
      ].map((key) => [key, ConfigWarningCode.ObsoleteKey]),
    ),
  },
];

for (const c of cases) {
  test(`legacy: ${c.name}`, async (t) => {
    const dir = await tempDir(t);
    const { config, warnings, file } = await loadJson(dir, c.body);
    c.check(config, dir);
    assert.deepEqual(codesByKey(warnings), c.warnings);
    for (const warning of warnings) {
      assert.equal(warning.source, file);
      assert.ok(warning.message.includes(warning.key!), warning.message);
    }
  });
}

test('every legacy key is covered by a test case', () => {
  const covered = new Set(cases.flatMap((c) => Object.keys(c.warnings)));
  assert.deepEqual(
    legacyKeys.filter((key) => !covered.has(key)),
    [],
  );
});

test('legacy: a whole SFTPGo 0.9.x file loads', async (t) => {
  const dir = await tempDir(t);
  const { config, warnings } = await loadJson(dir, {
    sftpd: {
      bind_port: 2022,
      bind_address: '',
      idle_timeout: 15,
      max_auth_tries: 0,
      umask: '0022',
      banner: '',
      upload_mode: 0,
      actions: { execute_on: [], command: '', http_notification_url: '' },
      keys: [],
      enable_scp: false,
      kex_algorithms: [],
      ciphers: [],
      macs: [],
      login_banner_file: '',
      setstat_mode: 0,
      enabled_ssh_commands: ['md5sum', 'sha1sum', 'cd', 'pwd'],
      keyboard_interactive_auth_program: '',
      proxy_protocol: 0,
      proxy_allowed: [],
    },
    data_provider: {
      driver: 'sqlite',
      name: 'sftpgo.db',
      host: '',
      port: 5432,
      username: '',
      password: '',
      sslmode: 0,
      connection_string: '',
      users_table: 'users',
      manage_users: 1,
      track_quota: 2,
      pool_size: 0,
      users_base_dir: '',
      actions: { execute_on: [], command: '', http_notification_url: '' },
      external_auth_program: '',
      external_auth_scope: 0,
      credentials_path: 'credentials',
      pre_login_program: '',
    },
    httpd: {
      bind_port: 8080,
      bind_address: '127.0.0.1',
      templates_path: 'templates',
      static_files_path: 'static',
      backups_path: 'backups',
      auth_user_file: '',
      certificate_file: '',
      certificate_key_file: '',
    },
  });
  assert.deepEqual(config.sftpd.bindings, [{ port: 2022, address: '', apply_proxy_config: true }]);
  assert.deepEqual(config.sftpd.enabled_ssh_commands, ['md5sum', 'sha1sum', 'cd', 'pwd']);
  assert.equal(config.common.umask, '0022');
  assert.equal(config.httpd.bindings[0]!.address, '127.0.0.1');
  assert.equal(config.httpd.bindings[0]!.enable_https, false);
  assert.equal(config.data_provider.backups_path, join(dir, 'backups'));
  assert.ok(warnings.length > 10);
  assert.ok(
    warnings.every((w) => w.code !== ConfigWarningCode.UnknownKey),
    JSON.stringify(warnings),
  );
});

test('legacy: when the old and the new key are both set, the new one wins', async (t) => {
  const dir = await tempDir(t);
  const { config, warnings } = await loadJson(dir, {
    common: { idle_timeout: 10 },
    sftpd: {
      idle_timeout: 99,
      bind_port: 3000,
      bindings: [{ port: 4000 }],
      keys: [{ private_key: 'old' }],
      host_keys: ['new'],
    },
  });
  assert.equal(config.common.idle_timeout, 10);
  assert.equal(config.sftpd.bindings[0]!.port, 4000);
  assert.deepEqual(config.sftpd.host_keys, [join(dir, 'new')]);
  assert.deepEqual(codesByKey(warnings), {
    'sftpd.idle_timeout': ConfigWarningCode.DeprecatedKeyIgnored,
    'sftpd.bind_port': ConfigWarningCode.DeprecatedKeyIgnored,
    'sftpd.keys': ConfigWarningCode.DeprecatedKeyIgnored,
  });
});

test('legacy: old keys work as environment variables, and a new variable wins over an old one', async (t) => {
  const dir = await tempDir(t);
  const { config, warnings } = await loadJson(
    dir,
    { sftpd: { bindings: [{ port: 2022 }] } },
    {
      SFTPGO_SFTPD__BIND_PORT: '2300',
      SFTPGO_SFTPD__ACTIONS__EXECUTE_ON: 'upload,download',
      SFTPGO_SFTPD__IDLE_TIMEOUT: '3',
      SFTPGO_COMMON__IDLE_TIMEOUT: '4',
      SFTPGO_SFTPD__KEYS__0__PRIVATE_KEY: '/k/id_rsa',
    },
  );
  assert.equal(config.sftpd.bindings[0]!.port, 2300, 'an old variable beats the file');
  assert.deepEqual(config.common.actions.execute_on, ['upload', 'download']);
  assert.equal(config.common.idle_timeout, 4);
  assert.deepEqual(config.sftpd.host_keys, ['/k/id_rsa']);
  const bindPort = warnings.find((w) => w.key === 'sftpd.bind_port');
  assert.equal(bindPort?.code, ConfigWarningCode.DeprecatedKey);
  assert.equal(bindPort?.source, 'SFTPGO_SFTPD__BIND_PORT');
});
