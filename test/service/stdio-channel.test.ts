import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { StdioChannel } from '../../src/service/stdio-channel.js';

test('bytes flow both ways and end of input ends the readable side', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const channel = new StdioChannel(input, output);
  const received: Buffer[] = [];
  channel.on('data', (c: Buffer) => received.push(c));
  input.write('ping');
  input.end();
  await once(channel, 'end');
  assert.equal(Buffer.concat(received).toString(), 'ping');
  // Half open: the writable side still works after the input ended.
  channel.end('pong');
  await once(output, 'finish');
  assert.equal(output.read()?.toString(), 'pong');
});

test('a reader that stops pulling pauses the input', async () => {
  const input = new PassThrough({ highWaterMark: 1024 });
  const channel = new StdioChannel(input, new PassThrough());
  channel.once('data', () => channel.pause());
  channel.resume();
  // The default high-water mark differs between Node versions (16 KiB on 20, 64 KiB from 22).
  const chunks = Math.ceil(channel.readableHighWaterMark / 1024) + 100;
  for (let i = 0; i < chunks; i++) input.write(Buffer.alloc(1024));
  await new Promise((resolve) => setTimeout(resolve, 20));
  // The channel buffered up to its high-water mark, then left the rest in the input.
  assert.equal(input.isPaused(), true);
  assert.ok(channel.readableLength >= channel.readableHighWaterMark);
  assert.ok(input.readableLength + input.writableLength > 50 * 1024, 'the rest waits in the input');
  channel.resume();
  input.end();
  await once(channel, 'end');
});

test('writes complete only when the output took them', async () => {
  const pending: (() => void)[] = [];
  const output = new Writable({
    highWaterMark: 1,
    write(_chunk, _enc, callback) {
      pending.push(() => callback());
    },
  });
  const channel = new StdioChannel(new PassThrough(), output);
  let ok = true;
  let writes = 0;
  while (ok && writes < 1000) {
    ok = channel.write(Buffer.alloc(4096));
    writes++;
  }
  assert.equal(ok, false, 'the channel signals backpressure');
  assert.ok(writes < 1000);
  const drained = once(channel, 'drain');
  const release = setInterval(() => pending.shift()?.(), 1);
  await drained;
  clearInterval(release);
});

test('an output error destroys the channel with it', async () => {
  const output = new Writable({
    write(_chunk, _enc, callback) {
      callback(new Error('EPIPE'));
    },
  });
  const channel = new StdioChannel(new PassThrough(), output);
  channel.write('x');
  const [err] = (await once(channel, 'error')) as [Error];
  assert.equal(err.message, 'EPIPE');
});
