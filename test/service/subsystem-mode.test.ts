import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadedConfig } from '../../src/config/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { addressesFromSshConnection, subsystemConfig } from '../../src/service/subsystem-mode.js';

function loadedWith(driver: string, name: string): LoadedConfig {
  const config = defaultConfig();
  return {
    config: {
      ...config,
      data_provider: { ...config.data_provider, driver: driver as 'sqlite', name },
    },
    configDir: '/etc/sftpgo',
    configFilePath: undefined,
    warnings: [],
  };
}

test('sqlite and bolt providers become an empty memory provider', () => {
  for (const driver of ['sqlite', 'bolt']) {
    const switched = subsystemConfig(loadedWith(driver, 'sftpgo.db'));
    assert.equal(switched.config.data_provider.driver, 'memory');
    assert.equal(switched.config.data_provider.name, '', 'the database file is not a dump');
  }
});

test('memory, postgresql and mysql providers are used as configured', () => {
  for (const [driver, name] of [
    ['memory', 'users.json'],
    ['postgresql', 'sftpgo'],
    ['mysql', 'sftpgo'],
  ] as const) {
    const loaded = loadedWith(driver, name);
    assert.equal(subsystemConfig(loaded), loaded);
  }
});

test('SSH_CONNECTION gives the client and server addresses', () => {
  assert.deepEqual(addressesFromSshConnection('192.0.2.7 50022 198.51.100.1 22'), {
    remoteIp: '192.0.2.7',
    remoteAddress: '192.0.2.7:50022',
    localAddress: '198.51.100.1:22',
  });
  assert.deepEqual(addressesFromSshConnection('2001:db8::1 40000 2001:db8::2 2222'), {
    remoteIp: '2001:db8::1',
    remoteAddress: '[2001:db8::1]:40000',
    localAddress: '[2001:db8::2]:2222',
  });
});

test('a missing or malformed SSH_CONNECTION gives no address', () => {
  const none = { remoteIp: '', remoteAddress: '', localAddress: '' };
  assert.deepEqual(addressesFromSshConnection(undefined), none);
  assert.deepEqual(addressesFromSshConnection(''), none);
  assert.deepEqual(addressesFromSshConnection('not-an-ip 1 2 3'), none);
});
