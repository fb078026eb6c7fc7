import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProxyProtocolError, parseProxyHeader } from '../../../src/common/proxy-protocol/index.js';
import type { ParseResult, ProxyHeader } from '../../../src/common/proxy-protocol/index.js';
import { tlv, v1, v2 } from './headers.js';

const MAX = 4096;

function header(result: ParseResult): ProxyHeader {
  assert.equal(result.kind, 'header');
  return (result as { header: ProxyHeader }).header;
}

function refusal(data: Buffer, max = MAX): string {
  try {
    parseProxyHeader(data, max);
  } catch (err) {
    assert.ok(err instanceof ProxyProtocolError);
    return err.reason;
  }
  assert.fail('expected a ProxyProtocolError');
}

test('v1 TCP4 gives both endpoints and the header length', () => {
  const data = Buffer.concat([
    v1('PROXY TCP4 192.0.2.10 198.51.100.1 56324 22'),
    Buffer.from('SSH-2.0-x\r\n'),
  ]);
  const h = header(parseProxyHeader(data, MAX));
  assert.deepEqual(h, {
    version: 1,
    command: 'PROXY',
    source: { ip: '192.0.2.10', port: 56324 },
    destination: { ip: '198.51.100.1', port: 22 },
    length: 45,
  });
  assert.equal(data.subarray(h.length).toString(), 'SSH-2.0-x\r\n');
});

test('v1 TCP6 addresses come out canonical', () => {
  const h = header(parseProxyHeader(v1('PROXY TCP6 2001:DB8:0:0:0:0:0:1 ::1 1 65535'), MAX));
  assert.deepEqual(h.source, { ip: '2001:db8::1', port: 1 });
  assert.deepEqual(h.destination, { ip: '::1', port: 65535 });
});

test('v1 UNKNOWN is a header without addresses, whatever follows the keyword', () => {
  assert.equal(header(parseProxyHeader(v1('PROXY UNKNOWN'), MAX)).source, undefined);
  const h = header(parseProxyHeader(v1('PROXY UNKNOWN ffff::1 ffff::2 1 2'), MAX));
  assert.equal(h.source, undefined);
  assert.equal(h.command, 'PROXY');
});

test('v1 malformed lines are refused', () => {
  for (const line of [
    'PROXY TCP4 192.0.2.1 192.0.2.2 1',
    'PROXY TCP4 192.0.2.1 192.0.2.2 1 2 3',
    'PROXY TCP4 192.0.2.256 192.0.2.2 1 2',
    'PROXY TCP4 ::1 192.0.2.2 1 2',
    'PROXY TCP6 192.0.2.1 ::2 1 2',
    'PROXY TCP4 192.0.2.1 192.0.2.2 65536 2',
    'PROXY TCP4 192.0.2.1 192.0.2.2 01 2',
    'PROXY TCP4  192.0.2.1 192.0.2.2 1 2',
    'PROXY UDP4 192.0.2.1 192.0.2.2 1 2',
  ]) {
    assert.equal(refusal(v1(line)), 'invalid', line);
  }
  assert.equal(refusal(Buffer.from('PROXY TCP4 1.2.3.4\n')), 'invalid');
  assert.equal(refusal(Buffer.from(`PROXY ${'x'.repeat(120)}`)), 'invalid');
  assert.equal(refusal(v1(`PROXY UNKNOWN ${'x'.repeat(100)}`)), 'invalid');
});

test('a partial v1 line or signature asks for more bytes', () => {
  assert.equal(parseProxyHeader(Buffer.from('PRO'), MAX).kind, 'incomplete');
  assert.equal(parseProxyHeader(Buffer.from('PROXY TCP4 192.0.2.1'), MAX).kind, 'incomplete');
  assert.equal(parseProxyHeader(v2({ source: ['192.0.2.1', 1] }).subarray(0, 7), MAX).kind, 'incomplete');
  assert.equal(parseProxyHeader(v2({ source: ['192.0.2.1', 1] }).subarray(0, 20), MAX).kind, 'incomplete');
});

test('a stream that starts otherwise has no header', () => {
  assert.equal(parseProxyHeader(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), MAX).kind, 'none');
  assert.equal(parseProxyHeader(Buffer.from('PROXI'), MAX).kind, 'none');
  assert.equal(parseProxyHeader(Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x01]), MAX).kind, 'none');
});

test('v2 TCP over IPv4 and IPv6', () => {
  const four = header(
    parseProxyHeader(v2({ source: ['203.0.113.7', 40000], destination: ['10.0.0.1', 2022] }), MAX),
  );
  assert.deepEqual(four, {
    version: 2,
    command: 'PROXY',
    source: { ip: '203.0.113.7', port: 40000 },
    destination: { ip: '10.0.0.1', port: 2022 },
    length: 28,
  });
  const six = header(
    parseProxyHeader(v2({ source: ['2001:db8::7', 1234], destination: ['2001:db8::1', 22] }), MAX),
  );
  assert.deepEqual(six.source, { ip: '2001:db8::7', port: 1234 });
  assert.equal(six.length, 16 + 36);
});

test('v2 TLVs are skipped, but must be well formed', () => {
  const tlvs = [tlv(0x01, Buffer.from('h2')), tlv(0x04, Buffer.alloc(0)), tlv(0xea, Buffer.alloc(300, 7))];
  const data = Buffer.concat([v2({ source: ['198.51.100.9', 5], tlvs }), Buffer.from('SSH-')]);
  const h = header(parseProxyHeader(data, MAX));
  assert.deepEqual(h.source, { ip: '198.51.100.9', port: 5 });
  assert.equal(data.subarray(h.length).toString(), 'SSH-');
  const broken = Buffer.concat([tlv(0x01, Buffer.from('abc')).subarray(0, 4)]);
  assert.equal(refusal(v2({ source: ['198.51.100.9', 5], tlvs: [broken] })), 'invalid');
  assert.equal(refusal(v2({ source: ['198.51.100.9', 5], tlvs: [Buffer.from([0x01, 0x00])] })), 'invalid');
});

test('v2 LOCAL has no addresses, even with an address block', () => {
  const h = header(parseProxyHeader(v2({ command: 'LOCAL' }), MAX));
  assert.deepEqual(h, { version: 2, command: 'LOCAL', length: 16 });
  const withBlock = header(parseProxyHeader(v2({ command: 'LOCAL', source: ['192.0.2.1', 1] }), MAX));
  assert.equal(withBlock.source, undefined);
});

test('v2 UNSPEC and UNIX families carry no usable client address', () => {
  assert.equal(header(parseProxyHeader(v2({}), MAX)).source, undefined);
  const unix = v2({ family: 0x31, tlvs: [Buffer.alloc(216)] });
  assert.equal(header(parseProxyHeader(unix, MAX)).source, undefined);
});

test('v2 errors: version, command, family, short address block, size bound', () => {
  const good = v2({ source: ['192.0.2.1', 1] });
  const with12 = (value: number) =>
    Buffer.concat([good.subarray(0, 12), Buffer.from([value]), good.subarray(13)]);
  const with13 = (value: number) =>
    Buffer.concat([good.subarray(0, 13), Buffer.from([value]), good.subarray(14)]);
  assert.equal(refusal(with12(0x11)), 'invalid');
  assert.equal(refusal(with12(0x22)), 'invalid');
  assert.equal(refusal(with13(0x41)), 'invalid');
  assert.equal(refusal(with13(0x13)), 'invalid');
  assert.equal(refusal(v2({ source: ['192.0.2.1', 1], length: 6 })), 'invalid');
  assert.equal(refusal(v2({ source: ['192.0.2.1', 1], tlvs: [tlv(1, Buffer.alloc(5000))] })), 'too_large');
  // The announced length alone is enough to refuse, before the bytes arrive.
  assert.equal(refusal(v2({ source: ['192.0.2.1', 1], length: 65535 }).subarray(0, 16)), 'too_large');
});
