import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryIPLists } from '../../src/common/guards/index.js';
import { defaultConfig } from '../../src/config/index.js';
import type { CommonConfig } from '../../src/config/index.js';
import { v1 } from '../common/proxy-protocol/headers.js';
import { guardedServer, loginOver, probe, rawSocket } from './guards-helpers.js';

// The defender through the real SSH server: wrong passwords sent by an ssh2 client over sockets
// that carry a PROXY header, so each test picks the client address it plays.

const from = (ip: string) => v1(`PROXY TCP4 ${ip} 127.0.0.1 50000 22`);

async function server(
  t: TestContext,
  defender: Partial<CommonConfig['defender']>,
  common: Partial<CommonConfig> = {},
) {
  const defenderConfig = {
    ...defaultConfig().common.defender,
    enabled: true,
    login_delay: { success: 0, password_failed: 0 },
    ...defender,
  };
  // 203.0.113.0/24 is safe-listed in the defender list.
  const lists = new MemoryIPLists([{ ipornet: '203.0.113.0/24', type: 2, mode: 1, protocols: 0 }]);
  const h = await guardedServer(t, { ...common, defender: defenderConfig }, lists);
  const defenderOf = () => {
    const found = h.guards().defender;
    assert.ok(found);
    return found;
  };
  return { ...h, defender: defenderOf };
}

for (const driver of ['memory', 'provider'] as const) {
  test(`${driver} driver: 20 wrong passwords ban the address for ban_time; unban lets it back`, async (t) => {
    const h = await server(t, { driver, ban_time: 30 });
    const before = Date.now();
    const results: boolean[] = [];
    for (let i = 0; i < 20; i++) results.push(await loginOver(t, h.port, from('198.51.100.20'), 'wrong'));
    assert.ok(results.every((ok) => !ok));
    await sleep(50);
    const hosts = await h.defender().listHosts();
    assert.equal(hosts.length, 1, JSON.stringify(hosts));
    const host = hosts[0];
    assert.equal(host?.ip, '198.51.100.20');
    // Banned at the 15th failure (threshold 15, score 1 each) for 30 minutes; each of the 5 later
    // attempts, refused at connect time, added ban_time_increment (50%: 15 minutes).
    const banTime = host?.banTime ?? 0;
    const expected = (30 + 5 * 15) * 60_000;
    assert.ok(banTime >= before + expected && banTime <= Date.now() + expected, String(banTime - before));
    // Banned: refused before the SSH handshake, even with the right password.
    assert.equal(await probe(h.port, from('198.51.100.20')), 'refused');
    assert.equal(await loginOver(t, h.port, from('198.51.100.20'), 'secret-password'), false);
    // Other addresses are not affected.
    assert.equal(await loginOver(t, h.port, from('198.51.100.21'), 'secret-password'), true);
    assert.equal(await h.defender().unban('198.51.100.20'), true);
    assert.equal(await loginOver(t, h.port, from('198.51.100.20'), 'secret-password'), true);
    assert.deepEqual(await h.defender().listHosts(), []);
  });
}

test('an address in the defender safe list is never banned', async (t) => {
  const h = await server(t, {});
  for (let i = 0; i < 25; i++) assert.equal(await loginOver(t, h.port, from('203.0.113.50'), 'wrong'), false);
  for (let i = 0; i < 10; i++) await loginOver(t, h.port, from('203.0.113.51'), 'wrong');
  await sleep(50);
  assert.deepEqual(await h.defender().listHosts(), []);
  assert.equal(await loginOver(t, h.port, from('203.0.113.50'), 'secret-password'), true);
});

test('unknown users score score_invalid: 8 attempts ban at threshold 15', async (t) => {
  const h = await server(t, {});
  for (let i = 0; i < 7; i++) {
    assert.equal(await loginOver(t, h.port, from('198.51.100.30'), 'x', 'nobody'), false);
  }
  assert.equal((await h.defender().getHost('198.51.100.30'))?.score, 14);
  await loginOver(t, h.port, from('198.51.100.30'), 'x', 'nobody');
  await sleep(50);
  assert.ok(((await h.defender().getHost('198.51.100.30'))?.banTime ?? 0) > Date.now());
});

test('login_delay.password_failed slows each failed password', async (t) => {
  const h = await server(t, { login_delay: { success: 0, password_failed: 400 } });
  const started = performance.now();
  assert.equal(await loginOver(t, h.port, from('198.51.100.40'), 'wrong'), false);
  assert.ok(performance.now() - started >= 400);
});

test('max_per_host_connections exceeded scores LimitExceeded; a safe host may exceed it', async (t) => {
  const h = await server(t, { threshold: 7, score_limit_exceeded: 3 }, { max_per_host_connections: 1 });
  // One connection held open from each address, then more from the same addresses.
  await rawSocket(t, h.port, from('198.51.100.60'));
  await rawSocket(t, h.port, from('203.0.113.60'));
  await sleep(100);
  assert.equal(await probe(h.port, from('198.51.100.60')), 'refused');
  assert.equal(await probe(h.port, from('198.51.100.60')), 'refused');
  assert.equal(await probe(h.port, from('203.0.113.60')), 'accepted');
  await sleep(50);
  assert.equal((await h.defender().getHost('198.51.100.60'))?.score, 6);
  assert.equal(await probe(h.port, from('198.51.100.60')), 'refused');
  await sleep(50);
  assert.ok(((await h.defender().getHost('198.51.100.60'))?.banTime ?? 0) > Date.now());
});
