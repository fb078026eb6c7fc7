import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig, loadConfig } from '../../src/config/index.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

test('the shipped sftpgo.json equals defaultConfig()', async () => {
  const shipped: unknown = JSON.parse(await readFile(join(repoRoot, 'sftpgo.json'), 'utf8'));
  assert.deepEqual(
    shipped,
    defaultConfig(),
    'regenerate it: node -e "import(\'./dist/src/config/index.js\').then(m => console.log(JSON.stringify(m.defaultConfig(), null, 2)))" > sftpgo.json && npx prettier --write sftpgo.json',
  );
});

test('the shipped sftpgo.json keeps the key order of defaultConfig()', async () => {
  const text = await readFile(join(repoRoot, 'sftpgo.json'), 'utf8');
  assert.equal(JSON.stringify(JSON.parse(text)), JSON.stringify(defaultConfig()));
});

test('the package ships sftpgo.json', async () => {
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.includes('sftpgo.json'));
});

test('defaultConfig() returns a new deep copy on each call', () => {
  const first = defaultConfig();
  first.sftpd.bindings[0]!.port = 1;
  first.sftpd.enabled_ssh_commands.push('rsync');
  first.common.defender.login_delay.success = 7;
  const second = defaultConfig();
  assert.equal(second.sftpd.bindings[0]!.port, 2022);
  assert.deepEqual(second.sftpd.enabled_ssh_commands, ['md5sum', 'sha1sum', 'sha256sum', 'cd', 'pwd', 'scp']);
  assert.equal(second.common.defender.login_delay.success, 0);
});

test('defaults follow SFTPGo, with argon2id as the password hashing default', () => {
  const config = defaultConfig();
  assert.deepEqual(Object.keys(config), [
    'common',
    'acme',
    'sftpd',
    'ftpd',
    'webdavd',
    'data_provider',
    'httpd',
    'telemetry',
    'http',
    'command',
    'kms',
    'mfa',
    'smtp',
    'plugins',
  ]);
  assert.equal(config.data_provider.password_hashing.algo, 'argon2id');
  assert.equal(config.data_provider.password_hashing.bcrypt_options.cost, 10);
  assert.deepEqual(config.data_provider.password_hashing.argon2_options, {
    memory: 65536,
    iterations: 1,
    parallelism: 2,
  });
  assert.equal(config.data_provider.driver, 'sqlite');
  assert.equal(config.data_provider.name, 'sftpgo.db');
  assert.equal(config.data_provider.track_quota, 2);
  assert.equal(config.data_provider.naming_rules, 5);
  assert.deepEqual(config.sftpd.bindings, [{ port: 2022, address: '', apply_proxy_config: true }]);
  assert.equal(config.ftpd.bindings[0]!.port, 0);
  assert.equal(config.ftpd.bindings[0]!.min_tls_version, 12);
  assert.deepEqual(config.ftpd.passive_port_range, { start: 50000, end: 50100 });
  assert.equal(config.webdavd.bindings[0]!.port, 0);
  assert.equal(config.httpd.bindings[0]!.port, 8080);
  assert.deepEqual(config.httpd.bindings[0]!.oidc.scopes, ['openid', 'profile', 'email']);
  assert.equal(config.httpd.auth_user_file, '');
  assert.equal(config.common.idle_timeout, 15);
  assert.equal(config.common.max_per_host_connections, 20);
  assert.deepEqual(config.common.rate_limiters[0]!.protocols, ['SSH', 'FTP', 'DAV', 'HTTP']);
  assert.deepEqual(config.mfa.totp, [{ name: 'Default', issuer: 'SFTPGo', algo: 'sha1' }]);
  assert.equal(config.telemetry.bind_address, '127.0.0.1');
  assert.equal(config.smtp.port, 587);
  assert.equal(config.command.timeout, 30);
  assert.deepEqual(config.plugins, []);
});

test('with no file and no variables, loadConfig gives the defaults with paths resolved', async (t) => {
  const dir = await tempDir(t);
  const loaded = await loadConfig({ configDir: dir, env: {} });
  assert.equal(loaded.configFilePath, undefined);
  assert.equal(loaded.configDir, dir);
  assert.deepEqual(loaded.warnings, []);
  const expected = defaultConfig();
  expected.acme.certs_path = join(dir, 'certs');
  expected.data_provider.backups_path = join(dir, 'backups');
  expected.httpd.templates_path = join(dir, 'templates');
  expected.httpd.static_files_path = join(dir, 'static');
  expected.httpd.openapi_path = join(dir, 'openapi');
  expected.smtp.templates_path = join(dir, 'templates');
  assert.deepEqual(loaded.config, expected);
});

test('loading the shipped sftpgo.json gives no warnings', async () => {
  const loaded = await loadConfig({ configDir: repoRoot, env: {} });
  assert.equal(loaded.configFilePath, join(repoRoot, 'sftpgo.json'));
  assert.deepEqual(loaded.warnings, []);
});
