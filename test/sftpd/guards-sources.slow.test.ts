import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v1, v2 } from '../common/proxy-protocol/headers.js';
import { guardedServer, probe } from './guards-helpers.js';

// 10,000 distinct client addresses, given by PROXY headers, against a per-host rate limiter: the
// buckets it keeps stay within entries_hard_limit the whole time.

test('10,000 distinct proxied addresses keep the per-host limiter within entries_hard_limit', async (t) => {
  const h = await guardedServer(t, {
    rate_limiters: [
      {
        average: 10,
        period: 1000,
        burst: 1,
        type: 2,
        protocols: ['SSH'],
        allow_list: [],
        generate_defender_events: false,
        entries_soft_limit: 100,
        entries_hard_limit: 150,
      },
    ],
  });
  const limiter = h.guards().rateLimiters?.limitersOf('SSH')[0];
  assert.ok(limiter);
  const header = (n: number) =>
    n % 2 === 0
      ? v1(`PROXY TCP4 10.${n >> 16}.${(n >> 8) & 255}.${n & 255} 127.0.0.1 1000 22`)
      : v2({ source: [`2001:db8::${n.toString(16)}`, 1000], destination: ['::1', 22] });
  let most = 0;
  let accepted = 0;
  for (let start = 0; start < 10_000; start += 50) {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => probe(h.port, header(start + i))),
    );
    accepted += outcomes.filter((o) => o === 'accepted').length;
    most = Math.max(most, limiter.trackedSources);
  }
  t.diagnostic(`accepted ${accepted}, at most ${most} buckets`);
  // Every address is new, so its first connection finds a full bucket.
  assert.equal(accepted, 10_000);
  assert.ok(most <= 150 && most >= 100, `at most ${most} buckets`);
});
