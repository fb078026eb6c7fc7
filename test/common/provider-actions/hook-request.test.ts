import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerHookEnv, providerHookUrl } from '../../../src/common/provider-actions/hook-request.js';
import type { ProviderEvent } from '../../../src/dataprovider/index.js';

const event: ProviderEvent = {
  action: 'update',
  objectType: 'user',
  objectName: 'alice & bob',
  executor: 'admin',
  ip: '192.0.2.7',
  role: '',
  timestamp: 1633860803249,
  object: { username: 'alice & bob' },
};

test('the URL gets the event in its query string, sorted by name, timestamp in nanoseconds', () => {
  const url = new URL(providerHookUrl('https://hooks.example/notify?token=t0k', event));
  assert.equal(url.origin + url.pathname, 'https://hooks.example/notify');
  assert.deepEqual(
    [...url.searchParams],
    [
      ['action', 'update'],
      ['ip', '192.0.2.7'],
      ['object_name', 'alice & bob'],
      ['object_type', 'user'],
      ['timestamp', '1633860803249000000'],
      ['token', 't0k'],
      ['username', 'admin'],
    ],
  );
});

test('the role is sent only when the executor has one', () => {
  const url = new URL(providerHookUrl('http://127.0.0.1/h', { ...event, role: 'ops' }));
  assert.equal(url.searchParams.get('role'), 'ops');
  assert.equal(new URL(providerHookUrl('http://127.0.0.1/h', event)).searchParams.has('role'), false);
});

test('an invalid URL is refused', () => {
  assert.throws(() => providerHookUrl('http://[bad', event), TypeError);
});

test('a program gets exactly the SFTPGO_PROVIDER_ variables, timestamp in milliseconds', () => {
  assert.deepEqual(providerHookEnv(event, '{"username":"alice & bob"}'), {
    SFTPGO_PROVIDER_ACTION: 'update',
    SFTPGO_PROVIDER_OBJECT_TYPE: 'user',
    SFTPGO_PROVIDER_OBJECT_NAME: 'alice & bob',
    SFTPGO_PROVIDER_USERNAME: 'admin',
    SFTPGO_PROVIDER_IP: '192.0.2.7',
    SFTPGO_PROVIDER_ROLE: '',
    SFTPGO_PROVIDER_TIMESTAMP: '1633860803249',
    SFTPGO_PROVIDER_OBJECT: '{"username":"alice & bob"}',
  });
});
