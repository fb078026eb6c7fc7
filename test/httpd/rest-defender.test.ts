// /api/v2/defender/hosts against bans made by real clients: wrong SSH passwords (ssh2 client over
// sockets that carry a PROXY header, to play an address) and failed REST logins (X-Forwarded-For
// from a trusted proxy). Every answer is checked against the served OpenAPI document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { loginOver, probe } from '../sftpd/guards-helpers.js';
import { ADMIN, assertError } from './harness.js';
import {
  ALICE_PASSWORD,
  DEFENDER_ENV,
  hostId,
  httpFrom,
  sshFrom,
  startGuardedApi,
} from './guards-harness.js';

for (const driver of ['memory', 'provider'] as const) {
  test(`${driver} driver: 20 wrong SSH passwords ban the address; the API lists it, unbans it, and SSH works again`, async (t) => {
    const api = await startGuardedApi(t, { ...DEFENDER_ENV, SFTPGO_COMMON__DEFENDER__DRIVER: driver });
    const token = api.adminToken;
    const attacker = '198.51.100.20';
    for (let i = 0; i < 20; i++) {
      assert.equal(await loginOver(t, api.sftpPort, sshFrom(attacker), 'wrong'), false);
    }
    await sleep(50);
    assert.equal(await probe(api.sftpPort, sshFrom(attacker)), 'refused');

    const list = await api.request('GET', '/api/v2/defender/hosts', { token });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.length, 1, list.text);
    const [host] = list.json;
    assert.equal(host.ip, attacker);
    assert.equal(host.id, hostId(attacker));
    assert.ok(Date.parse(host.ban_time) > Date.now() + 29 * 60_000, host.ban_time);

    const one = await api.request('GET', `/api/v2/defender/hosts/${hostId(attacker)}`, { token });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json, host);

    // Unbanning needs manage_defender: an admin that may only look gets a 403.
    const viewer = { username: 'viewer', password: 'viewer-password' };
    const added = await api.request('POST', '/api/v2/admins', {
      token,
      body: { ...viewer, status: 1, permissions: ['view_defender'] },
    });
    assert.equal(added.status, 201, added.text);
    const viewerToken = await api.token(viewer);
    assert.equal((await api.request('GET', '/api/v2/defender/hosts', { token: viewerToken })).status, 200);
    assertError(
      await api.request('DELETE', `/api/v2/defender/hosts/${host.id}`, { token: viewerToken }),
      403,
    );

    const unban = await api.request('DELETE', `/api/v2/defender/hosts/${host.id}`, { token });
    assert.equal(unban.status, 200, unban.text);
    assert.equal(await loginOver(t, api.sftpPort, sshFrom(attacker), ALICE_PASSWORD), true);
    assert.deepEqual((await api.request('GET', '/api/v2/defender/hosts', { token })).json, []);
    assertError(await api.request('GET', `/api/v2/defender/hosts/${host.id}`, { token }), 404);
    assertError(await api.request('DELETE', `/api/v2/defender/hosts/${host.id}`, { token }), 404);
    // An id that is not hexadecimal text, or names no address, is a 400.
    assertError(await api.request('GET', '/api/v2/defender/hosts/zz', { token }), 400, 'invalid host id');
    assertError(await api.request('DELETE', `/api/v2/defender/hosts/${hostId('nohost')}`, { token }), 400);
  });
}

test('failed REST logins score HTTP defender events; a banned address gets 403 on every request', async (t) => {
  const api = await startGuardedApi(t, { ...DEFENDER_ENV, SFTPGO_COMMON__DEFENDER__THRESHOLD: '6' });
  const token = api.adminToken;
  const ip = '198.51.100.9';
  const scoreOf = async (): Promise<number | undefined> => {
    const res = await api.request('GET', `/api/v2/defender/hosts/${hostId(ip)}`, { token });
    return res.status === 404 ? undefined : (res.json.score as number);
  };
  assert.equal(await scoreOf(), undefined);
  // A wrong password of an existing admin scores score_valid (1).
  const wrong = { ...httpFrom(ip), basic: { username: ADMIN.username, password: 'wrong' } };
  assertError(await api.request('GET', '/api/v2/token', wrong), 401);
  assert.equal(await scoreOf(), 1);
  // An unknown admin scores score_invalid (2).
  const unknown = { ...httpFrom(ip), basic: { username: 'nobody', password: 'x' } };
  assertError(await api.request('GET', '/api/v2/token', unknown), 401);
  assert.equal(await scoreOf(), 3);
  // An API key with a wrong secret is a failed login too.
  const key = await api.request('POST', '/api/v2/apikeys', { token, body: { name: 'k', scope: 1 } });
  assert.equal(key.status, 201, key.text);
  const keyId = (key.json.key as string).split('.')[0] ?? '';
  assertError(
    await api.request('GET', '/api/v2/users', { ...httpFrom(ip), apiKey: `${keyId}.wrong.root` }),
    401,
  );
  assert.equal(await scoreOf(), 4);
  // An unknown key scores as an unknown user and reaches the threshold (6): banned.
  assertError(
    await api.request('GET', '/api/v2/users', { ...httpFrom(ip), apiKey: 'unknown.key.root' }),
    400,
  );
  const banned = await api.request('GET', `/api/v2/defender/hosts/${hostId(ip)}`, { token });
  assert.ok(Date.parse(banned.json.ban_time) > Date.now(), banned.text);

  // Banned: even the right credentials are refused, and so is every other request.
  const right = { ...httpFrom(ip), basic: ADMIN };
  assertError(await api.request('GET', '/api/v2/token', right), 403, 'your IP address is blocked');
  assertError(await api.request('GET', '/healthz', httpFrom(ip)), 403);
  assertError(await api.request('GET', '/api/v2/version', { ...httpFrom(ip), token }), 403);
  // The ban is for every protocol: SSH from that address is refused before its handshake.
  assert.equal(await probe(api.sftpPort, sshFrom(ip)), 'refused');
  // Other addresses go on.
  assert.equal(
    (await api.request('GET', '/api/v2/token', { ...httpFrom('198.51.100.10'), basic: ADMIN })).status,
    200,
  );

  assert.equal((await api.request('DELETE', `/api/v2/defender/hosts/${hostId(ip)}`, { token })).status, 200);
  assert.equal((await api.request('GET', '/api/v2/token', right)).status, 200);
});

test('without the defender the host list is empty and hosts are not found', async (t) => {
  const api = await startGuardedApi(t, {});
  const token = api.adminToken;
  for (let i = 0; i < 3; i++) await loginOver(t, api.sftpPort, sshFrom('198.51.100.30'), 'wrong');
  assert.deepEqual((await api.request('GET', '/api/v2/defender/hosts', { token })).json, []);
  const id = hostId('198.51.100.30');
  assertError(
    await api.request('GET', `/api/v2/defender/hosts/${id}`, { token }),
    404,
    'defender is disabled',
  );
  assertError(await api.request('DELETE', `/api/v2/defender/hosts/${id}`, { token }), 404);
});

test('login_delay.password_failed slows each failed REST login', async (t) => {
  const api = await startGuardedApi(t, {
    ...DEFENDER_ENV,
    SFTPGO_COMMON__DEFENDER__LOGIN_DELAY__PASSWORD_FAILED: '400',
  });
  const started = performance.now();
  const wrong = { basic: { username: ADMIN.username, password: 'wrong' } };
  assertError(await api.request('GET', '/api/v2/token', wrong), 401);
  assert.ok(performance.now() - started >= 400);
});
