import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryIPLists } from '../../../src/common/guards/index.js';
import { RateLimitedError, RateLimiter, RateLimiters } from '../../../src/common/rate-limit/index.js';
import type { RateLimiterConfig } from '../../../src/common/rate-limit/index.js';
import type { Protocol } from '../../../src/dataprovider/index.js';

// A settable clock drives the limiters; the waits they ask for are real (a few ms each).

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function entry(over: Partial<RateLimiterConfig>): RateLimiterConfig {
  return {
    average: 10,
    period: 1000,
    burst: 1,
    type: 2,
    protocols: ['SSH', 'FTP', 'DAV', 'HTTP'],
    allow_list: [],
    generate_defender_events: false,
    entries_soft_limit: 100,
    entries_hard_limit: 150,
    ...over,
  };
}

async function refused(p: Promise<void>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (err) {
    assert.ok(err instanceof RateLimitedError);
    return true;
  }
}

test('a per-source limiter limits each address on its own', () => {
  const c = clock();
  const limiter = new RateLimiter(entry({}), c.now);
  assert.equal(limiter.reserve('192.0.2.1').allowed, true);
  assert.equal(limiter.reserve('192.0.2.1').allowed, false);
  assert.equal(limiter.reserve('192.0.2.2').allowed, true);
  c.advance(100);
  assert.equal(limiter.reserve('192.0.2.1').allowed, true);
  assert.equal(limiter.trackedSources, 2);
});

test('a global limiter shares one bucket', () => {
  const c = clock();
  const limiter = new RateLimiter(entry({ type: 1, burst: 2 }), c.now);
  assert.equal(limiter.reserve('192.0.2.1').allowed, true);
  assert.equal(limiter.reserve('192.0.2.2').allowed, true);
  assert.equal(limiter.reserve('192.0.2.3').allowed, false);
  assert.equal(limiter.trackedSources, 0);
});

test('allow_list addresses and networks, IPv4 and IPv6, are never limited', () => {
  const c = clock();
  const limiter = new RateLimiter(
    entry({ allow_list: ['192.0.2.1', '192.168.1.0/24', '2001:db8::68', '2001:db8:1234::/48'] }),
    c.now,
  );
  for (const ip of [
    '192.0.2.1',
    '192.168.1.77',
    '::ffff:192.168.1.77',
    '2001:db8::68',
    '2001:db8:1234:5::9',
  ]) {
    for (let i = 0; i < 5; i++) assert.equal(limiter.reserve(ip).allowed, true, ip);
  }
  assert.equal(limiter.reserve('192.0.2.2').allowed, true);
  assert.equal(limiter.reserve('192.0.2.2').allowed, false);
  assert.equal(limiter.trackedSources, 1);
});

test('invalid entries are refused as SFTPGo refuses them', () => {
  assert.throws(() => new RateLimiter(entry({ period: 50 })), RangeError);
  assert.throws(() => new RateLimiter(entry({ burst: 0 })), RangeError);
  assert.throws(() => new RateLimiter(entry({ entries_hard_limit: 100 })), RangeError);
  assert.throws(() => new RateLimiter(entry({ allow_list: ['not an address'] })));
  // A global limiter ignores the entries limits.
  assert.doesNotThrow(() => new RateLimiter(entry({ type: 1, entries_hard_limit: 0 })));
});

test('limiters apply per protocol, in order; disabled entries are left out', async () => {
  const c = clock();
  const limiters = new RateLimiters(
    [
      entry({ type: 1, average: 100, protocols: ['SSH', 'FTP', 'DAV', 'HTTP'] }),
      entry({ type: 2, average: 10, protocols: ['FTP'] }),
      entry({ average: 0, protocols: ['DAV'] }),
      entry({ protocols: [] }),
    ],
    { now: c.now },
  );
  assert.equal(limiters.limitersOf('SSH').length, 1);
  assert.equal(limiters.limitersOf('FTP').length, 2);
  assert.equal(limiters.limitersOf('DAV').length, 1);
  await limiters.limit('FTP', '192.0.2.1');
  c.advance(10);
  // The global bucket has a token again; the per-host one does not. As in SFTPGo, the global token
  // the refused request took stays taken.
  assert.equal(await refused(limiters.limit('FTP', '192.0.2.1')), true);
  assert.equal(await refused(limiters.limit('SSH', '192.0.2.1')), true);
  c.advance(10);
  assert.equal(await refused(limiters.limit('SSH', '192.0.2.1')), false);
});

test('the rate limiters safe list skips every limiter; defender events only from per-source limiters that ask', async () => {
  const c = clock();
  const events: [string, Protocol][] = [];
  const limiters = new RateLimiters(
    [
      entry({ type: 1, protocols: ['HTTP'] }),
      entry({ type: 2, protocols: ['SSH'], generate_defender_events: true }),
    ],
    {
      now: c.now,
      ipLists: new MemoryIPLists([{ ipornet: '198.51.100.0/24', type: 3, mode: 1, protocols: 0 }]),
      onLimitExceeded: async (ip, protocol) => {
        events.push([ip, protocol]);
      },
    },
  );
  for (let i = 0; i < 5; i++) await limiters.limit('SSH', '198.51.100.4');
  await limiters.limit('SSH', '::ffff:192.0.2.9');
  assert.equal(await refused(limiters.limit('SSH', '192.0.2.9')), true);
  await limiters.limit('HTTP', '192.0.2.9');
  assert.equal(await refused(limiters.limit('HTTP', '192.0.2.9')), true);
  assert.deepEqual(events, [['192.0.2.9', 'SSH']]);
});

test('a request inside the maximum delay waits for its token', async () => {
  // 100 req/s, burst 1: the second request right away needs 10 ms, above the 5 ms maximum; 6 ms
  // later it needs 4 ms and waits them.
  const c = clock();
  const limiters = new RateLimiters([entry({ type: 1, average: 100 })], { now: c.now });
  await limiters.limit('SSH', '192.0.2.1');
  assert.equal(await refused(limiters.limit('SSH', '192.0.2.1')), true);
  c.advance(6);
  const started = performance.now();
  await limiters.limit('SSH', '192.0.2.1');
  assert.ok(performance.now() - started >= 3);
});
