import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AuthHookDeniedError, AuthHookError, CheckPasswordHook } from '../../../../src/common/auth/index.js';
import type { HookError } from '../../../../src/common/hooks/program-hook.js';
import { InvalidCredentialsError } from '../../../../src/dataprovider/index.js';
import { openTestProvider } from '../provider.js';
import type { Reply } from './harness.js';
import { hookOptions, readEnv, receiver, saveEnv, script, timed, userAnswer } from './harness.js';

const ctx = { executor: 'test', ip: '' };

async function setup(t: Parameters<typeof openTestProvider>[0], extra: Record<string, unknown> = {}) {
  const opened = await openTestProvider(t);
  await opened.provider.users.add(JSON.parse(userAnswer('frank', { password: 'fixed', ...extra })), ctx);
  const user = (await opened.provider.users.get('frank'))!;
  return { ...opened, user };
}

test('program: status 1 accepts, status 2 checks to_verify, others refuse; the env is documented', async (t) => {
  const { provider, logger, dir, user } = await setup(t);
  const envFile = join(dir, 'env');
  // Password "fixed123456": the hook checks the 6-digit code and hands back the fixed part.
  const hook = await script(
    dir,
    'check.sh',
    `${saveEnv(envFile)}
case "$SFTPGO_AUTHD_PASSWORD" in
  accept) echo '{"status":1}' ;;
  *123456) echo "{\\"status\\":2,\\"to_verify\\":\\"\${SFTPGO_AUTHD_PASSWORD%123456}\\"}" ;;
  *) echo '{"status":0}' ;;
esac`,
  );
  const check = new CheckPasswordHook({ ...hookOptions(hook, logger), users: provider.users });
  const req = { username: 'frank', ip: '192.0.2.4', protocol: 'FTP' };
  assert.equal((await check.verify(user, { ...req, password: 'accept' })).username, 'frank');
  assert.deepEqual(await readEnv(envFile), {
    SFTPGO_AUTHD_USERNAME: 'frank',
    SFTPGO_AUTHD_PASSWORD: 'accept',
    SFTPGO_AUTHD_IP: '192.0.2.4',
    SFTPGO_AUTHD_PROTOCOL: 'FTP',
  });
  assert.equal((await check.verify(user, { ...req, password: 'fixed123456' })).username, 'frank');
  await assert.rejects(check.verify(user, { ...req, password: 'wrong123456' }), InvalidCredentialsError);
  await assert.rejects(check.verify(user, { ...req, password: 'fixed' }), AuthHookDeniedError);
  // Empty passwords never reach the hook.
  await assert.rejects(check.verify(user, { ...req, password: ' ' }), InvalidCredentialsError);
});

test('out of scope or disabled for the user, the provider checks the password', async (t) => {
  const { provider, logger, dir, user } = await setup(t);
  const failing = await script(dir, 'fail.sh', 'exit 1');
  const sshOnly = new CheckPasswordHook({ ...hookOptions(failing, logger, 1), users: provider.users });
  assert.equal(sshOnly.inScope('SSH'), true);
  assert.equal(sshOnly.inScope('FTP'), false);
  assert.equal(sshOnly.inScope('HTTP'), false);
  const req = { username: 'frank', ip: '192.0.2.4', protocol: 'FTP', password: 'fixed' };
  assert.equal((await sshOnly.verify(user, req)).username, 'frank');
  await assert.rejects(sshOnly.verify(user, { ...req, password: 'nope' }), InvalidCredentialsError);
  await assert.rejects(sshOnly.verify(user, { ...req, protocol: 'SSH' }), AuthHookError);
  const all = new CheckPasswordHook({ ...hookOptions(failing, logger, 0), users: provider.users });
  assert.equal(all.inScope('HTTP'), true);
  const disabled = {
    ...user,
    filters: { ...user.filters, hooks: { ...user.filters.hooks, check_password_disabled: true } },
  };
  assert.equal((await all.verify(disabled, req)).username, 'frank');
});

test('program: a non-zero exit, invalid JSON or a time-out is an error', async (t) => {
  const { provider, logger, dir, user } = await setup(t);
  const req = { username: 'frank', ip: '192.0.2.4', protocol: 'SSH', password: 'fixed' };
  const check = (hook: string) =>
    new CheckPasswordHook({ ...hookOptions(hook, logger), users: provider.users });
  const exit = await script(dir, 'exit.sh', `echo '{"status":1}'; exit 1`);
  await assert.rejects(
    check(exit).verify(user, req),
    (err: unknown) => err instanceof AuthHookError && (err.cause as HookError).code === 'ERR_HOOK_EXIT',
  );
  const garbage = await script(dir, 'garbage.sh', 'echo nope');
  await assert.rejects(check(garbage).verify(user, req), AuthHookError);
  const slow = await script(dir, 'slow.sh', `sleep 5; echo '{"status":1}'`);
  const { ms, error } = await timed(check(slow).verify(user, req));
  assert.ok(error instanceof AuthHookError);
  assert.equal((error.cause as HookError).code, 'ERR_HOOK_TIMEOUT');
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test('HTTP: username, password, ip and protocol are POSTed; non-200 and time-outs fail', async (t) => {
  const { provider, logger, user } = await setup(t);
  let reply: Reply = { status: 200, body: '{"status":2,"to_verify":"fixed"}' };
  const server = await receiver(t, () => reply);
  const check = new CheckPasswordHook({ ...hookOptions(server.url, logger), users: provider.users });
  const req = { username: 'frank', ip: '192.0.2.4', protocol: 'DAV', password: 'fixed+otp' };
  assert.equal((await check.verify(user, req)).username, 'frank');
  assert.equal(server.received[0]?.method, 'POST');
  assert.deepEqual(JSON.parse(server.received[0]?.body ?? ''), {
    username: 'frank',
    password: 'fixed+otp',
    ip: '192.0.2.4',
    protocol: 'DAV',
  });
  reply = { status: 401, body: '{"status":1}' };
  await assert.rejects(check.verify(user, req), /HTTP status 401/);
  reply = { status: 200, body: '{"status":1}', delayMs: 3000 };
  const { ms, error } = await timed(check.verify(user, req));
  assert.ok(error instanceof AuthHookError, String(error));
  assert.ok(ms < 2500, `took ${ms} ms`);
});
