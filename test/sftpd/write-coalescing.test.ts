import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { coalesceWrites } from '../../src/sftpd/write-coalescing.js';

async function socketPair(t: { after: (fn: () => void) => void }): Promise<[Socket, Socket]> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  const [accepted] = (await once(server, 'connection')) as [Socket];
  t.after(() => {
    client.destroy();
    accepted.destroy();
    server.close();
  });
  return [accepted, client];
}

test('writes of one event-loop turn are held together and sent in order', async (t) => {
  const [sender, receiver] = await socketPair(t);
  coalesceWrites(sender);
  const chunks: Buffer[] = [];
  receiver.on('data', (d: Buffer) => chunks.push(d));
  for (let i = 0; i < 100; i += 1) sender.write(Buffer.from(`packet-${i};`));
  assert.equal(sender.writableCorked, 1, 'corked during the turn');
  assert.equal(sender.writableLength > 0, true, 'nothing sent yet');
  await nextTurn();
  assert.equal(sender.writableCorked, 0, 'uncorked after the turn');
  const expected = Array.from({ length: 100 }, (_, i) => `packet-${i};`).join('');
  while (Buffer.concat(chunks).length < expected.length) await once(receiver, 'data');
  assert.equal(Buffer.concat(chunks).toString(), expected);
  // Later turns cork again.
  sender.write('more');
  assert.equal(sender.writableCorked, 1);
  await nextTurn();
  assert.equal(sender.writableCorked, 0);
});
