// /api/v2/iplists/{type}: CRUD with SFTPGo's paging, statuses and messages, and the effect of each
// list on real clients (ssh2 over sockets with a PROXY header, HTTP with X-Forwarded-For from a
// trusted proxy) right after the change, without waiting for the lists' cache to expire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { loginOver, probe } from '../sftpd/guards-helpers.js';
import { assertError, startApi } from './harness.js';
import { ALICE_PASSWORD, DEFENDER_ENV, httpFrom, sshFrom, startGuardedApi } from './guards-harness.js';

test('IP list entries: add, list with filter/from/order/limit, get, update, delete', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const add = (type: number, body: object) => api.request('POST', `/api/v2/iplists/${type}`, { token, body });

  const added = await add(2, { ipornet: '192.0.2.0/24', mode: 2, description: 'attackers', protocols: 3 });
  assert.equal(added.status, 201, added.text);
  assert.deepEqual(added.json, { message: 'Entry added' });
  assert.equal(added.headers.get('location'), '/api/v2/iplists/2/192.0.2.0%2F24');
  // A single address is stored as a /32 network; the body's type may be left out.
  for (const ipornet of ['10.0.0.3', '10.0.0.1', '10.0.0.2', '2001:db8::/32']) {
    assert.equal((await add(1, { ipornet })).status, 201);
  }
  assertError(await add(1, { ipornet: '10.0.0.1' }), 409);

  const list = async (type: number, query = ''): Promise<string[]> => {
    const res = await api.request('GET', `/api/v2/iplists/${type}${query}`, { token });
    assert.equal(res.status, 200, res.text);
    return (res.json as { ipornet: string }[]).map((e) => e.ipornet);
  };
  assert.deepEqual(await list(1), ['10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32', '2001:db8::/32']);
  assert.deepEqual(await list(1, '?filter=10.'), ['10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32']);
  assert.deepEqual(await list(1, '?from=10.0.0.1/32&limit=2'), ['10.0.0.2/32', '10.0.0.3/32']);
  assert.deepEqual(await list(1, '?order=DESC&from=10.0.0.3/32'), ['10.0.0.2/32', '10.0.0.1/32']);
  assert.deepEqual(await list(3), []);

  const entry = await api.request('GET', '/api/v2/iplists/2/192.0.2.0%2F24', { token });
  assert.equal(entry.status, 200, entry.text);
  assert.equal(entry.json.description, 'attackers');
  assert.equal(entry.json.mode, 2);
  assert.equal(entry.json.protocols, 3);
  assert.equal(entry.json.type, 2);
  // The address form of a /32 finds its entry; an empty description is left out.
  const single = await api.request('GET', '/api/v2/iplists/1/10.0.0.1', { token });
  assert.equal(single.json.ipornet, '10.0.0.1/32');
  assert.equal('description' in single.json, false);

  const update = await api.request('PUT', '/api/v2/iplists/2/192.0.2.0%2F24', {
    token,
    body: { mode: 1, protocols: 8, description: 'partners' },
  });
  assert.equal(update.status, 200, update.text);
  assert.deepEqual(update.json, { message: 'Entry updated' });
  const updated = await api.request('GET', '/api/v2/iplists/2/192.0.2.0%2F24', { token });
  assert.equal(updated.json.mode, 1);
  assert.equal(updated.json.description, 'partners');

  const removed = await api.request('DELETE', '/api/v2/iplists/1/10.0.0.2%2F32', { token });
  assert.deepEqual(removed.json, { message: 'Entry deleted' });
  assert.deepEqual(await list(1, '?filter=10.'), ['10.0.0.1/32', '10.0.0.3/32']);
  assertError(await api.request('DELETE', '/api/v2/iplists/1/10.0.0.2%2F32', { token }), 404);
  assertError(await api.request('GET', '/api/v2/iplists/3/10.0.0.1', { token }), 404);
  assertError(await api.request('PUT', '/api/v2/iplists/3/10.0.0.1', { token, body: {} }), 404);
});

test('IP list validation: 400s name the field; unknown types; super admins only', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const add = (type: number | string, body: object) =>
    api.request('POST', `/api/v2/iplists/${type}`, { token, body });
  assertError(await add(1, { ipornet: 'not-an-address' }), 400, 'ipornet');
  assertError(await add(1, {}), 400, 'ipornet');
  assertError(await add(1, { ipornet: '10.0.0.1', mode: 2 }), 400, 'mode');
  assertError(await add(1, { ipornet: '10.0.0.1', protocols: 16 }), 400, 'protocols');
  assertError(await add(1, { ipornet: '10.0.0.1', type: 2 }), 400, 'type');
  assertError(await add(1, { ipornet: 10 }), 400, 'ipornet');
  assertError(await add(4, { ipornet: '10.0.0.1' }), 400, 'type');
  assertError(await add('x', { ipornet: '10.0.0.1' }), 400, 'type');
  assertError(await api.request('GET', '/api/v2/iplists/0', { token }), 400, 'type');
  assertError(await api.request('GET', '/api/v2/iplists/1?limit=501', { token }), 400, 'limit');
  assert.equal((await add(2, { ipornet: '10.0.0.1' })).status, 201);
  const put = await api.request('PUT', '/api/v2/iplists/2/10.0.0.1', { token, body: { mode: 3 } });
  assertError(put, 400, 'mode');

  // Even an admin with every other permission is refused: IP lists are for super admins.
  const admin = { username: 'almost', password: 'almost-password' };
  const permissions = [
    'add_users',
    'edit_users',
    'del_users',
    'view_users',
    'manage_defender',
    'view_defender',
  ];
  const created = await api.request('POST', '/api/v2/admins', {
    token,
    body: { ...admin, status: 1, permissions },
  });
  assert.equal(created.status, 201, created.text);
  const other = await api.token(admin);
  assertError(await api.request('GET', '/api/v2/iplists/2', { token: other }), 403);
  assertError(
    await api.request('POST', '/api/v2/iplists/2', { token: other, body: { ipornet: '10.0.0.9' } }),
    403,
  );
  assertError(await api.request('DELETE', '/api/v2/iplists/2/10.0.0.1', { token: other }), 403);
});

test('an address put in the defender safe list through the API is never banned', async (t) => {
  const api = await startGuardedApi(t, DEFENDER_ENV);
  const token = api.adminToken;
  const safe = await api.request('POST', '/api/v2/iplists/2', {
    token,
    body: { ipornet: '203.0.113.0/24', mode: 1, description: 'office' },
  });
  assert.equal(safe.status, 201, safe.text);
  for (let i = 0; i < 20; i++) {
    assert.equal(await loginOver(t, api.sftpPort, sshFrom('203.0.113.50'), 'wrong'), false);
  }
  await sleep(50);
  assert.deepEqual((await api.request('GET', '/api/v2/defender/hosts', { token })).json, []);
  assert.equal(await loginOver(t, api.sftpPort, sshFrom('203.0.113.50'), ALICE_PASSWORD), true);

  // A deny entry of the defender list bans at once, for SSH and HTTP.
  const deny = await api.request('POST', '/api/v2/iplists/2', {
    token,
    body: { ipornet: '198.51.100.66', mode: 2 },
  });
  assert.equal(deny.status, 201, deny.text);
  assert.equal(await probe(api.sftpPort, sshFrom('198.51.100.66')), 'refused');
  assertError(await api.request('GET', '/healthz', httpFrom('198.51.100.66')), 403);
});

test('with allowlist_status 1, the allow list managed through the API decides who may connect', async (t) => {
  const api = await startGuardedApi(
    t,
    { SFTPGO_COMMON__ALLOWLIST_STATUS: '1' },
    {
      // The admin's own address, for HTTP only, so the test can reach the API at all.
      seed: async (runtime) => {
        await runtime.provider.ipLists.add(
          { ipornet: '127.0.0.1', type: 1, mode: 1, protocols: 8 },
          { executor: 'test', ip: '127.0.0.1' },
        );
      },
    },
  );
  const token = api.adminToken;
  const listed = '198.51.100.7';
  const other = '198.51.100.8';
  assert.equal(await probe(api.sftpPort, sshFrom(listed)), 'refused');
  const added = await api.request('POST', '/api/v2/iplists/1', { token, body: { ipornet: listed } });
  assert.equal(added.status, 201, added.text);
  // Seen at once: the guards' cache reloads after a change made through the API.
  assert.equal(await loginOver(t, api.sftpPort, sshFrom(listed), ALICE_PASSWORD), true);
  assert.equal(await probe(api.sftpPort, sshFrom(other)), 'refused');
  assert.equal((await api.request('GET', '/healthz', httpFrom(listed))).status, 200);
  assertError(await api.request('GET', '/healthz', httpFrom(other)), 403, 'not in the allow list');

  // An entry for SSH only no longer admits HTTP clients from that address.
  const ssh = await api.request('PUT', `/api/v2/iplists/1/${listed}`, { token, body: { protocols: 1 } });
  assert.equal(ssh.status, 200, ssh.text);
  assertError(await api.request('GET', '/healthz', httpFrom(listed)), 403);
  assert.equal(await probe(api.sftpPort, sshFrom(listed)), 'accepted');

  assert.equal((await api.request('DELETE', `/api/v2/iplists/1/${listed}`, { token })).status, 200);
  assert.equal(await probe(api.sftpPort, sshFrom(listed)), 'refused');
});
