import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientIpResolver } from '../../src/httpd/client-ip.js';

const binding = (over: Partial<ConstructorParameters<typeof ClientIpResolver>[0]> = {}) => ({
  proxy_allowed: ['10.0.0.1', '192.168.0.0/16'],
  client_ip_proxy_header: 'X-Forwarded-For',
  client_ip_header_depth: 0,
  ...over,
});

test('the proxy header is used only from trusted peers', () => {
  const r = new ClientIpResolver(binding());
  const headers = { 'x-forwarded-for': '203.0.113.7' };
  assert.equal(r.resolve('10.0.0.1', headers), '203.0.113.7');
  assert.equal(
    r.resolve('::ffff:192.168.4.4', headers),
    '203.0.113.7',
    'IPv4-mapped peers match IPv4 networks',
  );
  assert.equal(r.resolve('10.0.0.2', headers), '10.0.0.2', 'untrusted peer');
  assert.equal(r.resolve('10.0.0.1', {}), '10.0.0.1', 'no header');
  assert.equal(r.resolve('10.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), '10.0.0.1', 'garbage');
});

test('depth counts from the right of a forwarded chain, across repeated headers', () => {
  const headers = { 'x-forwarded-for': ['198.51.100.1, 198.51.100.2', '198.51.100.3'] } as unknown as Record<
    string,
    string
  >;
  assert.equal(new ClientIpResolver(binding()).resolve('10.0.0.1', headers), '198.51.100.3');
  assert.equal(
    new ClientIpResolver(binding({ client_ip_header_depth: 2 })).resolve('10.0.0.1', headers),
    '198.51.100.1',
  );
  assert.equal(
    new ClientIpResolver(binding({ client_ip_header_depth: 5 })).resolve('10.0.0.1', headers),
    '10.0.0.1',
  );
});

test('without proxy_allowed nobody is trusted', () => {
  const r = new ClientIpResolver(binding({ proxy_allowed: [] }));
  assert.equal(r.trusts('10.0.0.1'), false);
  assert.equal(r.resolve('10.0.0.1', { 'x-forwarded-for': '203.0.113.7' }), '10.0.0.1');
});
