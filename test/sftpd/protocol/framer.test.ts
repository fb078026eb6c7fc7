import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferPool } from '../../../src/sftpd/buffer-pool.js';
import { PacketFramer } from '../../../src/sftpd/protocol/framer.js';
import { SftpProtocolError } from '../../../src/sftpd/protocol/errors.js';

function frame(body: string): Buffer {
  const b = Buffer.from(body);
  const out = Buffer.alloc(4 + b.length);
  out.writeUInt32BE(b.length, 0);
  b.copy(out, 4);
  return out;
}

test('packets inside one chunk are views; packets over several chunks are assembled in pool buffers', () => {
  const pool = new BufferPool(64);
  const framer = new PacketFramer(64, pool);
  const whole = frame('one');
  framer.push(whole);
  const one = framer.next();
  assert.equal(one?.toString(), 'one');
  assert.equal(one?.buffer, whole.buffer, 'no copy');
  const two = frame('two-split');
  framer.push(two.subarray(0, 6));
  assert.equal(framer.next(), undefined, 'incomplete');
  framer.push(two.subarray(6));
  const assembled = framer.next() as Buffer;
  assert.equal(assembled.toString(), 'two-split');
  assert.ok(pool.owns(assembled), 'assembled in a pool buffer');
  // Given back, the buffer carries the next split packet: the first one's bytes are gone by then.
  pool.give(assembled);
  const three = frame('three!!');
  framer.push(three.subarray(0, 2));
  framer.push(three.subarray(2, 6));
  framer.push(three.subarray(6));
  const again = framer.next() as Buffer;
  assert.equal(again.toString(), 'three!!');
  assert.equal(again.buffer, assembled.buffer, 'the same memory, reused');
});

test('a split packet larger than the pool buffers is allocated on its own', () => {
  const pool = new BufferPool(8);
  const framer = new PacketFramer(64, pool);
  const big = frame('longer than eight bytes');
  framer.push(big.subarray(0, 10));
  framer.push(big.subarray(10));
  const packet = framer.next() as Buffer;
  assert.equal(packet.toString(), 'longer than eight bytes');
  assert.ok(!pool.owns(packet));
});

test('lengths outside 1..max are protocol errors', () => {
  const framer = new PacketFramer(8);
  framer.push(frame('this is too long'));
  assert.throws(() => framer.next(), SftpProtocolError);
  const empty = new PacketFramer(8);
  empty.push(Buffer.alloc(4));
  assert.throws(() => empty.next(), SftpProtocolError);
});
