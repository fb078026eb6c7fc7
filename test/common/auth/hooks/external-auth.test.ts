import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AuthHookDeniedError, AuthHookError, ExternalAuthHook } from '../../../../src/common/auth/index.js';
import { HookError } from '../../../../src/common/hooks/program-hook.js';
import { InvalidCredentialsError } from '../../../../src/dataprovider/index.js';
import { openTestProvider } from '../provider.js';
import { hookOptions, readEnv, receiver, saveEnv, script, timed, userAnswer } from './harness.js';

const ctx = { executor: 'test', ip: '' };
const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

test('program: sees only its variables, and the user it prints is added with the password hashed', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  const envFile = join(dir, 'env');
  const hook = await script(
    dir,
    'auth.sh',
    `${saveEnv(envFile)}
if [ "$SFTPGO_AUTHD_USERNAME" = "alice" ] && [ "$SFTPGO_AUTHD_PASSWORD" = 'p@ss "w"' ]; then
  echo '${userAnswer('alice', { quota_files: 10 })}'
else
  echo '{"username":""}'
fi`,
  );
  process.env.SFTPGO_TEST_LEAK = 'x';
  t.after(() => delete process.env.SFTPGO_TEST_LEAK);
  const auth = new ExternalAuthHook({ ...hookOptions(hook, logger), users: provider.users });
  const user = await auth.authenticate({
    username: 'alice',
    ip: '192.0.2.1',
    protocol: 'SSH',
    password: 'p@ss "w"',
    tlsCert: pem,
  });
  assert.equal(user.username, 'alice');
  assert.equal(user.quota_files, 10);
  assert.notEqual(user.password, 'p@ss "w"');
  assert.equal((await provider.users.checkPassword('alice', 'p@ss "w"')).username, 'alice');
  assert.deepEqual(await readEnv(envFile), {
    SFTPGO_AUTHD_USERNAME: 'alice',
    SFTPGO_AUTHD_USER: '',
    SFTPGO_AUTHD_IP: '192.0.2.1',
    SFTPGO_AUTHD_PASSWORD: 'p@ss "w"',
    SFTPGO_AUTHD_PUBLIC_KEY: '',
    SFTPGO_AUTHD_PROTOCOL: 'SSH',
    SFTPGO_AUTHD_TLS_CERT: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n',
    SFTPGO_AUTHD_KEYBOARD_INTERACTIVE: '',
  });
  // A second login of the existing user gets it in SFTPGO_AUTHD_USER, with its hash.
  await auth.authenticate({ username: 'alice', ip: '192.0.2.1', protocol: 'FTP', password: 'p@ss "w"' });
  const sent = JSON.parse((await readEnv(envFile)).SFTPGO_AUTHD_USER ?? '') as Record<string, unknown>;
  assert.equal(sent.username, 'alice');
  assert.equal(sent.password, user.password);
});

test('program: an empty username refuses; a failing program is an error', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  const deny = await script(dir, 'deny.sh', `echo '{"username":""}'`);
  const auth = (hook: string) =>
    new ExternalAuthHook({ ...hookOptions(hook, logger), users: provider.users });
  const req = { username: 'bob', ip: '192.0.2.1', protocol: 'SSH', password: 'x' };
  await assert.rejects(auth(deny).authenticate(req), AuthHookDeniedError);
  const exit = await script(dir, 'exit.sh', `echo '${userAnswer('bob')}'; exit 3`);
  await assert.rejects(
    auth(exit).authenticate(req),
    (err: unknown) =>
      err instanceof AuthHookError && err.cause instanceof HookError && err.cause.code === 'ERR_HOOK_EXIT',
  );
  const garbage = await script(dir, 'garbage.sh', `echo 'not json'`);
  await assert.rejects(auth(garbage).authenticate(req), /not valid JSON/);
  const invalid = await script(dir, 'invalid.sh', `echo '{"username":"bob","status":1}'`);
  await assert.rejects(auth(invalid).authenticate(req), (err: unknown) => {
    assert.ok(err instanceof AuthHookError);
    assert.match(err.message, /cannot be saved/);
    return true;
  });
  assert.equal(await provider.users.get('bob'), undefined);
  const slow = await script(dir, 'slow.sh', `sleep 5; echo '${userAnswer('bob')}'`);
  const { ms, error } = await timed(auth(slow).authenticate(req));
  assert.ok(error instanceof AuthHookError && error.cause instanceof HookError);
  assert.equal(error.cause.code, 'ERR_HOOK_TIMEOUT');
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test('program: an empty answer keeps the stored user and stores the password it accepted', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  await provider.users.add(JSON.parse(userAnswer('carol', { password: 'old-pass' })), ctx);
  const empty = await script(dir, 'empty.sh', 'exit 0');
  const auth = new ExternalAuthHook({ ...hookOptions(empty, logger), users: provider.users });
  const user = await auth.authenticate({
    username: 'carol',
    ip: '192.0.2.1',
    protocol: 'SSH',
    password: 'new-pass',
  });
  assert.equal(user.username, 'carol');
  await provider.users.checkPassword('carol', 'new-pass');
  await assert.rejects(provider.users.checkPassword('carol', 'old-pass'), InvalidCredentialsError);
  await assert.rejects(
    auth.authenticate({ username: 'nobody', ip: '192.0.2.1', protocol: 'SSH', password: 'x' }),
    AuthHookDeniedError,
  );
});

test('program: the answer may map a login name onto another account; the public key is added', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  await provider.users.add(JSON.parse(userAnswer('real')), ctx);
  await provider.users.updateQuota(
    { username: 'real', quota_size: 1, quota_files: 0 },
    { size: 42, files: 1 },
  );
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  const hook = await script(dir, 'map.sh', `echo '${userAnswer('real', { max_sessions: 2 })}'`);
  const auth = new ExternalAuthHook({ ...hookOptions(hook, logger), users: provider.users });
  const user = await auth.authenticate({
    username: 'alias',
    ip: '192.0.2.1',
    protocol: 'SSH',
    publicKey: key,
  });
  assert.equal(user.username, 'real');
  assert.equal(user.max_sessions, 2);
  assert.equal(user.used_quota_size, 42);
  assert.deepEqual(user.public_keys, [key]);
  assert.equal(await provider.users.get('alias'), undefined);
});

test('a user whose external auth is disabled or cached is returned without calling the hook', async (t) => {
  // The provider keeps external_auth_cache_time only when an external auth hook is configured.
  const { provider, logger, dir, clock } = await openTestProvider(t, { external_auth_hook: '/bin/true' });
  const failing = await script(dir, 'fail.sh', 'exit 1');
  const auth = new ExternalAuthHook({
    ...hookOptions(failing, logger),
    users: provider.users,
    now: () => clock.now,
  });
  await provider.users.add(
    JSON.parse(userAnswer('off', { filters: { hooks: { external_auth_disabled: true } } })),
    ctx,
  );
  assert.equal((await auth.authenticate({ username: 'off', ip: '', protocol: 'SSH' })).username, 'off');
  await provider.users.add(
    JSON.parse(userAnswer('cached', { filters: { external_auth_cache_time: 60 } })),
    ctx,
  );
  // Not logged in yet: the hook runs (and fails here).
  await assert.rejects(auth.authenticate({ username: 'cached', ip: '', protocol: 'SSH' }), AuthHookError);
  await provider.users.setLastLogin('cached');
  clock.now += 30_000;
  assert.equal((await auth.authenticate({ username: 'cached', ip: '', protocol: 'SSH' })).username, 'cached');
  clock.now += 31_000;
  await assert.rejects(auth.authenticate({ username: 'cached', ip: '', protocol: 'SSH' }), AuthHookError);
});

test('HTTP: the request is POSTed as JSON and the answer is the user; other statuses and time-outs fail', async (t) => {
  const { provider, logger } = await openTestProvider(t);
  let reply = { status: 200, body: userAnswer('dave') } as {
    status: number;
    body?: string;
    delayMs?: number;
  };
  const server = await receiver(t, () => reply);
  const auth = new ExternalAuthHook({ ...hookOptions(server.url, logger), users: provider.users });
  const user = await auth.authenticate({
    username: 'dave',
    ip: '192.0.2.9',
    protocol: 'DAV',
    keyboardInteractive: true,
    tlsCert: pem,
  });
  assert.equal(user.username, 'dave');
  const first = server.received[0]!;
  assert.equal(first.method, 'POST');
  assert.equal(first.contentType, 'application/json');
  assert.deepEqual(JSON.parse(first.body), {
    username: 'dave',
    ip: '192.0.2.9',
    password: '',
    public_key: '',
    protocol: 'DAV',
    keyboard_interactive: '1',
    tls_cert: pem,
  });
  // Now the user exists: it is sent along.
  await auth.authenticate({ username: 'dave', ip: '192.0.2.9', protocol: 'DAV', password: 'pw' });
  const second = JSON.parse(server.received[1]!.body) as { user: { username: string } };
  assert.equal(second.user.username, 'dave');
  reply = { status: 403, body: userAnswer('dave') };
  await assert.rejects(
    auth.authenticate({ username: 'dave', ip: '192.0.2.9', protocol: 'DAV', password: 'pw' }),
    /HTTP status 403/,
  );
  reply = { status: 200, body: '{"username":""}' };
  await assert.rejects(
    auth.authenticate({ username: 'dave', ip: '192.0.2.9', protocol: 'DAV', password: 'pw' }),
    AuthHookDeniedError,
  );
  reply = { status: 200, body: userAnswer('dave'), delayMs: 3000 };
  const { ms, error } = await timed(
    auth.authenticate({ username: 'dave', ip: '192.0.2.9', protocol: 'DAV', password: 'pw' }),
  );
  assert.ok(error instanceof AuthHookError, String(error));
  assert.ok(ms < 2500, `took ${ms} ms`);
});

test('external_auth_scope selects the credentials sent to the hook', async (t) => {
  const { provider, logger } = await openTestProvider(t);
  const scoped = (scope: number) =>
    new ExternalAuthHook({ ...hookOptions('/bin/true', logger, scope), users: provider.users });
  assert.equal(scoped(0).inScope('tlsCertificate'), true);
  assert.equal(scoped(1).inScope('password'), true);
  assert.equal(scoped(1).inScope('publicKey'), false);
  assert.equal(scoped(6).inScope('keyboardInteractive'), true);
  assert.equal(scoped(8).inScope('tlsCertificate'), true);
  const none = new ExternalAuthHook({ ...hookOptions('', logger), users: provider.users });
  assert.equal(none.inScope('password'), false);
});
