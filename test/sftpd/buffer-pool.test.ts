import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferPool, sharedBufferPool } from '../../src/sftpd/buffer-pool.js';
import { dataReplyInto, dataReplySize, sealData } from '../../src/sftpd/protocol/replies.js';

test('a buffer given back is handed out again; foreign buffers are ignored', () => {
  const pool = new BufferPool(dataReplySize(1024));
  const first = pool.take();
  assert.equal(first.length, 9 + 4 + 1024, 'header, data length and data');
  const reply = sealData(dataReplyInto(first, 7).buffer, 10);
  assert.ok(pool.owns(reply), 'a view of a pool buffer belongs to the pool');
  pool.give(reply);
  const again = pool.take();
  assert.equal(again.buffer, first.buffer, 'the same memory comes back');
  assert.equal(again.length, first.length, 'whole again, not the reply view');
  const foreign = Buffer.allocUnsafeSlow(again.length);
  assert.ok(!pool.owns(foreign));
  pool.give(foreign);
  assert.notEqual(pool.take().buffer, foreign.buffer, 'a foreign buffer never enters the pool');
});

test('the free list is bounded', () => {
  const pool = new BufferPool(16);
  const taken = Array.from({ length: 40 }, () => pool.take());
  for (const b of taken) pool.give(b);
  const recycled = new Set(taken.map((b) => b.buffer));
  let reused = 0;
  for (let i = 0; i < 40; i += 1) if (recycled.has(pool.take().buffer)) reused += 1;
  assert.equal(reused, 16, 'at most 16 buffers are kept');
});

test('a DATA reply built in a pool buffer has the wire layout', () => {
  const { buffer, dataOffset } = dataReplyInto(new BufferPool(dataReplySize(64)).take(), 0x01020304);
  buffer.write('hello', dataOffset);
  const reply = sealData(buffer, 5);
  assert.deepEqual(
    [...reply],
    [0, 0, 0, 14, 103, 1, 2, 3, 4, 0, 0, 0, 5, ...Buffer.from('hello')],
    'length, SSH_FXP_DATA, id, data length, data',
  );
});

test('one process-wide pool per size', () => {
  assert.equal(sharedBufferPool(4096), sharedBufferPool(4096));
  assert.notEqual(sharedBufferPool(4096), sharedBufferPool(8192));
});
