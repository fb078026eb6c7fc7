import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoginAttempt } from '../../../src/common/auth/login-checks.js';
import {
  checkLoginConditions,
  isAccessTimeAllowed,
  recordLogin,
} from '../../../src/common/auth/login-checks.js';
import { LoginDeniedError } from '../../../src/common/auth/errors.js';
import type { User } from '../../../src/dataprovider/index.js';
import { makeUser } from '../rules/users.js';
import { openTestProvider } from './provider.js';

// Monday 2024-01-15 12:30 UTC.
const monday = Date.UTC(2024, 0, 15, 12, 30);
const ssh: LoginAttempt = { protocol: 'SSH', loginMethod: 'password', ip: '192.0.2.10', now: monday };

function reason(user: User, attempt: Partial<LoginAttempt> = {}): string {
  try {
    checkLoginConditions(user, { ...ssh, ...attempt });
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof LoginDeniedError, String(err));
    assert.equal(err.code, 'ERR_LOGIN_DENIED');
    assert.equal(err.username, user.username);
    return err.reason;
  }
}

test('an enabled user with no restrictions may log in', () => {
  assert.equal(reason(makeUser()), 'ok');
});

test('disabled and expired accounts are refused', () => {
  assert.equal(reason(makeUser({ status: 0 })), 'disabled');
  assert.equal(reason(makeUser({ expiration_date: monday - 1 })), 'expired');
  assert.equal(reason(makeUser({ expiration_date: monday + 1 })), 'ok');
});

test('access time windows: same weekday, both ends included, UTC unless local time is asked', () => {
  const user = makeUser({ filters: { access_time: [{ day_of_week: 1, from: '08:00', to: '12:30' }] } });
  assert.equal(reason(user), 'ok');
  assert.equal(reason(user, { now: monday + 60_000 }), 'access_time');
  assert.equal(reason(user, { now: monday - 7 * 60 * 60_000 }), 'access_time');
  assert.equal(reason(user, { now: monday + 24 * 60 * 60_000 }), 'access_time');
  // Local time: the weekday is the server's, whatever its zone here.
  const localDay = new Date(monday).getDay();
  const localUser = makeUser({
    filters: { access_time: [{ day_of_week: localDay, from: '00:00', to: '23:59' }] },
  });
  assert.equal(isAccessTimeAllowed(localUser, monday, true), true);
});

test('denied protocols', () => {
  const user = makeUser({ filters: { denied_protocols: ['FTP', 'DAV'] } });
  assert.equal(reason(user, { protocol: 'FTP' }), 'protocol_denied');
  assert.equal(reason(user, { protocol: 'DAV' }), 'protocol_denied');
  assert.equal(reason(user, { protocol: 'SSH' }), 'ok');
});

test('denied login methods, and password-over-SSH only for SSH', () => {
  const user = makeUser({ filters: { denied_login_methods: ['publickey', 'password-over-SSH'] } });
  assert.equal(reason(user, { loginMethod: 'publickey' }), 'login_method_denied');
  assert.equal(reason(user, { loginMethod: 'password' }), 'login_method_denied');
  assert.equal(reason(user, { loginMethod: 'password', protocol: 'FTP' }), 'ok');
  assert.equal(reason(user, { loginMethod: 'keyboard-interactive' }), 'ok');
  const noPassword = makeUser({ filters: { denied_login_methods: ['password'] } });
  assert.equal(reason(noPassword, { loginMethod: 'password', protocol: 'DAV' }), 'login_method_denied');
  assert.equal(reason(noPassword, { loginMethod: 'TLSCertificate+password', protocol: 'DAV' }), 'ok');
});

test('allowed and denied networks; an address in both is denied, as the specification says', () => {
  const user = makeUser({
    filters: { allowed_ip: ['192.0.2.0/24'], denied_ip: ['192.0.2.10/32', '198.51.100.0/24'] },
  });
  assert.equal(reason(user, { ip: '192.0.2.10' }), 'ip_not_allowed');
  assert.equal(reason(user, { ip: '192.0.2.11' }), 'ok');
  assert.equal(reason(user, { ip: '198.51.100.1' }), 'ip_not_allowed');
  assert.equal(reason(user, { ip: '203.0.113.5' }), 'ip_not_allowed');
  const deniedOnly = makeUser({ filters: { denied_ip: ['198.51.100.0/24', '2001:db8::/32'] } });
  assert.equal(reason(deniedOnly, { ip: '198.51.100.7' }), 'ip_not_allowed');
  assert.equal(reason(deniedOnly, { ip: '::ffff:198.51.100.7' }), 'ip_not_allowed');
  assert.equal(reason(deniedOnly, { ip: '2001:db8::1' }), 'ip_not_allowed');
  assert.equal(reason(deniedOnly, { ip: '203.0.113.5' }), 'ok');
});

test('a second factor required but not configured refuses that protocol only', () => {
  const user = makeUser({ filters: { two_factor_protocols: ['FTP'] } });
  assert.equal(reason(user, { protocol: 'FTP' }), 'second_factor_required');
  assert.equal(reason(user, { protocol: 'SSH' }), 'ok');
});

test('a required password change refuses password logins except over HTTP', () => {
  const user = makeUser({ filters: { require_password_change: true } });
  assert.equal(reason(user, { loginMethod: 'password' }), 'password_change_required');
  assert.equal(reason(user, { loginMethod: 'password', protocol: 'HTTP' }), 'ok');
  assert.equal(reason(user, { loginMethod: 'publickey' }), 'ok');
  const aged = makeUser({
    last_password_change: monday - 11 * 86_400_000,
    filters: { password_expiration: 10 },
  });
  assert.equal(reason(aged, { loginMethod: 'password', protocol: 'FTP' }), 'password_change_required');
  const fresh = makeUser({
    last_password_change: monday - 9 * 86_400_000,
    filters: { password_expiration: 10 },
  });
  assert.equal(reason(fresh, { loginMethod: 'password', protocol: 'FTP' }), 'ok');
});

test('the first failing restriction is the one reported', () => {
  assert.equal(reason(makeUser({ status: 0, filters: { denied_protocols: ['SSH'] } })), 'disabled');
});

test('recordLogin writes last_login, then skips writes for 10 minutes unless the user changed', async (t) => {
  const { provider, clock } = await openTestProvider(t);
  await provider.users.add(
    { username: 'rec', status: 1, home_dir: '/srv/rec', password: 'secret-1', permissions: { '/': ['*'] } },
    { executor: 'test', ip: '' },
  );
  clock.now += 1000;
  let user = (await provider.users.get('rec'))!;
  assert.equal(await recordLogin(provider.users, user, clock.now), true);
  user = (await provider.users.get('rec'))!;
  assert.equal(user.last_login, clock.now);
  clock.now += 60_000;
  assert.equal(await recordLogin(provider.users, user, clock.now), false);
  clock.now += 10 * 60_000;
  assert.equal(await recordLogin(provider.users, user, clock.now), true);
  // A user changed after its last login is written at once.
  user = (await provider.users.get('rec'))!;
  assert.equal(
    await recordLogin(provider.users, { ...user, updated_at: user.last_login + 1 }, clock.now),
    true,
  );
});
