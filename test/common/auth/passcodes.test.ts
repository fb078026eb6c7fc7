import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PasscodeError, PasscodeVerifier } from '../../../src/common/auth/passcodes.js';
import type { Admin, User } from '../../../src/dataprovider/index.js';
import { decodeBase32, hotp, totpStep } from '../../../src/util/totp.js';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function user(totp: Partial<User['filters']['totp_config']> = {}, username = 'alice'): User {
  return {
    username,
    filters: {
      totp_config: {
        enabled: true,
        config_name: 'strong',
        secret: { status: 'Plain', payload: secret, key: '', additional_data: '', mode: 0 },
        protocols: ['SSH'],
        ...totp,
      },
    },
  } as unknown as User;
}

function code(now: number, algorithm: 'sha1' | 'sha256' = 'sha256'): string {
  return hotp(decodeBase32(secret) as Buffer, totpStep(now), algorithm);
}

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PasscodeError);
    return err.reason;
  }
  return 'accepted';
}

test('the algorithm of the user’s TOTP configuration is used; a passcode is accepted once', () => {
  const clock = { now: 1_700_000_000_000 };
  const verifier = new PasscodeVerifier(
    { totp: [{ name: 'strong', issuer: 'x', algo: 'sha256' }] },
    () => clock.now,
  );
  assert.equal(
    refusal(() => verifier.verify(user(), code(clock.now, 'sha1'), 'SSH')),
    'wrong',
  );
  assert.equal(
    refusal(() => verifier.verify(user(), code(clock.now), 'SSH')),
    'accepted',
  );
  assert.equal(
    refusal(() => verifier.verify(user(), code(clock.now), 'SSH')),
    'reused',
  );
  // Another user with the same secret is not affected by alice's use.
  assert.equal(
    refusal(() => verifier.verify(user({}, 'bob'), code(clock.now), 'SSH')),
    'accepted',
  );
  clock.now += 30_000;
  assert.equal(
    refusal(() => verifier.verify(user(), ` ${code(clock.now)} `, 'SSH')),
    'accepted',
  );
  clock.now += 5 * 60_000;
  assert.equal(
    refusal(() => verifier.verify(user(), code(clock.now), 'SSH')),
    'accepted',
  );
});

test('refused when TOTP is off for the protocol or the secret is encrypted', () => {
  const verifier = new PasscodeVerifier({ totp: [{ name: 'strong', issuer: 'x', algo: 'sha256' }] });
  const now = Date.now();
  assert.equal(
    refusal(() => verifier.verify(user(), code(now), 'FTP')),
    'not_enabled',
  );
  assert.equal(
    refusal(() => verifier.verify(user({ enabled: false }), code(now), 'SSH')),
    'not_enabled',
  );
  const encrypted = user({
    secret: { status: 'AES-256-GCM', payload: 'x', key: 'k', additional_data: '', mode: 0 },
  });
  assert.equal(
    refusal(() => verifier.verify(encrypted, code(now), 'SSH')),
    'secret_unavailable',
  );
  assert.equal(PasscodeVerifier.enabledFor(user(), 'SSH'), true);
  assert.equal(PasscodeVerifier.enabledFor(user(), 'HTTP'), false);
});

test('admins: their own TOTP configuration, never sharing used passcodes with users', () => {
  const clock = { now: 1_700_000_000_000 };
  const verifier = new PasscodeVerifier(
    { totp: [{ name: 'strong', issuer: 'x', algo: 'sha256' }] },
    () => clock.now,
  );
  const { config_name, secret: adminSecret } = user().filters.totp_config;
  const admin = (enabled: boolean) =>
    ({
      username: 'alice',
      filters: { totp_config: { enabled, config_name, secret: adminSecret } },
    }) as unknown as Admin;
  assert.equal(
    refusal(() => verifier.verifyAdmin(admin(false), code(clock.now))),
    'not_enabled',
  );
  assert.equal(
    refusal(() => verifier.verifyAdmin(admin(true), code(clock.now))),
    'accepted',
  );
  assert.equal(
    refusal(() => verifier.verifyAdmin(admin(true), code(clock.now))),
    'reused',
  );
  assert.equal(
    refusal(() => verifier.verify(user(), code(clock.now), 'SSH')),
    'accepted',
    'the user alice is another account than the admin alice',
  );
});
