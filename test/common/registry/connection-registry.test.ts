import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryConfig } from '../../../src/common/registry/index.js';
import {
  ConnectionIdError,
  ConnectionLimitError,
  ConnectionRegistry,
  TooManySessionsError,
} from '../../../src/common/registry/index.js';
import { TestConnection } from './test-connection.js';

const unlimited: RegistryConfig = { max_total_connections: 0, max_per_host_connections: 0, idle_timeout: 0 };

function registry(
  t: { after(fn: () => void): void },
  config: Partial<RegistryConfig>,
  options?: ConstructorParameters<typeof ConnectionRegistry>[1],
): ConnectionRegistry {
  const r = new ConnectionRegistry({ ...unlimited, ...config }, options);
  t.after(() => r.stop());
  return r;
}

function limitReason(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConnectionLimitError);
    return err.reason;
  }
  return 'allowed';
}

test('the per-host limit counts clients at accept, this one included, per address', (t) => {
  const r = registry(t, { max_per_host_connections: 2 });
  for (let i = 0; i < 2; i++) {
    r.addClientConnection('10.0.0.1');
    assert.equal(r.isNewConnectionAllowed('10.0.0.1'), true);
  }
  r.addClientConnection('10.0.0.1');
  assert.equal(
    limitReason(() => r.checkNewConnection('10.0.0.1')),
    'per_host_limit',
  );
  // Another host is not affected; an IPv4-mapped address counts as the same IPv4 host.
  r.addClientConnection('10.0.0.2');
  assert.equal(r.isNewConnectionAllowed('10.0.0.2'), true);
  assert.equal(r.clientConnections('::ffff:10.0.0.1'), 3);
  r.removeClientConnection('::ffff:10.0.0.1');
  assert.equal(r.isNewConnectionAllowed('10.0.0.1'), true);
});

test('per-host entries are dropped at zero and a double removal does not go negative', (t) => {
  const r = registry(t, {});
  for (let i = 0; i < 1000; i++) {
    r.addClientConnection(`10.1.${i >> 8}.${i & 255}`);
    r.removeClientConnection(`10.1.${i >> 8}.${i & 255}`);
  }
  r.removeClientConnection('10.9.9.9');
  assert.equal(r.clientConnections(), 0);
  r.addClientConnection('10.9.9.9');
  r.removeClientConnection('10.9.9.9');
  r.removeClientConnection('10.9.9.9');
  assert.equal(r.clientConnections(), 0);
  assert.equal(r.clientConnections('10.9.9.9'), 0);
});

test('the total limit counts clients and registered sessions', (t) => {
  const r = registry(t, { max_total_connections: 2 });
  r.addClientConnection('10.0.0.1');
  r.addClientConnection('10.0.0.2');
  assert.equal(r.isNewConnectionAllowed('10.0.0.2'), true);
  r.addClientConnection('10.0.0.3');
  assert.equal(
    limitReason(() => r.checkNewConnection('10.0.0.3')),
    'total_limit',
  );
  r.removeClientConnection('10.0.0.3');
  // Sessions count too: several SSH channels may share one client.
  r.add(new TestConnection({ id: 'SFTP_1', username: 'a' }), { maxSessions: 0 });
  r.add(new TestConnection({ id: 'SFTP_2', username: 'a' }), { maxSessions: 0 });
  assert.equal(
    limitReason(() => r.checkNewConnection('10.0.0.1')),
    'total_limit',
  );
  r.remove('SFTP_2');
  assert.equal(r.isNewConnectionAllowed('10.0.0.1'), true);
});

test('0 disables the limits', (t) => {
  const r = registry(t, {});
  for (let i = 0; i < 100; i++) r.addClientConnection('10.0.0.1');
  assert.equal(r.isNewConnectionAllowed('10.0.0.1'), true);
});

test('max_sessions is enforced per user across protocols, and a refused add changes nothing', (t) => {
  const r = registry(t, {});
  r.add(new TestConnection({ id: 'SFTP_1', username: 'alice' }), { maxSessions: 2 });
  r.add(new TestConnection({ id: 'FTP_1', username: 'alice', protocol: 'FTP' }), { maxSessions: 2 });
  assert.throws(
    () => r.add(new TestConnection({ id: 'DAV_1', username: 'alice', protocol: 'DAV' }), { maxSessions: 2 }),
    (err: unknown) =>
      err instanceof TooManySessionsError &&
      err.code === 'ERR_TOO_MANY_SESSIONS' &&
      err.active === 2 &&
      /alice.*2\/2/.test(err.message),
  );
  assert.equal(r.size, 2);
  assert.equal(r.sessionsOf('alice'), 2);
  // Others and unlimited users are not affected.
  r.add(new TestConnection({ id: 'SFTP_2', username: 'bob' }), { maxSessions: 1 });
  r.add(new TestConnection({ id: 'SFTP_3', username: 'carol' }), { maxSessions: 0 });
  r.remove('FTP_1');
  r.add(new TestConnection({ id: 'DAV_1', username: 'alice', protocol: 'DAV' }), { maxSessions: 2 });
  assert.deepEqual(
    r.list().map((c) => c.id),
    ['SFTP_1', 'SFTP_2', 'SFTP_3', 'DAV_1'],
  );
});

test('concurrent logins cannot both take the last session', async (t) => {
  const r = registry(t, {});
  // Many logins finishing in the same turns of the event loop: exactly max_sessions get in.
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, async (_, i) => {
      await sleep(0);
      r.add(new TestConnection({ id: `SFTP_${i}`, username: 'race' }), { maxSessions: 3 });
    }),
  );
  assert.equal(results.filter((x) => x.status === 'fulfilled').length, 3);
  assert.equal(r.sessionsOf('race'), 3);
});

test('ids are unique; remove and get; remove of an unknown id is a no-op', (t) => {
  const removed: string[] = [];
  const r = registry(t, {}, { onRemoved: (c) => removed.push(c.id) });
  const conn = new TestConnection({ id: 'SFTP_x', username: 'u' });
  r.add(conn, { maxSessions: 0 });
  assert.throws(() => r.add(conn, { maxSessions: 0 }), ConnectionIdError);
  assert.equal(r.get('SFTP_x'), conn);
  assert.equal(r.remove('SFTP_x'), conn);
  assert.equal(r.remove('SFTP_x'), undefined);
  assert.equal(r.get('SFTP_x'), undefined);
  assert.equal(r.sessionsOf('u'), 0);
  assert.deepEqual(removed, ['SFTP_x']);
});

test('a failing removal listener does not break remove', (t) => {
  const r = registry(
    t,
    {},
    {
      onRemoved: () => {
        throw new Error('boom');
      },
    },
  );
  r.add(new TestConnection({ id: 'a', username: 'u' }), { maxSessions: 0 });
  assert.ok(r.remove('a'));
  assert.equal(r.size, 0);
});

test('swap turns a pre-login connection into a session, checking max_sessions', (t) => {
  const r = registry(t, {});
  r.add(new TestConnection({ id: 'FTP_1', username: 'u' }), { maxSessions: 1 });
  r.add(new TestConnection({ id: 'FTP_2', protocol: 'FTP' }), { maxSessions: 0 });
  assert.equal(r.sessionsOf(''), 0);
  assert.throws(
    () => r.swap(new TestConnection({ id: 'FTP_2', username: 'u', protocol: 'FTP' }), { maxSessions: 1 }),
    TooManySessionsError,
  );
  assert.equal(r.get('FTP_2')?.username, '');
  r.swap(new TestConnection({ id: 'FTP_2', username: 'v', protocol: 'FTP' }), { maxSessions: 1 });
  assert.equal(r.sessionsOf('v'), 1);
  // Swapping a session of the same user does not count it twice.
  r.swap(new TestConnection({ id: 'FTP_2', username: 'v', protocol: 'FTP' }), { maxSessions: 1 });
  assert.equal(r.sessionsOf('v'), 1);
  assert.throws(() => r.swap(new TestConnection({ id: 'nope' }), { maxSessions: 0 }), ConnectionIdError);
});

test('close asks the connection to close and leaves removal to its teardown', (t) => {
  const r = registry(t, {});
  const conn = new TestConnection({ id: 'SFTP_k', username: 'u' });
  r.add(conn, { maxSessions: 0 });
  assert.equal(r.close('SFTP_k', 'kicked by admin'), true);
  assert.deepEqual(conn.closeReasons, ['kicked by admin']);
  assert.equal(r.size, 1);
  assert.equal(r.close('missing', 'x'), false);
});

test('the idle check closes idle sessions, slow logins and users no longer allowed', (t) => {
  const clock = { now: 10 * 60_000 };
  const r = registry(t, { idle_timeout: 5 }, { now: () => clock.now });
  const idle = new TestConnection({ id: 'idle', username: 'a', at: 0 });
  const busy = new TestConnection({ id: 'busy', username: 'a', at: 0 });
  busy.activity = clock.now - 60_000;
  const noLogin = new TestConnection({ id: 'nologin', protocol: 'FTP', at: 0 });
  noLogin.activity = clock.now - 3 * 60_000;
  const expired = new TestConnection({ id: 'expired', username: 'b', at: 0 });
  expired.activity = clock.now;
  let allowed = true;
  for (const c of [idle, busy, noLogin]) r.add(c, { maxSessions: 0 });
  r.add(expired, { maxSessions: 0, isAccessAllowed: () => allowed });
  // Connections remove themselves when closed, as real ones do.
  for (const c of [idle, busy, noLogin, expired]) c.onClose = () => r.remove(c.id);
  assert.deepEqual(r.checkIdles().sort(), ['idle', 'nologin']);
  assert.match(idle.closeReasons[0] ?? '', /idle for 600 s/);
  allowed = false;
  assert.deepEqual(r.checkIdles(), ['expired']);
  assert.deepEqual(
    r.list().map((c) => c.id),
    ['busy'],
  );
});

test('the idle checker runs on its own timer when idle_timeout is set', async (t) => {
  const r = registry(t, { idle_timeout: 1 }, { checkIntervalMs: 20 });
  const conn = new TestConnection({ id: 'old', username: 'u', at: Date.now() - 2 * 60_000 });
  r.add(conn, { maxSessions: 0 });
  await sleep(100);
  assert.ok(conn.closeReasons.length >= 1);
});

test('with idle_timeout 0 no check runs', async (t) => {
  const r = registry(t, { idle_timeout: 0 }, { checkIntervalMs: 10 });
  const conn = new TestConnection({ id: 'old', username: 'u', at: 0 });
  r.add(conn, { maxSessions: 0 });
  await sleep(50);
  assert.deepEqual(conn.closeReasons, []);
});

test('after stop new clients and sessions are refused', (t) => {
  const r = registry(t, {});
  r.stop();
  assert.equal(
    limitReason(() => r.checkNewConnection('10.0.0.1')),
    'shutting_down',
  );
  assert.throws(
    () => r.add(new TestConnection({ id: 'x', username: 'u' }), { maxSessions: 0 }),
    ConnectionLimitError,
  );
});

test('invalid settings are refused', () => {
  assert.throws(
    () => new ConnectionRegistry({ ...unlimited, max_total_connections: -1 }),
    /max_total_connections/,
  );
  assert.throws(() => new ConnectionRegistry(unlimited, { checkIntervalMs: 0 }), /checkIntervalMs/);
});
