import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type { CommonConfig } from '../../src/config/index.js';
import { v1 } from '../common/proxy-protocol/headers.js';
import { guardedServer } from './guards-helpers.js';

// The example of the rate limiting documentation, measured over loopback: clients open SSH
// connections as fast as they can for a few seconds, and the connections the server takes (it
// sends its identification) are counted. The FTP server does not exist yet, so the per-host
// limiter of the example is also run on SSH to measure it. The bucket holds the upper bound on any
// machine; the clients offer many times the rate so that a loaded machine still reaches it.

type RateLimiterEntry = CommonConfig['rate_limiters'][number];

const globalLimiter: RateLimiterEntry = {
  average: 100,
  period: 1000,
  burst: 1,
  type: 1,
  protocols: ['SSH', 'FTP', 'DAV', 'HTTP'],
  allow_list: [],
  generate_defender_events: false,
  entries_soft_limit: 100,
  entries_hard_limit: 150,
};

const perHostLimiter = (protocols: RateLimiterEntry['protocols']): RateLimiterEntry => ({
  average: 10,
  period: 1000,
  burst: 1,
  type: 2,
  protocols,
  allow_list: [],
  generate_defender_events: true,
  entries_soft_limit: 100,
  entries_hard_limit: 150,
});

const WINDOW_MS = 3000;

/**
 * Runs `workers` loops of probes for the window in a worker thread; counts the outcomes of the
 * probes started inside it.
 */
function hammer(
  port: number,
  workers: number,
  header?: Buffer,
): Promise<{ accepted: number; refused: number }> {
  const worker = new Worker(new URL('./guards-rate-worker.js', import.meta.url), {
    workerData: { port, workers, windowMs: WINDOW_MS, ...(header ? { header: new Uint8Array(header) } : {}) },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (counts: { accepted: number; refused: number }) => {
      resolve(counts);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * Time the server's event loop was stalled during `fn`: the sum of the gaps between 1 ms ticks
 * beyond `slackMs`. A token bucket holding `burst` 1 loses the tokens that fall due while the loop
 * cannot see any request, so on a machine loaded by other work the rate reached is measured over
 * the time the server could run.
 */
async function stalledWhile<T>(
  slackMs: number,
  fn: () => Promise<T>,
): Promise<{ result: T; stalledMs: number }> {
  let stalledMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    stalledMs += Math.max(0, now - last - slackMs);
    last = now;
  }, 1);
  try {
    return { result: await fn(), stalledMs };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Within 10% of the rate: never above it (the first request takes the token the bucket starts
 * with), and at least 90% of it over the time the server's event loop was running.
 */
function checkRate(
  t: TestContext,
  label: string,
  accepted: number,
  ratePerSecond: number,
  stalledMs: number,
): void {
  const most = (ratePerSecond * WINDOW_MS) / 1000;
  const least = (ratePerSecond * Math.max(0, WINDOW_MS - stalledMs)) / 1000;
  const detail = `${label}: accepted ${accepted} in ${WINDOW_MS} ms (loop stalled ${stalledMs.toFixed(0)} ms)`;
  t.diagnostic(detail);
  assert.ok(accepted <= most * 1.1 + 1, detail);
  assert.ok(accepted >= least * 0.9, detail);
}

test('the documented example: SSH clients are limited by the global 100 req/s only', async (t) => {
  const h = await guardedServer(t, { rate_limiters: [globalLimiter, perHostLimiter(['FTP'])] });
  // A token falls due every 10 ms and a request may wait 5 ms for it.
  const { result, stalledMs } = await stalledWhile(10, () => hammer(h.port, 4));
  checkRate(t, 'SSH', result.accepted, 100, stalledMs);
  assert.ok(
    result.refused > result.accepted / 2,
    `refused ${result.refused}: the clients must offer more than the rate`,
  );
});

test('the per-host 10 req/s limiter (run on SSH) limits each host on its own, under the global one', async (t) => {
  const h = await guardedServer(t, { rate_limiters: [globalLimiter, perHostLimiter(['SSH'])] });
  const hostA = v1('PROXY TCP4 198.51.100.1 127.0.0.1 1000 22');
  const hostB = v1('PROXY TCP4 198.51.100.2 127.0.0.1 1000 22');
  const { result, stalledMs } = await stalledWhile(100, () =>
    Promise.all([hammer(h.port, 3, hostA), hammer(h.port, 3, hostB)]),
  );
  const [a, b] = result;
  checkRate(t, 'host A', a.accepted, 10, stalledMs);
  checkRate(t, 'host B', b.accepted, 10, stalledMs);
  assert.ok(a.refused > a.accepted && b.refused > b.accepted);
});
