import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  AuthHookError,
  LoginDeniedError,
  PreLoginHook,
  checkLoginConditions,
} from '../../../../src/common/auth/index.js';
import type { HookError } from '../../../../src/common/hooks/program-hook.js';
import { openTestProvider } from '../provider.js';
import type { Reply } from './harness.js';
import { hookOptions, readEnv, receiver, saveEnv, script, timed, userAnswer } from './harness.js';

const ctx = { executor: 'test', ip: '' };
const login = { username: 'erin', loginMethod: 'password', ip: '192.0.2.3', protocol: 'SSH' };

test('program: gets the stored user and login details; a partial answer changes only its fields', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  await provider.users.add(JSON.parse(userAnswer('erin', { password: 'pw-erin', quota_files: 5 })), ctx);
  const stored = (await provider.users.get('erin'))!;
  const envFile = join(dir, 'env');
  const hook = await script(dir, 'pre.sh', `${saveEnv(envFile)}\necho '{"status":0}'`);
  const pre = new PreLoginHook({ ...hookOptions(hook, logger), users: provider.users });
  const user = (await pre.run(login))!;
  assert.equal(user.status, 0);
  assert.equal(user.quota_files, 5);
  // The password hash is kept (the hook got it and did not change it).
  await provider.users.checkPassword('erin', 'pw-erin');
  const env = await readEnv(envFile);
  assert.deepEqual(Object.keys(env).sort(), [
    'SFTPGO_LOGIND_IP',
    'SFTPGO_LOGIND_METHOD',
    'SFTPGO_LOGIND_PROTOCOL',
    'SFTPGO_LOGIND_USER',
  ]);
  assert.equal(env.SFTPGO_LOGIND_METHOD, 'password');
  assert.equal(env.SFTPGO_LOGIND_IP, '192.0.2.3');
  assert.equal(env.SFTPGO_LOGIND_PROTOCOL, 'SSH');
  const sent = JSON.parse(env.SFTPGO_LOGIND_USER ?? '') as Record<string, unknown>;
  assert.equal(sent.id, stored.id);
  assert.equal(sent.password, stored.password);
  // The saved status 0 is what the login checks then refuse.
  assert.throws(
    () => checkLoginConditions(user, { protocol: 'SSH', loginMethod: 'password', ip: '192.0.2.3' }),
    (err: unknown) => err instanceof LoginDeniedError && err.reason === 'disabled',
  );
});

test('program: an empty answer changes nothing; an unknown user stays unknown unless created', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  await provider.users.add(JSON.parse(userAnswer('erin')), ctx);
  const envFile = join(dir, 'env');
  const silent = await script(dir, 'silent.sh', saveEnv(envFile));
  const pre = new PreLoginHook({ ...hookOptions(silent, logger), users: provider.users });
  assert.equal((await pre.run(login))?.username, 'erin');
  assert.equal(await pre.run({ ...login, username: 'newbie' }), undefined);
  const sent = JSON.parse((await readEnv(envFile)).SFTPGO_LOGIND_USER ?? '') as Record<string, unknown>;
  assert.equal(sent.id, 0);
  assert.equal(sent.username, 'newbie');
  const create = await script(dir, 'create.sh', `echo '${userAnswer('newbie', { max_sessions: 3 })}'`);
  const creating = new PreLoginHook({ ...hookOptions(create, logger), users: provider.users });
  const created = await creating.run({ ...login, username: 'newbie' });
  assert.equal(created?.max_sessions, 3);
  assert.equal((await provider.users.get('newbie'))?.max_sessions, 3);
});

test('program: failures refuse the login with a typed error', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  const pre = (hook: string) => new PreLoginHook({ ...hookOptions(hook, logger), users: provider.users });
  const exit = await script(dir, 'exit.sh', 'exit 2');
  await assert.rejects(
    pre(exit).run(login),
    (err: unknown) => err instanceof AuthHookError && (err.cause as HookError).code === 'ERR_HOOK_EXIT',
  );
  // A partial answer cannot create a user: mandatory fields are missing.
  const partial = await script(dir, 'partial.sh', `echo '{"status":1}'`);
  await assert.rejects(pre(partial).run(login), /cannot be saved/);
  const slow = await script(dir, 'slow.sh', 'sleep 5');
  const { ms, error } = await timed(pre(slow).run(login));
  assert.ok(error instanceof AuthHookError);
  assert.equal((error.cause as HookError).code, 'ERR_HOOK_TIMEOUT');
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test('a user with pre_login_disabled is returned without calling the hook', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  await provider.users.add(
    JSON.parse(userAnswer('erin', { filters: { hooks: { pre_login_disabled: true } } })),
    ctx,
  );
  const failing = await script(dir, 'fail.sh', 'exit 1');
  const pre = new PreLoginHook({ ...hookOptions(failing, logger), users: provider.users });
  assert.equal((await pre.run(login))?.username, 'erin');
  assert.equal(pre.enabled, true);
  assert.equal(new PreLoginHook({ ...hookOptions('', logger), users: provider.users }).enabled, false);
});

test('HTTP: the user is POSTed with login_method, ip and protocol; 204 keeps it; other statuses fail', async (t) => {
  const { provider, logger } = await openTestProvider(t);
  await provider.users.add(JSON.parse(userAnswer('erin')), ctx);
  let reply: Reply = { status: 200, body: '{"max_sessions":7,"filters":{"denied_protocols":["FTP"]}}' };
  const server = await receiver(t, () => reply);
  const pre = new PreLoginHook({ ...hookOptions(server.url, logger), users: provider.users });
  const user = (await pre.run({
    ...login,
    loginMethod: 'publickey',
    protocol: 'SSH',
    oidcCustomFields: { a: 1 },
  }))!;
  assert.equal(user.max_sessions, 7);
  assert.deepEqual(user.filters.denied_protocols, ['FTP']);
  assert.equal(user.home_dir, '/srv/erin');
  const got = server.received[0]!;
  assert.equal(got.method, 'POST');
  assert.equal(got.url.search, '?ip=192.0.2.3&login_method=publickey&protocol=SSH');
  const body = JSON.parse(got.body) as Record<string, unknown>;
  assert.equal(body.username, 'erin');
  assert.deepEqual(body.oidc_custom_fields, { a: 1 });
  reply = { status: 204 };
  assert.equal((await pre.run(login))?.max_sessions, 7);
  reply = { status: 500 };
  await assert.rejects(pre.run(login), /HTTP status 500/);
  reply = { status: 200, body: '{}', delayMs: 3000 };
  const { ms, error } = await timed(pre.run(login));
  assert.ok(error instanceof AuthHookError, String(error));
  assert.ok(ms < 2500, `took ${ms} ms`);
});
