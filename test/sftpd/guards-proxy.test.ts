import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { receiver } from '../helpers/hooks.js';
import { tlv, v1, v2 } from '../common/proxy-protocol/headers.js';
import { loginOver, probe, rawSocket } from './guards-helpers.js';
import { startServer } from './harness.js';
import type { HarnessOptions } from './harness.js';

// Real PROXY v1/v2 headers sent through a raw socket before the SSH handshake, then an ssh2 client
// over that socket. The address the server uses is read back from the connection_failed records,
// the login log line and the post-connect hook (an HTTP hook, which gets the address as `ip`).

async function server(
  t: Parameters<typeof startServer>[0],
  common: HarnessOptions['common'],
  extra: Partial<HarnessOptions> = {},
) {
  const hook = await receiver(t);
  const h = await startServer(t, {
    applyProxyConfig: true,
    proxyHeaderTimeoutMs: 300,
    ...extra,
    common: { max_per_host_connections: 0, post_connect_hook: `${hook.base}/connect`, ...common },
  });
  await h.user({});
  return { ...h, hookIps: () => hook.received.map((r) => r.url.searchParams.get('ip')) };
}

/** Waits for the background records of a refused login to be written. */
async function settle(): Promise<void> {
  await sleep(100);
}

const tcp4 = v1('PROXY TCP4 198.51.100.7 127.0.0.1 40001 22');
const tcp6 = v2({
  source: ['2001:db8::99', 40002],
  destination: ['::1', 22],
  tlvs: [tlv(0x01, Buffer.from('ssh')), tlv(0x05, Buffer.from('unique-id'))],
});

test('mode 1, allowed proxy: the header address is the client everywhere (v1 TCP4, v2 TCP6 with TLVs)', async (t) => {
  const h = await server(t, { proxy_protocol: 1, proxy_allowed: ['127.0.0.1'] });
  assert.equal(await loginOver(t, h.port, tcp4, 'wrong'), false);
  assert.equal(await loginOver(t, h.port, tcp6, 'secret-password'), true);
  await settle();
  const failures = await h.failures();
  assert.ok(
    failures.some((r) => r['client_ip'] === '198.51.100.7' && r['login_type'] === 'password'),
    JSON.stringify(failures),
  );
  assert.ok(!failures.some((r) => r['client_ip'] === '127.0.0.1'));
  assert.match(await h.text(), /logged in from \[2001:db8::99\]:40002/);
  assert.deepEqual(h.hookIps(), ['198.51.100.7', '2001:db8::99']);
});

test('mode 1: no header, UNKNOWN and LOCAL keep the socket address', async (t) => {
  const h = await server(t, { proxy_protocol: 1, proxy_allowed: ['127.0.0.1'] });
  assert.equal(await loginOver(t, h.port, undefined, 'secret-password'), true);
  assert.equal(await loginOver(t, h.port, v1('PROXY UNKNOWN'), 'secret-password'), true);
  assert.equal(
    await loginOver(
      t,
      h.port,
      v2({ command: 'LOCAL', tlvs: [tlv(0x04, Buffer.alloc(0))] }),
      'secret-password',
    ),
    true,
  );
  assert.deepEqual(h.hookIps(), ['127.0.0.1', '127.0.0.1', '127.0.0.1']);
});

test('mode 1, proxy not allowed: the header is read and ignored', async (t) => {
  const h = await server(t, { proxy_protocol: 1, proxy_allowed: ['192.0.2.1'] });
  assert.equal(await loginOver(t, h.port, tcp4, 'wrong'), false);
  assert.equal(await loginOver(t, h.port, tcp6, 'secret-password'), true);
  await settle();
  assert.deepEqual(h.hookIps(), ['127.0.0.1', '127.0.0.1']);
  assert.ok((await h.failures()).every((r) => r['client_ip'] === '127.0.0.1'));
});

test('mode 2: an allowed proxy must send a header; another source is rejected', async (t) => {
  const h = await server(t, { proxy_protocol: 2, proxy_allowed: ['127.0.0.0/8'] });
  assert.equal(await loginOver(t, h.port, tcp4, 'secret-password'), true);
  assert.equal(await probe(h.port), 'refused');
  assert.deepEqual(h.hookIps(), ['198.51.100.7']);
  const other = await server(t, { proxy_protocol: 2, proxy_allowed: ['192.0.2.0/24'] });
  assert.equal(await probe(other.port, tcp4), 'refused');
  assert.equal(await probe(other.port), 'refused');
  assert.deepEqual(other.hookIps(), []);
});

test('mode 2: proxy_skipped sources connect without a header', async (t) => {
  const h = await server(t, { proxy_protocol: 2, proxy_allowed: [], proxy_skipped: ['127.0.0.1'] });
  assert.equal(await loginOver(t, h.port, undefined, 'secret-password'), true);
  assert.deepEqual(h.hookIps(), ['127.0.0.1']);
});

test('truncated, oversized, malformed and slow headers are refused', async (t) => {
  const h = await server(t, { proxy_protocol: 1, proxy_allowed: ['127.0.0.1'] });
  // The probe adds "SSH-2.0-probe" after the partial header: still no CRLF-terminated v1 line
  // that parses, or a v2 block whose length runs past it.
  assert.equal(await probe(h.port, tcp4.subarray(0, 20)), 'refused');
  assert.equal(await probe(h.port, tcp6.subarray(0, 30)), 'refused');
  assert.equal(
    await probe(h.port, v2({ source: ['192.0.2.1', 1], tlvs: [tlv(1, Buffer.alloc(8000))] })),
    'refused',
  );
  assert.equal(await probe(h.port, v1('PROXY TCP4 999.1.1.1 127.0.0.1 1 2')), 'refused');
  assert.equal(await probe(h.port, Buffer.from(`PROXY TCP4 ${'9'.repeat(150)}`)), 'refused');
  // Slow: the header arrives after the 300 ms limit, in two parts.
  const slow = await new Promise<string>((resolve) => {
    import('node:net').then(({ connect }) => {
      const socket = connect(h.port, '127.0.0.1', () => socket.write(tcp4.subarray(0, 10)));
      socket.on('error', () => undefined);
      const timer = setTimeout(() => socket.write(tcp4.subarray(10)), 600);
      socket.once('data', () => resolve('accepted'));
      socket.once('close', () => {
        clearTimeout(timer);
        resolve('refused');
      });
    });
  });
  assert.equal(slow, 'refused');
  assert.deepEqual(h.hookIps(), []);
});

test('a binding with apply_proxy_config false never reads headers', async (t) => {
  const h = await server(t, { proxy_protocol: 1, proxy_allowed: ['127.0.0.1'] }, { applyProxyConfig: false });
  assert.equal(await loginOver(t, h.port, undefined, 'secret-password'), true);
  assert.equal(await loginOver(t, h.port, tcp4, 'secret-password'), false);
  assert.deepEqual(h.hookIps(), ['127.0.0.1', '127.0.0.1']);
});

test('stop closes clients still sending a PROXY header or silent after it', async (t) => {
  const h = await server(
    t,
    { proxy_protocol: 1, proxy_allowed: ['127.0.0.1'] },
    { proxyHeaderTimeoutMs: 60_000 },
  );
  await rawSocket(t, h.port, tcp4.subarray(0, 10));
  await rawSocket(t, h.port, tcp4);
  await sleep(100);
  const started = performance.now();
  await h.server.stop({ graceMs: 0 });
  assert.ok(performance.now() - started < 5000);
});
