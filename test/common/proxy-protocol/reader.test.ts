import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ProxyPolicy,
  ProxyProtocolError,
  clientEndpoint,
  readProxyHeader,
} from '../../../src/common/proxy-protocol/index.js';
import type { ProxyReadOptions } from '../../../src/common/proxy-protocol/index.js';
import { tlv, v1, v2 } from './headers.js';

// Real loopback sockets: a client writes chunks, the server side reads the header, then reads
// what the client sent after it.

async function accepted(t: TestContext): Promise<{ server: Socket; client: Socket }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  t.after(() => listener.close());
  const serverSide = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  client.on('error', () => undefined);
  t.after(() => client.destroy());
  const server = await serverSide;
  server.on('error', () => undefined);
  t.after(() => server.destroy());
  return { server, client };
}

/** Everything the server side receives until the client ends. */
function rest(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.resume();
  });
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ProxyProtocolError, String(err));
    return err.reason;
  }
  assert.fail('expected a ProxyProtocolError');
}

const required: ProxyReadOptions = { required: true, timeoutMs: 2000 };

test('a header split over several writes is read, and the bytes after it are replayed', async (t) => {
  const { server, client } = await accepted(t);
  const data = Buffer.concat([
    v2({ source: ['203.0.113.5', 4321], tlvs: [tlv(2, Buffer.from('x'))] }),
    Buffer.from('SSH-2.0-test\r\n'),
  ]);
  const reading = readProxyHeader(server, required);
  for (let i = 0; i < data.length; i += 5) {
    client.write(data.subarray(i, i + 5));
    await sleep(2);
  }
  client.end();
  const header = await reading;
  assert.deepEqual(header?.source, { ip: '203.0.113.5', port: 4321 });
  assert.equal(await rest(server), 'SSH-2.0-test\r\n');
});

test('no header: an optional read replays everything, a required one refuses', async (t) => {
  const first = await accepted(t);
  first.client.end('SSH-2.0-plain\r\n');
  assert.equal(await readProxyHeader(first.server, { required: false, timeoutMs: 2000 }), undefined);
  assert.equal(await rest(first.server), 'SSH-2.0-plain\r\n');
  const second = await accepted(t);
  second.client.write('SSH-2.0-plain\r\n');
  assert.equal(await reason(readProxyHeader(second.server, required)), 'missing');
});

test('a truncated header is refused when the client closes or goes silent', async (t) => {
  const closed = await accepted(t);
  closed.client.end(v1('PROXY TCP4 192.0.2.1 192.0.2.2 1 2').subarray(0, 20));
  assert.equal(
    await reason(readProxyHeader(closed.server, { required: false, timeoutMs: 2000 })),
    'truncated',
  );
  const silent = await accepted(t);
  silent.client.write(v2({ source: ['192.0.2.1', 1] }).subarray(0, 10));
  const started = Date.now();
  assert.equal(
    await reason(readProxyHeader(silent.server, { required: false, timeoutMs: 200 })),
    'truncated',
  );
  assert.ok(Date.now() - started >= 190);
});

test('a slow proxy that sends nothing: optional means no header, required means refused', async (t) => {
  const optional = await accepted(t);
  assert.equal(await readProxyHeader(optional.server, { required: false, timeoutMs: 100 }), undefined);
  const mandatory = await accepted(t);
  assert.equal(
    await reason(readProxyHeader(mandatory.server, { required: true, timeoutMs: 100 })),
    'missing',
  );
});

test('oversized headers are refused: a long v2 length, or a v1 line without CRLF', async (t) => {
  const big = await accepted(t);
  big.client.write(v2({ source: ['192.0.2.1', 1], tlvs: [tlv(1, Buffer.alloc(600))] }));
  assert.equal(await reason(readProxyHeader(big.server, { ...required, maxHeaderBytes: 512 })), 'too_large');
  const line = await accepted(t);
  line.client.write(`PROXY TCP4 ${'1'.repeat(200)}`);
  assert.equal(await reason(readProxyHeader(line.server, required)), 'invalid');
});

test('clientEndpoint follows the policy of each mode for allowed and other peers', async (t) => {
  const header = v1('PROXY TCP4 198.51.100.20 192.0.2.1 5555 22');
  const cases: {
    mode: 0 | 1 | 2;
    allowed: string[];
    skipped?: string[];
    send: Buffer;
    ip?: string;
    error?: string;
  }[] = [
    { mode: 0, allowed: ['127.0.0.1'], send: Buffer.from('SSH-'), ip: '127.0.0.1' },
    { mode: 1, allowed: ['127.0.0.0/8'], send: header, ip: '198.51.100.20' },
    { mode: 1, allowed: ['127.0.0.1'], send: Buffer.from('SSH-'), ip: '127.0.0.1' },
    { mode: 1, allowed: ['192.0.2.0/24'], send: header, ip: '127.0.0.1' },
    { mode: 2, allowed: ['127.0.0.1'], send: header, ip: '198.51.100.20' },
    { mode: 2, allowed: ['127.0.0.1'], send: Buffer.from('SSH-'), error: 'missing' },
    { mode: 2, allowed: ['192.0.2.1'], send: header, error: 'not_allowed' },
    { mode: 2, allowed: [], skipped: ['127.0.0.0/8'], send: Buffer.from('SSH-'), ip: '127.0.0.1' },
    { mode: 1, allowed: ['127.0.0.1'], send: v2({ command: 'LOCAL' }), ip: '127.0.0.1' },
    { mode: 1, allowed: ['127.0.0.1'], send: v1('PROXY UNKNOWN'), ip: '127.0.0.1' },
  ];
  for (const c of cases) {
    const { server, client } = await accepted(t);
    client.write(c.send);
    const policy = new ProxyPolicy({
      proxy_protocol: c.mode,
      proxy_allowed: c.allowed,
      proxy_skipped: c.skipped ?? [],
    });
    const label = JSON.stringify({ ...c, send: c.send.toString('latin1') });
    if (c.error !== undefined) {
      assert.equal(await reason(clientEndpoint(server, policy, { timeoutMs: 1000 })), c.error, label);
    } else {
      const endpoint = await clientEndpoint(server, policy, { timeoutMs: 1000 });
      assert.equal(endpoint.ip, c.ip, label);
      assert.equal(endpoint.peerIp, '127.0.0.1');
      assert.equal(endpoint.proxied, c.ip !== '127.0.0.1');
    }
  }
});

test('ProxyPolicy decisions', () => {
  const policy = new ProxyPolicy({
    proxy_protocol: 1,
    proxy_allowed: ['10.0.0.0/8', '2001:db8::1'],
    proxy_skipped: ['10.1.0.0/16'],
  });
  assert.equal(policy.decide('10.2.3.4'), 'use');
  assert.equal(policy.decide('::ffff:10.2.3.4'), 'use');
  assert.equal(policy.decide('2001:db8::1'), 'use');
  assert.equal(policy.decide('10.1.2.3'), 'skip');
  assert.equal(policy.decide('192.0.2.1'), 'ignore');
  const strict = new ProxyPolicy({ proxy_protocol: 2, proxy_allowed: ['10.0.0.0/8'], proxy_skipped: [] });
  assert.equal(strict.decide('10.2.3.4'), 'require');
  assert.equal(strict.decide('192.0.2.1'), 'reject');
  assert.equal(
    new ProxyPolicy({ proxy_protocol: 0, proxy_allowed: [], proxy_skipped: [] }).decide('1.2.3.4'),
    'skip',
  );
  assert.throws(() => new ProxyPolicy({ proxy_protocol: 1, proxy_allowed: ['nope'], proxy_skipped: [] }));
});
