import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { bandwidthFor, throttleDelay } from '../../../src/common/transfer/index.js';
import { download, setup, upload } from '../connection/harness.js';

const MiB = 1024 * 1024;

test('throttleDelay keeps bytes/elapsed at the limit', () => {
  assert.equal(throttleDelay({ kbPerSecond: 0, bytes: MiB, startedAt: 0, now: 0 }), 0);
  assert.equal(throttleDelay({ kbPerSecond: 1024, bytes: MiB, startedAt: 0, now: 250 }), 750);
  assert.equal(throttleDelay({ kbPerSecond: 1024, bytes: MiB, startedAt: 0, now: 2000 }), 0);
});

test('bandwidth_limits: the first source network holding the client wins', () => {
  const user = {
    upload_bandwidth: 100,
    download_bandwidth: 200,
    filters: {
      bandwidth_limits: [
        { sources: ['10.0.0.0/8'], upload_bandwidth: 1, download_bandwidth: 2 },
        { sources: ['10.1.0.0/16', '2001:db8::/32'], upload_bandwidth: 3, download_bandwidth: 4 },
      ],
    },
  } as unknown as Parameters<typeof bandwidthFor>[0];
  assert.deepEqual(bandwidthFor(user, '10.1.2.3'), { upload: 1, download: 2 });
  assert.deepEqual(bandwidthFor(user, '2001:db8::1'), { upload: 3, download: 4 });
  assert.deepEqual(bandwidthFor(user, '192.168.1.1'), { upload: 100, download: 200 });
});

const within10Percent = (elapsedMs: number, expectedMs: number): void => {
  assert.ok(
    Math.abs(elapsedMs - expectedMs) <= expectedMs * 0.1,
    `took ${elapsedMs} ms, expected ${expectedMs} ms ± 10%`,
  );
};

test('uploads and downloads of 4 MiB at 2048 KB/s take 2 s (± 10%)', async (t) => {
  const h = await setup(t);
  const data = Buffer.alloc(4 * MiB, 7);
  const conn = h.connect(await h.user({ upload_bandwidth: 2048, download_bandwidth: 4096 }));
  let started = performance.now();
  await upload(conn, '/big', data);
  within10Percent(performance.now() - started, 2000);
  started = performance.now();
  const back = await download(conn, '/big');
  within10Percent(performance.now() - started, 1000);
  assert.equal(back.length, data.length);
});

test('a per-source limit replaces the user’s', async (t) => {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  await writeFile(join(h.home, 'f'), Buffer.alloc(2 * MiB));
  const user = await h.user({
    download_bandwidth: 100,
    filters: {
      bandwidth_limits: [{ sources: ['127.0.0.0/8'], upload_bandwidth: 0, download_bandwidth: 2048 }],
    },
  });
  const started = performance.now();
  await download(h.connect(user), '/f');
  within10Percent(performance.now() - started, 1000);
});
