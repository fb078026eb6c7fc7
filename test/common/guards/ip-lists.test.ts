import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddressSet,
  MemoryIPLists,
  asNetwork,
  entryCoversProtocol,
} from '../../../src/common/guards/index.js';

test('asNetwork turns addresses into single-address networks', () => {
  assert.equal(asNetwork('192.0.2.1'), '192.0.2.1/32');
  assert.equal(asNetwork(' 2001:DB8::1 '), '2001:db8::1/128');
  assert.equal(asNetwork('::ffff:192.0.2.1'), '192.0.2.1/32');
  assert.equal(asNetwork('10.0.0.0/8'), '10.0.0.0/8');
  assert.throws(() => asNetwork('example.com'));
});

test('AddressSet matches addresses and networks of both families', () => {
  const set = new AddressSet(['192.0.2.1', '10.0.0.0/8', '2001:db8::/32']);
  assert.equal(set.size, 3);
  for (const ip of ['192.0.2.1', '::ffff:10.1.2.3', '2001:db8:ffff::1']) assert.ok(set.contains(ip), ip);
  for (const ip of ['192.0.2.2', '2001:db9::1', 'garbage']) assert.ok(!set.contains(ip), ip);
});

test('IP lists: per type, per protocol bit, the most specific entry wins', async () => {
  const lists = new MemoryIPLists([
    { ipornet: '192.0.2.0/24', type: 2, mode: 2, protocols: 0 },
    { ipornet: '192.0.2.8/29', type: 2, mode: 1, protocols: 0 },
    { ipornet: '192.0.2.9', type: 2, mode: 2, protocols: 4 },
    { ipornet: '192.0.2.0/24', type: 1, mode: 1, protocols: 8 },
    { ipornet: 'not-an-ip', type: 1, mode: 1, protocols: 0 },
  ]);
  assert.equal(await lists.match(2, '192.0.2.1', 'SSH'), 2);
  assert.equal(await lists.match(2, '192.0.2.10', 'SSH'), 1);
  assert.equal(await lists.match(2, '192.0.2.9', 'SSH'), 1);
  assert.equal(await lists.match(2, '192.0.2.9', 'DAV'), 2);
  assert.equal(await lists.match(2, '198.51.100.1', 'SSH'), undefined);
  assert.equal(await lists.match(1, '192.0.2.1', 'HTTP'), 1);
  assert.equal(await lists.match(1, '192.0.2.1', 'FTP'), undefined);
  assert.equal(await lists.match(3, '192.0.2.1', 'SSH'), undefined);
  assert.equal(await lists.match(2, 'bogus', 'SSH'), undefined);
});

test('protocol bits: 0 is every protocol; 1 SSH, 2 FTP, 4 DAV, 8 HTTP', () => {
  assert.ok(entryCoversProtocol(0, 'HTTP'));
  assert.ok(entryCoversProtocol(1, 'SSH') && !entryCoversProtocol(1, 'FTP'));
  assert.ok(
    entryCoversProtocol(6, 'FTP') && entryCoversProtocol(6, 'DAV') && !entryCoversProtocol(6, 'HTTP'),
  );
  assert.ok(entryCoversProtocol(8, 'HTTP'));
});
