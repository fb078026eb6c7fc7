import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { LoginDeniedError } from '../../src/common/auth/index.js';
import { subsystemUser } from '../../src/service/subsystem-user.js';
import { openTestProvider } from '../common/auth/provider.js';

const ctx = { executor: 'test', ip: '' };
const account = { username: 'alice', homeDir: '/home/alice/' };

async function setup(t: TestContext) {
  const { provider, logger } = await openTestProvider(t);
  const options = { baseHomeDir: '', preserveHome: false, localTime: false, logger };
  const store = (fields: Record<string, unknown>) =>
    provider.users.add(
      { username: 'alice', status: 1, home_dir: '/srv/alice', permissions: { '/': ['list'] }, ...fields },
      ctx,
    );
  return { users: provider.users, options, store };
}

test('a missing user is added with every permission in the system home directory', async (t) => {
  const { users, options } = await setup(t);
  const user = await subsystemUser(users, account, options);
  assert.equal(user.home_dir, '/home/alice');
  assert.deepEqual(user.permissions, { '/': ['*'] });
  assert.equal(user.status, 1);
  assert.equal(user.has_password, false, 'no credentials: sshd authenticated the session');
  assert.equal((await users.get('alice'))?.home_dir, '/home/alice');
});

test('with a base home dir a missing user lives in <base>/<username>', async (t) => {
  const { users, options } = await setup(t);
  const user = await subsystemUser(users, account, { ...options, baseHomeDir: '/data/sftp' });
  assert.equal(user.home_dir, '/data/sftp/alice');
});

test('a stored user takes the system home directory and keeps the rest', async (t) => {
  const { users, options, store } = await setup(t);
  await store({ password: 'secret-password', quota_files: 7 });
  const before = await users.get('alice');
  // The base home dir concerns new users only, as in SFTPGo.
  const user = await subsystemUser(users, account, { ...options, baseHomeDir: '/data/sftp' });
  assert.equal(user.home_dir, '/home/alice');
  assert.deepEqual(user.permissions, { '/': ['list'] });
  assert.equal(user.quota_files, 7);
  assert.equal(user.password, before?.password, 'the password hash is kept');
});

test('--preserve-home keeps the stored home directory', async (t) => {
  const { users, options, store } = await setup(t);
  await store({});
  const user = await subsystemUser(users, account, { ...options, preserveHome: true });
  assert.equal(user.home_dir, '/srv/alice');
  assert.equal((await users.get('alice'))?.home_dir, '/srv/alice');
});

test('a disabled or expired user is refused and left unchanged', async (t) => {
  const { users, options, store } = await setup(t);
  await store({ status: 0 });
  await assert.rejects(
    subsystemUser(users, account, options),
    (err: unknown) => err instanceof LoginDeniedError && err.reason === 'disabled',
  );
  assert.equal((await users.get('alice'))?.home_dir, '/srv/alice');
  await users.update(
    'alice',
    { status: 1, home_dir: '/srv/alice', expiration_date: 1000, permissions: { '/': ['*'] } },
    ctx,
  );
  await assert.rejects(
    subsystemUser(users, account, options),
    (err: unknown) => err instanceof LoginDeniedError && err.reason === 'expired',
  );
});

test('a username the provider refuses is reported', async (t) => {
  const { users, options } = await setup(t);
  await assert.rejects(subsystemUser(users, { username: 'bad/name', homeDir: '/home/x' }, options), {
    name: 'SubsystemAccountError',
    message: /cannot add user "bad\/name"/,
  });
});
