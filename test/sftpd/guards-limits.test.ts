import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryIPLists } from '../../src/common/guards/index.js';
import type { CommonConfig } from '../../src/config/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { v1, v2 } from '../common/proxy-protocol/headers.js';
import { guardedServer, loginOver, probe } from './guards-helpers.js';

// Per-host rate limits, the global allow list and the rate limiters' safe list through the real
// SSH server, with client addresses given by PROXY headers.

type RateLimiterEntry = CommonConfig['rate_limiters'][number];

const perHost = (over: Partial<RateLimiterEntry> = {}): RateLimiterEntry => ({
  average: 1,
  period: 10_000,
  burst: 1,
  type: 2,
  protocols: ['SSH'],
  allow_list: [],
  generate_defender_events: false,
  entries_soft_limit: 50,
  entries_hard_limit: 100,
  ...over,
});

const from = (ip: string) =>
  ip.includes(':')
    ? v2({ source: [ip, 1000], destination: ['::1', 22] })
    : v1(`PROXY TCP4 ${ip} 127.0.0.1 1000 22`);

test('per-host limiter: 600 distinct proxied addresses keep at most entries_hard_limit buckets', async (t) => {
  const h = await guardedServer(t, { rate_limiters: [perHost()] });
  const limiter = h.guards().rateLimiters?.limitersOf('SSH')[0];
  assert.ok(limiter);
  let most = 0;
  for (let i = 0; i < 600; i += 20) {
    const batch = Array.from({ length: 20 }, (_, j) => i + j);
    const outcomes = await Promise.all(
      batch.map((n) =>
        probe(h.port, from(n % 2 ? `10.9.${n >> 8}.${n & 255}` : `2001:db8::${n.toString(16)}`)),
      ),
    );
    // Each address is new: its bucket is full, so every first connection is taken.
    assert.ok(
      outcomes.every((o) => o === 'accepted'),
      outcomes.join(),
    );
    most = Math.max(most, limiter.trackedSources);
  }
  assert.ok(most <= 100 && most >= 50, `most ${most}`);
  // The latest address still has its (empty) bucket; the first one was dropped and starts again.
  assert.equal(await probe(h.port, from(`10.9.2.87`)), 'refused');
  assert.equal(await probe(h.port, from('2001:db8::0')), 'accepted');
});

test('a per-host limit exceeded with generate_defender_events feeds the defender until the ban', async (t) => {
  const h = await guardedServer(t, {
    rate_limiters: [perHost({ generate_defender_events: true })],
    defender: { ...defaultConfig().common.defender, enabled: true, threshold: 9, score_limit_exceeded: 3 },
  });
  assert.equal(await probe(h.port, from('192.0.2.77')), 'accepted');
  for (let i = 0; i < 3; i++) assert.equal(await probe(h.port, from('192.0.2.77')), 'refused');
  await sleep(50);
  const host = await h.guards().defender?.getHost('192.0.2.77');
  assert.ok(host && host.banTime > Date.now(), JSON.stringify(host));
});

test('limiter allow_list and the rate limiter safe list are never limited', async (t) => {
  const lists = new MemoryIPLists([{ ipornet: '2001:db8:5::/48', type: 3, mode: 1, protocols: 1 }]);
  const h = await guardedServer(t, { rate_limiters: [perHost({ allow_list: ['192.0.2.0/28'] })] }, lists);
  for (let i = 0; i < 5; i++) {
    assert.equal(await probe(h.port, from('192.0.2.5')), 'accepted');
    assert.equal(await probe(h.port, from('2001:db8:5::9')), 'accepted');
  }
  assert.equal(await probe(h.port, from('192.0.2.17')), 'accepted');
  assert.equal(await probe(h.port, from('192.0.2.17')), 'refused');
});

test('allowlist_status 1: only addresses in the allow list connect', async (t) => {
  const lists = new MemoryIPLists([
    { ipornet: '198.51.100.0/24', type: 1, mode: 1, protocols: 0 },
    { ipornet: '2001:db8::/32', type: 1, mode: 1, protocols: 2 },
  ]);
  const h = await guardedServer(t, { allowlist_status: 1 }, lists);
  assert.equal(await loginOver(t, h.port, from('198.51.100.5'), 'secret-password'), true);
  assert.equal(await probe(h.port, from('192.0.2.5')), 'refused');
  // The IPv6 entry is for FTP only.
  assert.equal(await probe(h.port, from('2001:db8::5')), 'refused');
  await sleep(50);
  const failures = await h.failures();
  assert.ok(
    failures.some((r) => r['client_ip'] === '192.0.2.5' && String(r['error']).includes('allow list')),
  );
  const open = await guardedServer(t, { allowlist_status: 0 }, lists);
  assert.equal(await probe(open.port, from('192.0.2.5')), 'accepted');
});
