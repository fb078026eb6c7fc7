import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig, loadConfig } from '../../src/config/index.js';
import type { SftpGoConfig } from '../../src/config/index.js';
import { fixturesDir } from './helpers.js';

const formats = [
  'equivalent.json',
  'equivalent.toml',
  'equivalent.hcl',
  'equivalent.env',
  'equivalent.properties',
];

async function load(configFile: string): Promise<SftpGoConfig> {
  const loaded = await loadConfig({ configDir: fixturesDir, configFile, env: {} });
  assert.deepEqual(loaded.warnings, [], `${configFile} gave warnings`);
  assert.equal(loaded.configFilePath, join(fixturesDir, configFile));
  return loaded.config;
}

test('the YAML fixture sets what it says, over the defaults', async () => {
  const config = await load('equivalent.yaml');
  assert.equal(config.common.idle_timeout, 5);
  assert.equal(config.common.upload_mode, 1);
  assert.deepEqual(config.common.actions, {
    execute_on: ['upload', 'download'],
    execute_sync: [],
    hook: '/usr/local/bin/fs-hook',
  });
  assert.deepEqual(config.common.proxy_allowed, ['10.0.0.0/8', '192.168.1.1']);
  assert.deepEqual(config.common.defender.login_delay, { success: 0, password_failed: 500 });
  assert.equal(config.common.defender.threshold, 15, 'untouched keys keep their default');
  assert.deepEqual(config.sftpd.bindings, [
    { port: 2222, address: '127.0.0.1', apply_proxy_config: true },
    { port: 2223, address: '', apply_proxy_config: false },
  ]);
  assert.deepEqual(config.sftpd.host_keys, [
    join(fixturesDir, 'keys/id_ed25519'),
    '/etc/ssh/ssh_host_rsa_key',
  ]);
  assert.deepEqual(config.sftpd.enabled_ssh_commands, ['md5sum', 'scp']);
  assert.equal(config.sftpd.password_authentication, false);
  assert.equal(config.data_provider.password, 'p@ss word');
  assert.equal(config.data_provider.password_hashing.algo, 'bcrypt');
  assert.equal(config.data_provider.password_hashing.bcrypt_options.cost, 12);
  assert.equal(config.data_provider.password_validation.users.min_entropy, 50.5);
  assert.equal(config.httpd.bindings.length, 1);
  assert.deepEqual(config.httpd.bindings[0]!.oidc.scopes, ['openid', 'email']);
  assert.equal(config.httpd.bindings[0]!.enable_web_client, false);
  assert.equal(config.httpd.bindings[0]!.enable_web_admin, true);
  assert.equal(config.http.timeout, 12.5);
  assert.equal(config.plugins.length, 1);
  assert.deepEqual(config.plugins[0]!.notifier_options.log_events, [1, 2]);
  assert.equal(config.plugins[0]!.auto_mtls, false);
  assert.notDeepEqual(config, defaultConfig());
});

for (const file of formats) {
  test(`${file} gives the same configuration as the YAML file`, async () => {
    assert.deepEqual(await load(file), await load('equivalent.yaml'));
  });
}
