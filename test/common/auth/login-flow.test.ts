import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/config/index.js';
import { LoginDeniedError } from '../../../src/common/auth/index.js';
import {
  LoginFailedError,
  LoginFlow,
  hasPublicKey,
  loginHooksFromConfig,
} from '../../../src/common/auth/login-flow.js';
import { HttpClient } from '../../../src/common/hooks/http-client.js';
import { ConnectionLimitError, ConnectionRegistry } from '../../../src/common/registry/index.js';
import { InvalidCredentialsError } from '../../../src/dataprovider/index.js';
import { openTestProvider } from './provider.js';
import { script, userAnswer } from './hooks/harness.js';

const ctx = { executor: 'test', ip: '' };
const ssh = { ip: '192.0.2.7', protocol: 'SSH' as const };
const edKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb1c3Ryb25nX2tleV9mb3JfdGVzdHNfb25seV8wMDAx';

interface Hooks {
  readonly pre_login_hook?: string;
  readonly external_auth_hook?: string;
  readonly external_auth_scope?: number;
  readonly check_password_hook?: string;
  readonly post_login_hook?: string;
  readonly post_connect_hook?: string;
  readonly max_per_host_connections?: number;
}

async function setup(t: TestContext, hooks: Hooks = {}) {
  const opened = await openTestProvider(t);
  const defaults = defaultConfig();
  const config = {
    ...defaults,
    command: { timeout: 2, env: [], commands: [] },
    common: {
      ...defaults.common,
      post_connect_hook: hooks.post_connect_hook ?? '',
      max_per_host_connections: hooks.max_per_host_connections ?? 20,
    },
    data_provider: {
      ...defaults.data_provider,
      pre_login_hook: hooks.pre_login_hook ?? '',
      external_auth_hook: hooks.external_auth_hook ?? '',
      external_auth_scope: hooks.external_auth_scope ?? 0,
      check_password_hook: hooks.check_password_hook ?? '',
      post_login_hook: hooks.post_login_hook ?? '',
    },
  };
  const registry = new ConnectionRegistry(config.common);
  t.after(() => registry.stop());
  const built = loginHooksFromConfig({
    config,
    http: new HttpClient(config.http),
    logger: opened.logger,
    users: opened.provider.users,
  });
  const flow = new LoginFlow({
    users: opened.provider.users,
    registry,
    hooks: built,
    logger: opened.logger,
    now: () => opened.clock.now,
  });
  const failures = async () => {
    opened.logger.flushSync();
    const text = await readFile(join(opened.dir, 'sftpgo.log'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.sender === 'connection_failed');
  };
  const addUser = (extra: Record<string, unknown> = {}) =>
    opened.provider.users.add(JSON.parse(userAnswer('frank', { password: 'right-password', ...extra })), ctx);
  return { ...opened, flow, registry, hooks: built, failures, addUser };
}

async function failure(promise: Promise<unknown>): Promise<LoginFailedError> {
  const err = await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof LoginFailedError);
  return err;
}

test('password: the stored password logs in and writes last_login', async (t) => {
  const { flow, addUser, provider } = await setup(t);
  await addUser();
  const user = await flow.password('frank', 'right-password', ssh);
  assert.equal(user.username, 'frank');
  assert.ok(((await provider.users.get('frank'))?.last_login ?? 0) > 0);
});

test('password: wrong password, unknown user and disabled user each fail with a record', async (t) => {
  const { flow, addUser, failures } = await setup(t);
  await addUser();
  const wrong = await failure(flow.password('frank', 'nope', ssh));
  assert.ok(wrong.cause instanceof InvalidCredentialsError);
  assert.equal(wrong.message, 'authentication failed');
  const unknown = await failure(flow.password('ghost', 'x', ssh));
  assert.equal((unknown.cause as InvalidCredentialsError).reason, 'not_found');
  await addUser({ username: 'off', status: 0 });
  const disabled = await failure(flow.password('off', 'right-password', ssh));
  assert.ok(disabled.cause instanceof LoginDeniedError);
  assert.equal(disabled.cause.reason, 'disabled');
  const records = await failures();
  assert.deepEqual(
    records.map((r) => [r.username, r.login_type, r.client_ip, r.protocol]),
    [
      ['frank', 'password', '192.0.2.7', 'SSH'],
      ['ghost', 'password', '192.0.2.7', 'SSH'],
      ['off', 'password', '192.0.2.7', 'SSH'],
    ],
  );
  assert.match(String(records[0]?.error), /wrong_password/);
});

test('keyboard-interactive is its own login method', async (t) => {
  const { flow, addUser, failures } = await setup(t);
  await addUser({ filters: { denied_login_methods: ['keyboard-interactive'] } });
  assert.equal((await flow.password('frank', 'right-password', ssh)).username, 'frank');
  const err = await failure(
    flow.keyboardInteractive('frank', ssh, (_user, checks) => checks.password('right-password')),
  );
  assert.equal((err.cause as LoginDeniedError).reason, 'login_method_denied');
  assert.equal((await failures())[0]?.login_type, 'keyboard-interactive');
});

test('password: the login restrictions are checked before the password', async (t) => {
  const { flow, addUser } = await setup(t);
  await addUser({ filters: { denied_protocols: ['SSH'] } });
  const err = await failure(flow.password('frank', 'wrong', ssh));
  assert.equal((err.cause as LoginDeniedError).reason, 'protocol_denied');
});

test('password: the check password hook decides when configured', async (t) => {
  const opened = await openTestProvider(t);
  const hook = await script(opened.dir, 'check.sh', `echo '{"status":1}'`);
  const { flow, addUser } = await setup(t, { check_password_hook: hook });
  await addUser();
  assert.equal((await flow.password('frank', 'anything', ssh)).username, 'frank');
});

test('password: the pre-login hook can create the user', async (t) => {
  const opened = await openTestProvider(t);
  const hook = await script(
    opened.dir,
    'pre.sh',
    `echo '${userAnswer('newbie', { password: 'pw-newbie-1' })}'`,
  );
  const { flow, provider } = await setup(t, { pre_login_hook: hook });
  assert.equal((await flow.password('newbie', 'pw-newbie-1', ssh)).username, 'newbie');
  assert.ok(await provider.users.get('newbie'));
});

test('password: the external auth hook takes over within its scope', async (t) => {
  const opened = await openTestProvider(t);
  const hook = await script(opened.dir, 'ext.sh', `echo '${userAnswer('remote')}'`);
  const { flow } = await setup(t, { external_auth_hook: hook, external_auth_scope: 1 });
  assert.equal((await flow.password('remote', 'given-password', ssh)).username, 'remote');
  // Scope 1 is passwords only: a key login goes to the stored user, which has no such key.
  await failure(flow.publicKey('remote', edKey, ssh));
});

test('public key: a stored key logs in, comments do not matter; other keys fail', async (t) => {
  const { flow, addUser, failures } = await setup(t);
  await addUser({ public_keys: [`${edKey} frank@laptop`] });
  assert.equal((await flow.publicKey('frank', edKey, ssh)).user.username, 'frank');
  const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG90aGVyX2tleV9mb3JfdGVzdHNfb25seV8wMDAwMDAy';
  await failure(flow.publicKey('frank', other, ssh));
  assert.equal((await failures())[0]?.login_type, 'publickey');
  assert.equal(hasPublicKey({ public_keys: [edKey] } as never, ''), false);
});

test('keyboard-interactive: the external auth hook is told, the conversation decides', async (t) => {
  const opened = await openTestProvider(t);
  const seen = join(opened.dir, 'ext-env.txt');
  const hook = await script(
    opened.dir,
    'ext.sh',
    `echo "$SFTPGO_AUTHD_KEYBOARD_INTERACTIVE|$SFTPGO_AUTHD_PASSWORD" > '${seen}'\necho '${userAnswer('remote', { password: 'right-password' })}'`,
  );
  const { flow, failures, provider } = await setup(t, { external_auth_hook: hook, external_auth_scope: 4 });
  const refused = await failure(
    flow.keyboardInteractive('remote', ssh, async () => {
      throw new Error('the answers are wrong');
    }),
  );
  assert.equal(refused.cause instanceof Error && refused.cause.message, 'the answers are wrong');
  assert.equal(
    (await readFile(seen, 'utf8')).trim(),
    '1|',
    'told of a keyboard-interactive login, no password',
  );
  const user = await flow.keyboardInteractive('remote', ssh, async (u, checks) => {
    assert.equal(u.username, 'remote');
    assert.equal(checks.hasSecondFactor, false);
    await checks.password('right-password');
    assert.throws(() => checks.passcode('123456'), { code: 'ERR_PASSCODE' });
  });
  assert.equal(user.username, 'remote');
  assert.ok(((await provider.users.get('remote'))?.last_login ?? 0) > 0);
  assert.deepEqual(
    (await failures()).map((r) => [r.login_type, r.error]),
    [['keyboard-interactive', 'the answers are wrong']],
  );
});

test('keyboard-interactive after a key is its own method, and needs the key step first', async (t) => {
  const { flow, addUser, failures } = await setup(t);
  await addUser({
    public_keys: [edKey],
    filters: { denied_login_methods: ['publickey', 'keyboard-interactive', 'publickey+password'] },
  });
  const first = await flow.publicKey('frank', edKey, ssh);
  assert.deepEqual(first.secondSteps, ['publickey+keyboard-interactive']);
  await failure(flow.keyboardInteractive('frank', ssh, (_u, checks) => checks.password('right-password')));
  const user = await flow.keyboardInteractive(
    'frank',
    ssh,
    (_u, checks) => checks.password('right-password'),
    first.user,
  );
  assert.equal(user.username, 'frank');
  await failure(flow.keyboardInteractive('frank', ssh, (_u, checks) => checks.password('wrong'), first.user));
  assert.deepEqual(
    (await failures()).map((r) => r.login_type),
    ['keyboard-interactive', 'publickey+keyboard-interactive'],
  );
});

test('post-login hook gets successful and failed logins', async (t) => {
  const opened = await openTestProvider(t);
  const out = join(opened.dir, 'post-login.txt');
  const hook = await script(
    opened.dir,
    'post.sh',
    `echo "$SFTPGO_LOGIND_METHOD $SFTPGO_LOGIND_STATUS" >> '${out}'`,
  );
  const { flow, addUser, hooks } = await setup(t, { post_login_hook: hook });
  await addUser();
  await flow.password('frank', 'right-password', ssh);
  await failure(flow.password('frank', 'wrong', ssh));
  await hooks.postLogin.idle();
  const lines = (await readFile(out, 'utf8')).trim().split('\n').sort();
  assert.deepEqual(lines, ['password 0', 'password 1']);
});

test('onConnect counts clients, refuses beyond the per-host limit and releases once', async (t) => {
  const { flow, registry, failures } = await setup(t, { max_per_host_connections: 1 });
  const release = await flow.onConnect('192.0.2.9', 'SSH');
  assert.equal(registry.clientConnections('192.0.2.9'), 1);
  await assert.rejects(flow.onConnect('192.0.2.9', 'SSH'), ConnectionLimitError);
  assert.equal(registry.clientConnections('192.0.2.9'), 1);
  release();
  release();
  assert.equal(registry.clientConnections('192.0.2.9'), 0);
  const records = await failures();
  assert.deepEqual(
    records.map((r) => [r.login_type, r.client_ip]),
    [['no_auth_tried', '192.0.2.9']],
  );
});

test('onConnect refuses when the post-connect hook refuses', async (t) => {
  const opened = await openTestProvider(t);
  const hook = await script(opened.dir, 'connect.sh', 'test "$SFTPGO_CONNECTION_IP" = 192.0.2.1');
  const { flow, registry } = await setup(t, { post_connect_hook: hook });
  const release = await flow.onConnect('192.0.2.1', 'SSH');
  release();
  await assert.rejects(flow.onConnect('192.0.2.2', 'SSH'));
  assert.equal(registry.clientConnections(), 0);
});

test('sessionAllowed turns false once the user expires', async (t) => {
  const { flow, addUser, clock } = await setup(t);
  const user = await addUser({ expiration_date: clock.now + 60_000 });
  const allowed = flow.sessionAllowed(user);
  assert.equal(allowed(clock.now), true);
  assert.equal(allowed(clock.now + 120_000), false);
});

test('public key then password when denied_login_methods ask for both', async (t) => {
  const { flow, addUser, provider } = await setup(t);
  await addUser({
    public_keys: [edKey],
    filters: {
      denied_login_methods: [
        'publickey',
        'password',
        'keyboard-interactive',
        'publickey+keyboard-interactive',
      ],
    },
  });
  const first = await flow.publicKey('frank', edKey, ssh);
  assert.deepEqual(first.secondSteps, ['publickey+password']);
  assert.equal((await provider.users.get('frank'))?.last_login, 0, 'not logged in after the key alone');
  await failure(flow.secondStep(first.user, 'wrong', ssh));
  assert.equal((await flow.secondStep(first.user, 'right-password', ssh)).username, 'frank');
  assert.ok(((await provider.users.get('frank'))?.last_login ?? 0) > 0);
});
