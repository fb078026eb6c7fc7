import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_BATCH_BUFFERS, WriteQueue } from '../../src/vfs/write-queue.js';

/** A writev over a real file that records each call. */
async function recordedFile() {
  const dir = await mkdtemp(join(tmpdir(), 'write-queue-'));
  const path = join(dir, 'file');
  const handle = await open(path, 'w+');
  const calls: { position: number; sizes: number[] }[] = [];
  const queue = new WriteQueue(async (buffers, position) => {
    calls.push({ position, sizes: buffers.map((b) => b.length) });
    return (await handle.writev(buffers, position)).bytesWritten;
  });
  return {
    queue,
    calls,
    content: () => readFile(path),
    cleanup: async () => {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('writes that continue each other and queue behind a running one go down in one writev', async () => {
  const f = await recordedFile();
  try {
    const parts = [0, 1, 2, 3].map((i) => Buffer.alloc(10, 0x61 + i));
    await Promise.all(parts.map((part, i) => f.queue.write(part, i * 10)));
    // The first runs alone; the three queued behind it are contiguous: one call.
    assert.deepEqual(f.calls, [
      { position: 0, sizes: [10] },
      { position: 10, sizes: [10, 10, 10] },
    ]);
    assert.equal(
      (await f.content()).toString(),
      'a'.repeat(10) + 'b'.repeat(10) + 'c'.repeat(10) + 'd'.repeat(10),
    );
  } finally {
    await f.cleanup();
  }
});

test('a gap or a step back starts a new call, and the order asked for is kept', async () => {
  const f = await recordedFile();
  try {
    await Promise.all([
      f.queue.write(Buffer.from('xxxx'), 0),
      f.queue.write(Buffer.from('BB'), 6),
      f.queue.write(Buffer.from('CC'), 8),
      f.queue.write(Buffer.from('yy'), 1), // overwrites after the first write, as asked
    ]);
    assert.deepEqual(f.calls, [
      { position: 0, sizes: [4] },
      { position: 6, sizes: [2, 2] },
      { position: 1, sizes: [2] },
    ]);
    assert.equal((await f.content()).toString(), 'xyyx\0\0BBCC');
  } finally {
    await f.cleanup();
  }
});

test('a batch holds at most MAX_BATCH_BUFFERS buffers', async () => {
  const f = await recordedFile();
  try {
    const count = MAX_BATCH_BUFFERS + 5;
    await Promise.all(Array.from({ length: count }, (_, i) => f.queue.write(Buffer.from([i & 0xff]), i)));
    assert.deepEqual(
      f.calls.map((c) => c.sizes.length),
      [1, MAX_BATCH_BUFFERS, 4],
    );
    assert.equal((await f.content()).length, count);
  } finally {
    await f.cleanup();
  }
});

test('short writes go on until every byte is written', async () => {
  const written: number[] = [];
  const sink = Buffer.alloc(12);
  // Writes at most 5 bytes per call, as a nearly full disk or a signal may.
  const queue = new WriteQueue(async (buffers, position) => {
    const all = Buffer.concat(buffers).subarray(0, 5);
    all.copy(sink, position);
    written.push(all.length);
    return all.length;
  });
  await Promise.all([queue.write(Buffer.from('hello '), 0), queue.write(Buffer.from('world!'), 6)]);
  assert.equal(sink.toString(), 'hello world!');
  assert.deepEqual(written, [5, 1, 5, 1]);
});

test('a failed call fails the writes of its batch only, and idle waits for all', async () => {
  let calls = 0;
  const queue = new WriteQueue(async (buffers) => {
    calls += 1;
    if (calls === 2) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    return buffers.reduce((n, b) => n + b.length, 0);
  });
  const results = await Promise.allSettled([
    queue.write(Buffer.from('a'), 0),
    queue.write(Buffer.from('b'), 1),
    queue.write(Buffer.from('c'), 2),
    queue.write(Buffer.from('z'), 10),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
  );
  assert.equal(queue.busy, false);
  const late = queue.write(Buffer.from('q'), 11);
  assert.equal(queue.busy, true);
  await queue.idle();
  assert.equal(queue.busy, false);
  await late;
});

test('a call that writes nothing is an error, not a loop', async () => {
  const queue = new WriteQueue(async () => 0);
  await assert.rejects(queue.write(Buffer.from('abc'), 0), /wrote nothing/);
});
