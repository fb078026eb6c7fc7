// HTTP requests through the rate limiters and connection limits, as SFTPGo limits its HTTP server:
// a per-address limiter of one request per second answers 429 with Retry-After to a client that
// asks again at once; other addresses and the rate limiters' safe list (managed through the API)
// are not limited; requests in progress count against max_per_host_connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, assertError } from './harness.js';
import { DEFENDER_ENV, hostId, httpFrom, startGuardedApi } from './guards-harness.js';

const PER_ADDRESS_LIMIT_ENV = {
  SFTPGO_COMMON__RATE_LIMITERS__0__AVERAGE: '1',
  SFTPGO_COMMON__RATE_LIMITERS__0__PERIOD: '1000',
  SFTPGO_COMMON__RATE_LIMITERS__0__BURST: '1',
  SFTPGO_COMMON__RATE_LIMITERS__0__TYPE: '2',
  SFTPGO_COMMON__RATE_LIMITERS__0__PROTOCOLS: 'HTTP',
  SFTPGO_COMMON__RATE_LIMITERS__0__GENERATE_DEFENDER_EVENTS: 'true',
};

test('a client over its HTTP rate limit gets 429 with Retry-After; the safe list lifts the limit', async (t) => {
  // The admin's own requests come from loopback: safe-listed so the test is not limited itself.
  const api = await startGuardedApi(
    t,
    { ...PER_ADDRESS_LIMIT_ENV, ...DEFENDER_ENV },
    {
      seed: async (runtime) => {
        await runtime.provider.ipLists.add(
          { ipornet: '127.0.0.1', type: 3, mode: 1 },
          { executor: 'test', ip: '127.0.0.1' },
        );
      },
    },
  );
  const token = api.adminToken;
  const client = '198.51.100.40';
  assert.equal((await api.request('GET', '/healthz', httpFrom(client))).status, 200);
  const limited = await api.request('GET', '/healthz', httpFrom(client));
  assertError(limited, 429);
  assert.equal(limited.headers.get('retry-after'), '1');
  assert.match(limited.headers.get('x-retry-in') ?? '', /^\d+(\.\d+)?m?s$/);
  // API routes are limited the same way.
  assertError(await api.request('GET', '/api/v2/version', { ...httpFrom(client), token }), 429);
  // With generate_defender_events, each refusal scores score_limit_exceeded (3).
  const host = await api.request('GET', `/api/v2/defender/hosts/${hostId(client)}`, { token });
  assert.equal(host.json.score, 6, host.text);
  // Another address has its own bucket.
  assert.equal((await api.request('GET', '/healthz', httpFrom('198.51.100.41'))).status, 200);

  const safe = await api.request('POST', '/api/v2/iplists/3', { token, body: { ipornet: client } });
  assert.equal(safe.status, 201, safe.text);
  for (let i = 0; i < 5; i++)
    assert.equal((await api.request('GET', '/healthz', httpFrom(client))).status, 200);
});

test('HTTP requests count against max_per_host_connections while they run', async (t) => {
  const api = await startGuardedApi(t, { SFTPGO_COMMON__MAX_PER_HOST_CONNECTIONS: '1', ...DEFENDER_ENV });
  const token = api.adminToken;
  const client = '198.51.100.70';
  const issued = await api.request('GET', '/api/v2/token', { ...httpFrom(client), basic: ADMIN });
  assert.equal(issued.status, 200, issued.text);
  // An authenticated request whose body never comes stays in progress: the address has one connection.
  const pending = await new Promise<Socket>((resolve, reject) => {
    const socket = connect(Number(new URL(api.baseUrl).port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
  t.after(() => pending.destroy());
  pending.write(
    `POST /api/v2/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: ${client}\r\n` +
      `Authorization: Bearer ${issued.json.access_token as string}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
  );
  await sleep(100);
  assertError(await api.request('GET', '/healthz', httpFrom(client)), 403, 'active connections');
  // Going over the limit scores score_limit_exceeded (3).
  const host = await api.request('GET', `/api/v2/defender/hosts/${hostId(client)}`, { token });
  assert.equal(host.json.score, 3, host.text);
  pending.destroy();
  await sleep(100);
  assert.equal((await api.request('GET', '/healthz', httpFrom(client))).status, 200);
});
