import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpClient } from '../../../src/common/hooks/http-client.js';
import type { HttpClientConfig } from '../../../src/common/hooks/http-client.js';
import { createProviderActions } from '../../../src/common/provider-actions/index.js';
import type { ProviderActions, ProviderEvent } from '../../../src/common/provider-actions/index.js';
import type { CommandConfig, DataProviderConfig } from '../../../src/config/index.js';
import type { Logger } from '../../../src/logger/index.js';
import { bin, fileLogger, httpConfig, parseEnv, receiver, script } from '../../helpers/hooks.js';
import { tempDir } from '../../helpers/tmp.js';

const noCommands: CommandConfig = { timeout: 30, env: [], commands: [] };
const allActions: DataProviderConfig['actions']['execute_on'] = ['add', 'update', 'delete'];

function event(overrides: Partial<ProviderEvent> = {}): ProviderEvent {
  return {
    action: 'add',
    objectType: 'user',
    objectName: 'alice',
    executor: 'admin',
    ip: '10.0.0.1',
    role: '',
    timestamp: 1700000000123,
    object: { id: 1, username: 'alice', status: 1, description: 'object-marker' },
    ...overrides,
  };
}

interface Setup {
  readonly hook: string;
  readonly executeOn?: DataProviderConfig['actions']['execute_on'];
  readonly executeFor?: DataProviderConfig['actions']['execute_for'];
  readonly commands?: CommandConfig;
  readonly http?: HttpClientConfig;
  readonly logger: Logger;
  readonly concurrency?: number;
  readonly queueSize?: number;
}

function setup(s: Setup): ProviderActions {
  return createProviderActions({
    actions: { execute_on: s.executeOn ?? allActions, execute_for: s.executeFor ?? ['user'], hook: s.hook },
    commands: s.commands ?? noCommands,
    http: new HttpClient(s.http ?? httpConfig),
    logger: s.logger,
    ...(s.concurrency === undefined ? {} : { concurrency: s.concurrency }),
    ...(s.queueSize === undefined ? {} : { queueSize: s.queueSize }),
  });
}

test('a program hook gets exactly the SFTPGO_PROVIDER_ variables and the command section env, nothing of ours', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await script(dir, 'env.sh', `${bin('env')} > "${dir}/$SFTPGO_PROVIDER_OBJECT_NAME.env"`);
  process.env.SFTPGO_TEST_LEAK = 'must-not-leak';
  t.after(() => delete process.env.SFTPGO_TEST_LEAK);
  const actions = setup({ hook, logger, commands: { ...noCommands, env: ['FROM_CONFIG=1'] } });

  const sent = event({ role: 'ops', executor: '__self__' });
  actions.listener(sent);
  await actions.drain();

  assert.deepEqual(parseEnv(await readFile(join(dir, 'alice.env'), 'utf8')), {
    FROM_CONFIG: '1',
    SFTPGO_PROVIDER_ACTION: 'add',
    SFTPGO_PROVIDER_OBJECT_TYPE: 'user',
    SFTPGO_PROVIDER_OBJECT_NAME: 'alice',
    SFTPGO_PROVIDER_USERNAME: '__self__',
    SFTPGO_PROVIDER_IP: '10.0.0.1',
    SFTPGO_PROVIDER_ROLE: 'ops',
    SFTPGO_PROVIDER_TIMESTAMP: '1700000000123',
    SFTPGO_PROVIDER_OBJECT: JSON.stringify(sent.object),
  });
  const done = (await records()).find((r) => r.message === 'provider action program done');
  assert.ok(done, 'a debug record for the success');
  assert.equal(done.level, 'debug');
  assert.equal(done.sender, 'dataprovider');
  assert.equal(done.object_type, 'user');
  assert.equal(done.object_name, 'alice');
  assert.equal(typeof done.elapsed_ms, 'number');
});

test('only events whose action is in execute_on and object type in execute_for fire', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const hook = await script(
    dir,
    'mark.sh',
    `${bin('touch')} "${dir}/$SFTPGO_PROVIDER_ACTION-$SFTPGO_PROVIDER_OBJECT_TYPE-$SFTPGO_PROVIDER_OBJECT_NAME.fired"`,
  );
  const actions = setup({ hook, logger, executeOn: ['add', 'delete'], executeFor: ['user', 'admin'] });

  actions.listener(event({ action: 'add', objectType: 'user', objectName: 'u1' }));
  actions.listener(event({ action: 'update', objectType: 'user', objectName: 'u2' }));
  actions.listener(event({ action: 'delete', objectType: 'admin', objectName: 'a1' }));
  actions.listener(event({ action: 'add', objectType: 'folder', objectName: 'f1' }));
  actions.listener(event({ action: 'delete', objectType: 'api_key', objectName: 'k1' }));
  await actions.drain();

  const fired = (await readdir(dir)).filter((name) => name.endsWith('.fired')).sort();
  assert.deepEqual(fired, ['add-user-u1.fired', 'delete-admin-a1.fired']);
});

test('an empty execute_for fires nothing, as in SFTPGo 2.x, and says so at start', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await script(dir, 'mark.sh', `${bin('touch')} "${dir}/fired"`);
  const actions = setup({ hook, logger, executeFor: [] });
  actions.listener(event());
  await actions.drain();
  assert.equal(existsSync(join(dir, 'fired')), false);
  assert.ok((await records()).some((r) => r.level === 'warn' && r.message.includes('execute_for is empty')));
});

test('an empty hook or execute_on fires nothing', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const { base, received } = await receiver(t);
  const noHook = setup({ hook: '', logger });
  const noActions = setup({ hook: base, logger, executeOn: [] });
  noHook.listener(event());
  noActions.listener(event());
  await Promise.all([noHook.drain(), noActions.drain()]);
  assert.equal(received.length, 0);
});

test('an HTTP hook gets a POST with SFTPGo query parameters and the object as JSON body', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const { base, received } = await receiver(t);
  const actions = setup({ hook: `${base}/notify?token=s3cret-token`, logger, executeFor: ['share'] });

  const sent = event({
    action: 'update',
    objectType: 'share',
    objectName: 'share id/1',
    role: 'eu',
    object: { id: 'share id/1', name: 'docs', paths: ['/a'], description: 'object-marker' },
  });
  actions.listener(sent);
  actions.listener(event({ action: 'delete', objectType: 'share', objectName: 's2', role: '' }));
  await actions.drain();

  assert.equal(received.length, 2);
  const first = received.find((r) => r.url.searchParams.get('object_name') === 'share id/1');
  assert.ok(first);
  assert.equal(first.method, 'POST');
  assert.equal(first.url.pathname, '/notify');
  assert.equal(first.headers['content-type'], 'application/json');
  assert.deepEqual(Object.fromEntries(first.url.searchParams), {
    action: 'update',
    ip: '10.0.0.1',
    object_name: 'share id/1',
    object_type: 'share',
    role: 'eu',
    timestamp: '1700000000123000000',
    token: 's3cret-token',
    username: 'admin',
  });
  assert.deepEqual(JSON.parse(first.body), sent.object);
  const second = received.find((r) => r.url.searchParams.get('object_name') === 's2');
  assert.ok(second);
  assert.equal(second.url.searchParams.has('role'), false);
  assert.equal(second.url.searchParams.get('action'), 'delete');

  const done = (await records()).filter((r) => r.message === 'provider action notified');
  assert.equal(done.length, 2);
  assert.equal(done[0]?.status, 200);
  assert.equal(done[0]?.hook, `${base}/notify`);
});

test('an HTTP hook is retried on 5xx answers', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const { base, received } = await receiver(t, (n) => (n < 2 ? 503 : 200));
  const actions = setup({ hook: base, logger, http: { ...httpConfig, retry_max: 3 } });
  actions.listener(event());
  await actions.drain();
  assert.equal(received.length, 3);
  assert.deepEqual(
    received.map((r) => r.body),
    Array(3).fill(JSON.stringify(event().object)),
  );
  const logged = await records();
  assert.ok(logged.some((r) => r.message === 'provider action notified' && r.status === 200));
  assert.ok(!logged.some((r) => r.level === 'warn'));
});

test('a failing HTTP hook is a warning naming the object, without the token or the object', async (t) => {
  const dir = await tempDir(t);
  const { logger, records, text } = fileLogger(t, dir);
  const { base, received } = await receiver(t, () => 500);
  const notFound = await receiver(t, () => 404);
  const actions = setup({
    hook: `${base}/h?token=s3cret-token`,
    logger,
    http: { ...httpConfig, retry_max: 2 },
  });
  const refused = setup({ hook: `${notFound.base}/h`, logger });
  assert.doesNotThrow(() => actions.listener(event({ objectName: 'bob' })));
  refused.listener(event({ objectName: 'carol' }));
  await Promise.all([actions.drain(), refused.drain()]);

  assert.equal(received.length, 3);
  assert.equal(notFound.received.length, 1, 'a 4xx answer is not retried');
  const warnings = (await records()).filter((r) => r.level === 'warn');
  const failed = warnings.find((r) => r.object_name === 'bob');
  assert.ok(failed);
  assert.match(failed.message, /provider action hook failed: .*answered 500/);
  assert.equal(failed.object_type, 'user');
  assert.equal(failed.action, 'add');
  const answered = warnings.find((r) => r.object_name === 'carol');
  assert.ok(answered);
  assert.equal(answered.message, 'provider action hook answered 404');
  const log = await text();
  assert.ok(!log.includes('s3cret-token'), 'the hook query never reaches the log');
  assert.ok(!log.includes('object-marker'), 'the object never reaches the log');
});

test('a program that exits non-zero is logged as a warning, never thrown', async (t) => {
  const dir = await tempDir(t);
  const { logger, records, text } = fileLogger(t, dir);
  const hook = await script(dir, 'fail.sh', 'exit 3');
  const actions = setup({ hook, logger });
  assert.doesNotThrow(() => actions.listener(event({ objectType: 'user', objectName: 'dave' })));
  await actions.drain();
  const failed = (await records()).find((r) => r.level === 'warn' && r.object_name === 'dave');
  assert.ok(failed);
  assert.match(failed.message, /exited with code 3/);
  assert.equal(failed.object_type, 'user');
  assert.ok(!(await text()).includes('object-marker'));
});

async function timeLimitCase(t: TestContext, body: string): Promise<{ elapsed: number; message: string }> {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await script(dir, 'slow.sh', body);
  const commands: CommandConfig = {
    timeout: 30,
    env: [],
    commands: [{ path: hook, timeout: 1, env: [], args: [], hook: 'provider_actions' }],
  };
  const actions = setup({ hook, logger, commands });
  const started = performance.now();
  actions.listener(event({ objectName: 'erin' }));
  await actions.drain();
  const elapsed = performance.now() - started;
  const failed = (await records()).find((r) => r.level === 'warn' && r.object_name === 'erin');
  return { elapsed, message: failed?.message ?? '' };
}

test('a program over its per-hook time limit is killed and logged', async (t) => {
  const { elapsed, message } = await timeLimitCase(t, `exec ${bin('sleep')} 10`);
  assert.ok(elapsed >= 900 && elapsed < 5000, `killed after about 1 s, took ${elapsed} ms`);
  assert.match(message, /killed after 1000 ms/);
});

test('a script whose own child outlives the time limit is given up at the limit too', async (t) => {
  const { elapsed, message } = await timeLimitCase(t, `${bin('sleep')} 2`);
  assert.match(message, /killed after 1000 ms/);
  assert.ok(elapsed < 1800, `given up after about 1 s, took ${Math.round(elapsed)} ms`);
});

test('a relative program path is refused at start and at each event', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const actions = setup({ hook: 'hooks/provider.sh', logger });
  actions.listener(event());
  await actions.drain();
  const warnings = (await records()).filter((r) => r.level === 'warn');
  assert.ok(warnings.some((r) => r.message.includes('must be an absolute path or an HTTP URL')));
  assert.ok(
    warnings.some((r) => r.message.startsWith('provider action hook failed') && r.object_name === 'alice'),
  );
});

test('the listener returns before the hook runs; drain waits for it', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const hook = await script(dir, 'mark.sh', `${bin('touch')} "${dir}/fired"`);
  const actions = setup({ hook, logger });
  await actions.drain();
  actions.listener(event());
  assert.equal(existsSync(join(dir, 'fired')), false);
  await actions.drain();
  assert.equal(existsSync(join(dir, 'fired')), true);
});

test('events beyond the running and waiting limits are dropped with a warning', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await script(
    dir,
    'wait.sh',
    `while [ ! -e "${dir}/release" ]; do ${bin('sleep')} 0.05; done\n${bin('touch')} "${dir}/$SFTPGO_PROVIDER_OBJECT_NAME.done"`,
  );
  const actions = setup({ hook, logger, concurrency: 1, queueSize: 1 });
  for (const name of ['u1', 'u2', 'u3', 'u4']) actions.listener(event({ objectName: name }));
  await writeFile(join(dir, 'release'), '');
  await actions.drain();

  const done = (await readdir(dir)).filter((name) => name.endsWith('.done')).sort();
  assert.deepEqual(done, ['u1.done', 'u2.done']);
  const dropped = (await records()).filter((r) => r.message.startsWith('provider action dropped'));
  assert.deepEqual(
    dropped.map((r) => [r.level, r.object_name]),
    [
      ['warn', 'u3'],
      ['warn', 'u4'],
    ],
  );
  assert.match(dropped[0]?.message ?? '', /1 hooks running and 1 waiting/);
});

test('secrets left in the object are stripped before it is sent, and reported by path only', async (t) => {
  const dir = await tempDir(t);
  const { logger, records, text } = fileLogger(t, dir);
  const { base, received } = await receiver(t);
  const envHook = await script(dir, 'env.sh', `${bin('env')} > "${dir}/out.env"`);
  const viaHttp = setup({ hook: base, logger, executeFor: ['user', 'api_key'] });
  const viaProgram = setup({ hook: envHook, logger });
  const leaky = {
    username: 'frank',
    password: '$2a$10$password-hash',
    filesystem: {
      provider: 1,
      s3config: { bucket: 'b', access_secret: { status: 'Plain', payload: 'clear-s3-secret' } },
    },
  };
  const sent = event({ objectName: 'frank', object: leaky });
  viaHttp.listener(sent);
  viaHttp.listener(
    event({ objectType: 'api_key', objectName: 'k1', object: { id: 'k1', key: '$2a$10$api-key-hash' } }),
  );
  viaProgram.listener(sent);
  await Promise.all([viaHttp.drain(), viaProgram.drain()]);

  const expected = {
    username: 'frank',
    filesystem: { provider: 1, s3config: { bucket: 'b', access_secret: { status: 'Plain' } } },
  };
  const userBody = received.find((r) => r.url.searchParams.get('object_name') === 'frank')?.body ?? '';
  assert.deepEqual(JSON.parse(userBody), expected);
  const keyBody = received.find((r) => r.url.searchParams.get('object_name') === 'k1')?.body ?? '';
  assert.deepEqual(JSON.parse(keyBody), { id: 'k1' });
  const programEnv = parseEnv(await readFile(join(dir, 'out.env'), 'utf8'));
  assert.deepEqual(JSON.parse(programEnv.SFTPGO_PROVIDER_OBJECT ?? ''), expected);
  assert.deepEqual(leaky.password, '$2a$10$password-hash', "the caller's object is not changed");

  const reports = (await records()).filter((r) => r.message.startsWith('removed secret fields'));
  assert.ok(reports.some((r) => r.message.endsWith('password, filesystem.s3config.access_secret.payload')));
  assert.ok(reports.some((r) => r.message.endsWith(': key') && r.object_type === 'api_key'));
  const log = await text();
  for (const secret of ['password-hash', 'clear-s3-secret', 'api-key-hash']) {
    assert.ok(!log.includes(secret), `${secret} never reaches the log`);
  }
});
