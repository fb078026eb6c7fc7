import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AuthHookDeniedError,
  AuthHookError,
  PostConnectHook,
  PostDisconnectHook,
  PostLoginHook,
} from '../../../../src/common/auth/index.js';
import type { HookError } from '../../../../src/common/hooks/program-hook.js';
import { openTestProvider } from '../provider.js';
import type { Reply } from './harness.js';
import { hookOptions, readEnv, receiver, saveEnv, script, timed, userAnswer } from './harness.js';

test('post-login program: documented env, user without its hash; scope filters outcomes', async (t) => {
  const { provider, logger, dir } = await openTestProvider(t);
  await provider.users.add(JSON.parse(userAnswer('gina', { password: 'pw' })), { executor: 't', ip: '' });
  const user = (await provider.users.get('gina'))!;
  const envFile = join(dir, 'env');
  const hook = await script(dir, 'post-login.sh', saveEnv(envFile));
  const all = new PostLoginHook(hookOptions(hook, logger));
  const event = {
    user,
    username: 'gina',
    loginMethod: 'publickey',
    ip: '192.0.2.5',
    protocol: 'SSH',
    success: true,
  };
  assert.equal(all.notify(event), true);
  await all.idle();
  const env = await readEnv(envFile);
  assert.deepEqual(Object.keys(env).sort(), [
    'SFTPGO_LOGIND_IP',
    'SFTPGO_LOGIND_METHOD',
    'SFTPGO_LOGIND_PROTOCOL',
    'SFTPGO_LOGIND_STATUS',
    'SFTPGO_LOGIND_USER',
  ]);
  assert.equal(env.SFTPGO_LOGIND_STATUS, '1');
  assert.equal(env.SFTPGO_LOGIND_METHOD, 'publickey');
  const sent = JSON.parse(env.SFTPGO_LOGIND_USER ?? '') as Record<string, unknown>;
  assert.equal(sent.username, 'gina');
  assert.ok(sent.password === undefined || sent.password === '', 'no password hash');
  // A failed login of an unknown name still names it.
  all.notify({
    username: 'ghost',
    loginMethod: 'password',
    ip: '192.0.2.5',
    protocol: 'FTP',
    success: false,
  });
  await all.idle();
  const failed = await readEnv(envFile);
  assert.equal(failed.SFTPGO_LOGIND_STATUS, '0');
  assert.equal((JSON.parse(failed.SFTPGO_LOGIND_USER ?? '') as { username: string }).username, 'ghost');
  const onlyFailed = new PostLoginHook(hookOptions(hook, logger, 1));
  const onlyOk = new PostLoginHook(hookOptions(hook, logger, 2));
  assert.equal(onlyFailed.notify(event), false);
  assert.equal(onlyOk.notify({ ...event, success: false }), false);
  assert.equal(onlyOk.notify(event), true);
  await onlyOk.idle();
});

test('post-login: returns at once; a slow or failing hook is only logged', async (t) => {
  const { logger, dir } = await openTestProvider(t);
  const marker = join(dir, 'done');
  const slow = await script(dir, 'slow.sh', `sleep 5; touch '${marker}'`);
  const hook = new PostLoginHook(hookOptions(slow, logger));
  const event = { username: 'x', loginMethod: 'password', ip: '192.0.2.5', protocol: 'SSH', success: false };
  const started = performance.now();
  hook.notify(event);
  assert.ok(performance.now() - started < 200);
  await hook.idle();
  // Killed at the 1 s limit, before it could finish.
  assert.ok(performance.now() - started < 3000);
  assert.equal(existsSync(marker), false);
  const failing = new PostLoginHook(hookOptions(await script(dir, 'fail.sh', 'exit 4'), logger));
  failing.notify(event);
  await failing.idle();
  logger.flushSync();
  const log = await readFile(join(dir, 'sftpgo.log'), 'utf8');
  assert.match(log, /post_login_hook failed: .*killed after 1000 ms/);
  assert.match(log, /post_login_hook failed: .*exited with code 4/);
});

test('post-login HTTP: the user is POSTed with login_method, ip, protocol and status', async (t) => {
  const { logger } = await openTestProvider(t);
  const server = await receiver(t, () => ({ status: 500 }));
  const hook = new PostLoginHook(hookOptions(server.url, logger));
  hook.notify({
    username: 'hal',
    loginMethod: 'TLSCertificate',
    ip: '192.0.2.6',
    protocol: 'DAV',
    success: true,
  });
  await hook.idle();
  const got = server.received[0]!;
  assert.equal(got.method, 'POST');
  assert.equal(got.url.search, '?ip=192.0.2.6&login_method=TLSCertificate&protocol=DAV&status=1');
  assert.equal((JSON.parse(got.body) as { username: string }).username, 'hal');
});

test('post-connect program: exit 0 accepts, non-zero refuses, a time-out is an error', async (t) => {
  const { logger, dir } = await openTestProvider(t);
  const envFile = join(dir, 'env');
  const hook = await script(
    dir,
    'connect.sh',
    `${saveEnv(envFile)}\n[ "$SFTPGO_CONNECTION_IP" = "192.0.2.66" ] && exit 1\nexit 0`,
  );
  const connect = new PostConnectHook(hookOptions(hook, logger));
  await connect.check('192.0.2.7', 'FTP');
  assert.deepEqual(await readEnv(envFile), {
    SFTPGO_CONNECTION_IP: '192.0.2.7',
    SFTPGO_CONNECTION_PROTOCOL: 'FTP',
  });
  await assert.rejects(connect.check('192.0.2.66', 'SSH'), AuthHookDeniedError);
  const slow = new PostConnectHook(hookOptions(await script(dir, 'slow.sh', 'sleep 5'), logger));
  const { ms, error } = await timed(slow.check('192.0.2.7', 'SSH'));
  assert.ok(error instanceof AuthHookError);
  assert.equal((error.cause as HookError).code, 'ERR_HOOK_TIMEOUT');
  assert.ok(ms < 3000, `took ${ms} ms`);
  const none = new PostConnectHook(hookOptions('', logger));
  assert.equal(none.enabled, false);
  await none.check('192.0.2.7', 'SSH');
});

test('post-connect HTTP: GET with ip and protocol; only 200 accepts', async (t) => {
  const { logger } = await openTestProvider(t);
  let reply: Reply = { status: 200 };
  const server = await receiver(t, () => reply);
  const connect = new PostConnectHook(hookOptions(server.url, logger));
  await connect.check('192.0.2.8', 'HTTP');
  assert.equal(server.received[0]?.method, 'GET');
  assert.equal(server.received[0]?.url.search, '?ip=192.0.2.8&protocol=HTTP');
  reply = { status: 403 };
  await assert.rejects(connect.check('192.0.2.8', 'HTTP'), AuthHookDeniedError);
  reply = { status: 200, delayMs: 3000 };
  const { ms, error } = await timed(connect.check('192.0.2.8', 'HTTP'));
  assert.ok(error instanceof AuthHookError, String(error));
  assert.ok(ms < 2500, `took ${ms} ms`);
});

test('post-disconnect: program env and HTTP query; only SFTP, SCP, SSH and FTP are notified', async (t) => {
  const { logger, dir } = await openTestProvider(t);
  const envFile = join(dir, 'env');
  const program = new PostDisconnectHook(hookOptions(await script(dir, 'disc.sh', saveEnv(envFile)), logger));
  const event = { ip: '192.0.2.9', protocol: 'SFTP', username: 'ivy', connectedAt: 1000, endedAt: 3500 };
  assert.equal(program.notify(event), true);
  await program.idle();
  assert.deepEqual(await readEnv(envFile), {
    SFTPGO_CONNECTION_IP: '192.0.2.9',
    SFTPGO_CONNECTION_USERNAME: 'ivy',
    SFTPGO_CONNECTION_DURATION: '2500',
    SFTPGO_CONNECTION_PROTOCOL: 'SFTP',
  });
  assert.equal(program.notify({ ...event, protocol: 'DAV' }), false);
  assert.equal(program.notify({ ...event, protocol: 'HTTP' }), false);
  const server = await receiver(t, () => ({ status: 404 }));
  const http = new PostDisconnectHook(hookOptions(server.url, logger));
  http.notify({ ...event, protocol: 'FTP', username: '' });
  await http.idle();
  assert.equal(server.received[0]?.method, 'GET');
  assert.equal(
    server.received[0]?.url.search,
    '?connection_duration=2500&ip=192.0.2.9&protocol=FTP&username=',
  );
  const slow = new PostDisconnectHook(hookOptions(await script(dir, 'slow.sh', 'sleep 5'), logger));
  const started = performance.now();
  slow.notify(event);
  await slow.idle();
  assert.ok(performance.now() - started < 3000);
});
