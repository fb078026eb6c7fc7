import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig, resolveConfigPath } from '../../src/config/index.js';
import { tempDir } from '../helpers/tmp.js';
import { writeConfig } from './helpers.js';

test('resolveConfigPath keeps absolute and empty paths, joins relative ones', () => {
  assert.equal(resolveConfigPath('/etc/sftpgo', '/var/lib/key'), '/var/lib/key');
  assert.equal(resolveConfigPath('/etc/sftpgo', ''), '');
  assert.equal(resolveConfigPath('/etc/sftpgo', 'id_rsa'), '/etc/sftpgo/id_rsa');
  assert.equal(resolveConfigPath('/etc/sftpgo', 'certs/../tls/c.pem'), '/etc/sftpgo/tls/c.pem');
});

test('path keys are resolved against the config dir at load time, other keys are not', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(
    dir,
    'sftpgo.json',
    JSON.stringify({
      sftpd: {
        host_keys: ['id_ed25519', '/abs/id_rsa'],
        login_banner_file: 'banner.txt',
        trusted_user_ca_keys: ['ca.pub'],
        keyboard_interactive_auth_hook: 'relative-hook',
      },
      ftpd: { bindings: [{ port: 21, certificate_file: 'ftp.crt', certificate_key_file: '' }] },
      data_provider: {
        name: 'users.db',
        password_file: 'db.pass',
        backups_path: 'bk',
        users_base_dir: 'homes',
      },
      httpd: {
        bindings: [{ branding: { web_admin: { logo_path: '/img/logo.png' } } }],
        static_files_path: '',
      },
      http: { certificates: [{ cert: 'client.crt', key: '/k/client.key' }] },
      kms: { secrets: { master_key_path: 'master.key' } },
    }),
  );
  const { config } = await loadConfig({ configDir: dir, env: {} });
  assert.deepEqual(config.sftpd.host_keys, [join(dir, 'id_ed25519'), '/abs/id_rsa']);
  assert.equal(config.sftpd.login_banner_file, join(dir, 'banner.txt'));
  assert.deepEqual(config.sftpd.trusted_user_ca_keys, [join(dir, 'ca.pub')]);
  assert.equal(config.sftpd.keyboard_interactive_auth_hook, 'relative-hook');
  assert.equal(config.ftpd.bindings[0]!.certificate_file, join(dir, 'ftp.crt'));
  assert.equal(config.ftpd.bindings[0]!.certificate_key_file, '');
  assert.equal(config.data_provider.name, 'users.db', 'its meaning depends on the driver');
  assert.equal(config.data_provider.users_base_dir, 'homes');
  assert.equal(config.data_provider.password_file, join(dir, 'db.pass'));
  assert.equal(config.data_provider.backups_path, join(dir, 'bk'));
  assert.equal(config.httpd.templates_path, join(dir, 'templates'));
  assert.equal(config.httpd.static_files_path, '');
  assert.equal(config.httpd.bindings[0]!.branding.web_admin.logo_path, '/img/logo.png');
  assert.deepEqual(config.http.certificates, [{ cert: join(dir, 'client.crt'), key: '/k/client.key' }]);
  assert.equal(config.kms.secrets.master_key_path, join(dir, 'master.key'));
  assert.equal(config.acme.certs_path, join(dir, 'certs'));
});
