import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIDRSet,
  InvalidCIDRError,
  canonicalIP,
  joinHostPort,
  cidrContains,
  formatCIDR,
  formatIP,
  isValidCIDR,
  parseCIDR,
  parseIP,
  tryParseCIDR,
} from '../../src/util/cidr.js';

describe('parseIP', () => {
  it('parses IPv4 dotted quads', () => {
    assert.deepEqual(parseIP('192.0.2.10'), { family: 4, bytes: Uint8Array.from([192, 0, 2, 10]) });
    assert.deepEqual(parseIP('0.0.0.0')?.bytes, Uint8Array.from([0, 0, 0, 0]));
  });

  it('parses IPv6 in full, compressed and mixed forms', () => {
    assert.equal(formatIP(parseIP('2001:0db8:0000:0000:0000:0000:0000:0001')!), '2001:db8::1');
    assert.equal(formatIP(parseIP('::')!), '::');
    assert.equal(formatIP(parseIP('::1')!), '::1');
    assert.equal(formatIP(parseIP('fe80::')!), 'fe80::');
    assert.equal(formatIP(parseIP('1:2:3:4:5:6:7::')!), '1:2:3:4:5:6:7:0');
    assert.equal(formatIP(parseIP('64:ff9b::192.0.2.33')!), '64:ff9b::c000:221');
    assert.equal(formatIP(parseIP('FE80::A')!), 'fe80::a');
  });

  it('turns IPv4-mapped IPv6 addresses into IPv4', () => {
    assert.deepEqual(parseIP('::ffff:192.0.2.1'), { family: 4, bytes: Uint8Array.from([192, 0, 2, 1]) });
    assert.deepEqual(parseIP('::ffff:c000:201'), { family: 4, bytes: Uint8Array.from([192, 0, 2, 1]) });
  });

  it('drops an IPv6 zone', () => {
    assert.equal(formatIP(parseIP('fe80::1%eth0')!), 'fe80::1');
  });

  it('refuses malformed addresses', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3.-4',
      ' 1.2.3.4',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '12345::',
      ':1::',
      'g::1',
      '1.2.3.4::',
      '::1.2.3',
      'fe80::1%',
      'localhost',
    ]) {
      assert.equal(parseIP(bad), undefined, bad);
    }
  });
});

describe('parseCIDR', () => {
  it('parses IPv4 and IPv6 networks and clears host bits', () => {
    assert.equal(formatCIDR(parseCIDR('192.0.2.0/24')), '192.0.2.0/24');
    assert.equal(formatCIDR(parseCIDR('192.0.2.77/24')), '192.0.2.0/24');
    assert.equal(formatCIDR(parseCIDR('10.1.2.3/0')), '0.0.0.0/0');
    assert.equal(formatCIDR(parseCIDR('10.1.2.3/32')), '10.1.2.3/32');
    assert.equal(formatCIDR(parseCIDR('2001:db8:1234::5/32')), '2001:db8::/32');
    assert.equal(formatCIDR(parseCIDR('::1/128')), '::1/128');
    assert.equal(formatCIDR(parseCIDR('2001:db8::/33')), '2001:db8::/33');
  });

  it('turns an IPv4-mapped network with a prefix of 96 or more into IPv4', () => {
    const cidr = parseCIDR('::ffff:192.0.2.0/120');
    assert.equal(cidr.family, 4);
    assert.equal(formatCIDR(cidr), '192.0.2.0/24');
  });

  it('throws InvalidCIDRError naming the input', () => {
    for (const bad of [
      '192.0.2.0',
      '192.0.2.0/',
      '192.0.2.0/33',
      '192.0.2.0/-1',
      '192.0.2.0/2 4',
      '192.0.2/24',
      'abc/8',
      '2001:db8::/129',
      'fe80::%eth0/64',
      '/24',
      '',
    ]) {
      assert.throws(
        () => parseCIDR(bad),
        (err: unknown) =>
          err instanceof InvalidCIDRError && err.code === 'ERR_INVALID_CIDR' && err.input === bad,
        bad,
      );
      assert.equal(isValidCIDR(bad), false, bad);
      assert.equal(tryParseCIDR(bad), undefined, bad);
    }
  });
});

describe('cidrContains', () => {
  it('matches addresses inside the network only', () => {
    const net = parseCIDR('192.0.2.0/24');
    assert.equal(cidrContains(net, '192.0.2.0'), true);
    assert.equal(cidrContains(net, '192.0.2.255'), true);
    assert.equal(cidrContains(net, '192.0.3.0'), false);
    assert.equal(cidrContains(parseCIDR('0.0.0.0/0'), '203.0.113.9'), true);
    assert.equal(cidrContains(parseCIDR('10.0.0.0/9'), '10.127.255.255'), true);
    assert.equal(cidrContains(parseCIDR('10.0.0.0/9'), '10.128.0.0'), false);
  });

  it('matches IPv4-mapped client addresses against IPv4 networks', () => {
    assert.equal(cidrContains(parseCIDR('192.0.2.0/24'), '::ffff:192.0.2.44'), true);
    assert.equal(cidrContains(parseCIDR('::ffff:192.0.2.0/120'), '192.0.2.44'), true);
  });

  it('never matches across families', () => {
    assert.equal(cidrContains(parseCIDR('::/0'), '192.0.2.1'), false);
    assert.equal(cidrContains(parseCIDR('0.0.0.0/0'), '2001:db8::1'), false);
  });

  it('matches IPv6 addresses', () => {
    const net = parseCIDR('2001:db8::/32');
    assert.equal(cidrContains(net, '2001:db8:ffff::1'), true);
    assert.equal(cidrContains(net, '2001:db9::1'), false);
  });

  it('contains no unparsable address', () => {
    assert.equal(cidrContains(parseCIDR('0.0.0.0/0'), 'not-an-ip'), false);
  });
});

describe('CIDRSet', () => {
  it('answers membership across several prefix lengths and families', () => {
    const set = new CIDRSet(['192.0.2.0/24', '198.51.100.7/32', '2001:db8::/48', '10.0.0.0/8']);
    assert.equal(set.size, 4);
    assert.equal(set.contains('192.0.2.9'), true);
    assert.equal(set.contains('198.51.100.7'), true);
    assert.equal(set.contains('198.51.100.8'), false);
    assert.equal(set.contains('10.200.0.1'), true);
    assert.equal(set.contains('::ffff:10.0.0.1'), true);
    assert.equal(set.contains('2001:db8:0:1::1'), true);
    assert.equal(set.contains('2001:db8:1::1'), false);
    assert.equal(set.contains('bogus'), false);
  });

  it('counts a network once however it is written', () => {
    const set = new CIDRSet(['192.0.2.0/24', '192.0.2.9/24']);
    set.add(parseCIDR('::ffff:192.0.2.0/120'));
    assert.equal(set.size, 1);
  });

  it('throws on an invalid entry', () => {
    assert.throws(() => new CIDRSet(['192.0.2.0/24', 'nope']), InvalidCIDRError);
  });

  it('is empty by default', () => {
    assert.equal(new CIDRSet().contains('127.0.0.1'), false);
  });
});

describe('canonicalIP and joinHostPort', () => {
  it('shows IPv4 clients of a dual-stack listener as IPv4', () => {
    assert.equal(canonicalIP('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(canonicalIP('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(canonicalIP('not-an-ip'), 'not-an-ip');
  });
  it('brackets IPv6 hosts as Go does', () => {
    assert.equal(joinHostPort('::ffff:10.0.0.1', 2022), '10.0.0.1:2022');
    assert.equal(joinHostPort('::1', 22), '[::1]:22');
    assert.equal(joinHostPort('::', 8080), '[::]:8080');
    assert.equal(joinHostPort('192.0.2.1', undefined), '192.0.2.1');
  });
});
