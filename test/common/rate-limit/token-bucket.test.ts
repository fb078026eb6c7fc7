import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceBuckets, TokenBucket, maxDelayMs } from '../../../src/common/rate-limit/index.js';

// The bucket takes the time as an argument, so these tests drive it with chosen instants.

test('the bucket starts full, then refills at the rate, never above burst', () => {
  const bucket = new TokenBucket(10, 3, 0);
  for (let i = 0; i < 3; i++) assert.deepEqual(bucket.reserve(0, 0), { allowed: true, delayMs: 0 });
  assert.equal(bucket.reserve(0, 0).allowed, false);
  assert.ok(Math.abs(bucket.tokensAt(50) - 0.5) < 1e-9);
  assert.deepEqual(bucket.reserve(100, 0), { allowed: true, delayMs: 0 });
  assert.equal(bucket.tokensAt(100_000), 3);
});

test('a reservation within the maximum delay waits; a longer one takes nothing', () => {
  const bucket = new TokenBucket(10, 1, 0);
  assert.equal(bucket.reserve(0, 50).delayMs, 0);
  const refused = bucket.reserve(0, 50);
  assert.deepEqual(refused, { allowed: false, delayMs: 100 });
  assert.equal(bucket.tokensAt(0), 0);
  const waited = bucket.reserve(60, 50);
  assert.equal(waited.allowed, true);
  assert.ok(Math.abs(waited.delayMs - 40) < 1e-9);
  // That token is promised: the next request waits for the following one.
  assert.ok(Math.abs(bucket.reserve(60, 1000).delayMs - 140) < 1e-9);
});

test('bad rates and bursts are refused', () => {
  assert.throws(() => new TokenBucket(0, 1, 0), RangeError);
  assert.throws(() => new TokenBucket(1, 0, 0), RangeError);
});

test('the maximum delay follows SFTPGo: half an interval, half the period below 1 req/s, at most 10 s', () => {
  assert.equal(maxDelayMs(100, 1000), 5);
  assert.equal(maxDelayMs(10, 1000), 50);
  assert.equal(maxDelayMs(0.5, 2000), 1000);
  assert.equal(maxDelayMs(1 / 60, 60_000), 10_000);
});

test('per-source buckets stay within the hard limit over 10,000 sources, keeping the recent ones', () => {
  const buckets = new SourceBuckets({ ratePerSecond: 1, burst: 1, softLimit: 100, hardLimit: 150 });
  let maxSize = 0;
  for (let i = 0; i < 10_000; i++) {
    buckets.reserve(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, i, 0);
    // A steady client keeps its bucket: it is used between the others.
    if (i % 20 === 0) buckets.reserve('192.0.2.1', i, 1e9);
    maxSize = Math.max(maxSize, buckets.size);
  }
  assert.ok(maxSize <= 150, `max ${maxSize}`);
  assert.ok(buckets.size >= 100);
  assert.ok(buckets.has('192.0.2.1'));
  assert.ok(buckets.has('10.0.39.15'));
  assert.ok(!buckets.has('10.0.0.0'));
  assert.throws(
    () => new SourceBuckets({ ratePerSecond: 1, burst: 1, softLimit: 10, hardLimit: 10 }),
    RangeError,
  );
});

test('a dropped source starts again with a full bucket', () => {
  const buckets = new SourceBuckets({ ratePerSecond: 1, burst: 1, softLimit: 1, hardLimit: 2 });
  assert.equal(buckets.reserve('a', 0, 0).allowed, true);
  assert.equal(buckets.reserve('a', 0, 0).allowed, false);
  buckets.reserve('b', 0, 0);
  buckets.reserve('c', 0, 0);
  assert.ok(!buckets.has('a'));
  assert.equal(buckets.reserve('a', 0, 0).allowed, true);
});
