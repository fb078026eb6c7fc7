import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ActionDeniedError, createFsActions } from '../../../src/common/actions/index.js';
import type { FsActionEvent, FsActions, FsActionName } from '../../../src/common/actions/index.js';
import { HttpClient } from '../../../src/common/hooks/http-client.js';
import type { HttpClientConfig } from '../../../src/common/hooks/http-client.js';
import type { CommandConfig } from '../../../src/config/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { Logger } from '../../../src/logger/index.js';
import { bin, fileLogger, httpConfig, parseEnv, receiver, script } from '../../helpers/hooks.js';
import { tempDir } from '../../helpers/tmp.js';

const noCommands: CommandConfig = { timeout: 30, env: [], commands: [] };
/** More than 2^53: a trip through Number would change its last digits. */
const timestamp = 1700000000123456789n;

function event(overrides: Partial<FsActionEvent> = {}): FsActionEvent {
  return {
    action: 'upload',
    username: 'alice',
    path: '/srv/alice/report.txt',
    targetPath: '',
    virtualPath: '/report.txt',
    virtualTargetPath: '',
    sshCmd: '',
    fileSize: 1234,
    fsProvider: 0,
    bucket: '',
    endpoint: '',
    status: 1,
    protocol: 'SFTP',
    ip: '192.0.2.10',
    sessionId: 'SFTP_0a1b',
    openFlags: 0,
    role: '',
    timestamp,
    elapsed: 15,
    ...overrides,
  };
}

interface Setup {
  readonly hook: string;
  readonly logger: Logger;
  readonly executeOn?: readonly FsActionName[];
  readonly executeSync?: readonly FsActionName[];
  readonly commands?: CommandConfig;
  readonly http?: HttpClientConfig;
  readonly concurrency?: number;
  readonly queueSize?: number;
}

function setup(s: Setup): FsActions {
  return createFsActions({
    actions: {
      execute_on: [...(s.executeOn ?? ['pre-upload', 'upload', 'pre-delete', 'delete'])],
      execute_sync: [...(s.executeSync ?? [])],
      hook: s.hook,
    },
    commands: s.commands ?? noCommands,
    http: new HttpClient(s.http ?? httpConfig),
    logger: s.logger,
    ...(s.concurrency === undefined ? {} : { concurrency: s.concurrency }),
    ...(s.queueSize === undefined ? {} : { queueSize: s.queueSize }),
  });
}

/**
 * A hook that creates `<dir>/<action>-<username>.fired` (after `delay` seconds when given), then exits
 * with `code`.
 */
async function markHook(dir: string, code = 0, delay = 0): Promise<string> {
  const wait = delay > 0 ? `${bin('sleep')} ${delay}\n` : '';
  return script(
    dir,
    'mark.sh',
    `${wait}${bin('touch')} "${dir}/$SFTPGO_ACTION-$SFTPGO_ACTION_USERNAME.fired"\nexit ${code}`,
  );
}

async function fired(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.fired')).sort();
}

test('handles() is true only for actions in execute_on, and only when a hook is set', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const actions = setup({ hook: '/usr/local/bin/hook', logger, executeOn: ['upload', 'pre-delete'] });
  assert.equal(actions.handles('upload'), true);
  assert.equal(actions.handles('pre-delete'), true);
  assert.equal(actions.handles('download'), false);
  const noHook = setup({ hook: '', logger, executeOn: ['upload'] });
  assert.equal(noHook.handles('upload'), false);
  await noHook.run(event());
  assert.ok((await records()).some((r) => r.level === 'warn' && r.message.includes('no hook is set')));
});

test('a program hook gets exactly the SFTPGO_ACTION variables and the command section env', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await script(dir, 'env.sh', `${bin('env')} > "${dir}/$SFTPGO_ACTION.env"`);
  process.env.SFTPGO_TEST_LEAK = 'must-not-leak';
  t.after(() => delete process.env.SFTPGO_TEST_LEAK);
  const commands: CommandConfig = {
    timeout: 30,
    env: ['FROM_CONFIG=1'],
    commands: [{ path: hook, timeout: 0, env: ['FOR_FS=2'], args: [], hook: 'fs_actions' }],
  };
  const actions = setup({ hook, logger, commands, executeOn: ['rename'], executeSync: ['rename'] });

  await actions.run(
    event({
      action: 'rename',
      targetPath: '/srv/alice/new.txt',
      virtualTargetPath: '/new.txt',
      role: 'ops',
      fsProvider: 1,
      bucket: 'bkt',
      endpoint: 'https://s3.example',
      status: 2,
    }),
  );

  assert.deepEqual(parseEnv(await readFile(join(dir, 'rename.env'), 'utf8')), {
    FROM_CONFIG: '1',
    FOR_FS: '2',
    SFTPGO_ACTION: 'rename',
    SFTPGO_ACTION_USERNAME: 'alice',
    SFTPGO_ACTION_PATH: '/srv/alice/report.txt',
    SFTPGO_ACTION_TARGET: '/srv/alice/new.txt',
    SFTPGO_ACTION_VIRTUAL_PATH: '/report.txt',
    SFTPGO_ACTION_VIRTUAL_TARGET: '/new.txt',
    SFTPGO_ACTION_SSH_CMD: '',
    SFTPGO_ACTION_FILE_SIZE: '1234',
    SFTPGO_ACTION_ELAPSED: '15',
    SFTPGO_ACTION_FS_PROVIDER: '1',
    SFTPGO_ACTION_BUCKET: 'bkt',
    SFTPGO_ACTION_ENDPOINT: 'https://s3.example',
    SFTPGO_ACTION_STATUS: '2',
    SFTPGO_ACTION_PROTOCOL: 'SFTP',
    SFTPGO_ACTION_IP: '192.0.2.10',
    SFTPGO_ACTION_SESSION_ID: 'SFTP_0a1b',
    SFTPGO_ACTION_OPEN_FLAGS: '0',
    SFTPGO_ACTION_TIMESTAMP: '1700000000123456789',
    SFTPGO_ACTION_ROLE: 'ops',
  });
  const done = (await records()).find((r) => r.message === 'rename action hook done');
  assert.ok(done, 'a debug record for the success');
  assert.equal(done.level, 'debug');
  assert.equal(done.sender, 'SFTP');
  assert.equal(done.virtual_path, '/report.txt');
  assert.equal(typeof done.elapsed_ms, 'number');
});

test('actions outside execute_on resolve at once and run nothing', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const hook = await markHook(dir, 1);
  const actions = setup({ hook, logger, executeOn: ['upload'], executeSync: ['download'] });
  await actions.run(event({ action: 'download' }));
  await actions.run(event({ action: 'pre-upload' }));
  await actions.drain();
  assert.deepEqual(await fired(dir), []);
});

test('pre-actions are always awaited and a failing hook denies the operation', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const ok = setup({ hook: await markHook(dir, 0), logger, executeOn: ['pre-upload', 'pre-download'] });
  await ok.run(event({ action: 'pre-upload', username: 'ann' }));
  assert.deepEqual(await fired(dir), ['pre-upload-ann.fired'], 'done before run resolved');

  const denyDir = await tempDir(t);
  const deny = setup({ hook: await markHook(denyDir, 1), logger, executeOn: ['pre-download', 'pre-delete'] });
  for (const action of ['pre-download', 'pre-delete'] as const) {
    await assert.rejects(deny.run(event({ action, username: 'bob' })), (err: unknown) => {
      assert.ok(err instanceof ActionDeniedError);
      assert.equal(err.code, 'ERR_ACTION_DENIED');
      assert.match(err.message, new RegExp(`^${action} action hook failed: .*exited with code 1`));
      return true;
    });
  }
  assert.deepEqual(await fired(denyDir), ['pre-delete-bob.fired', 'pre-download-bob.fired']);
  const warned = (await records()).filter((r) => r.level === 'warn' && r.username === 'bob');
  assert.equal(warned.length, 2);
});

test('other actions run in the background unless listed in execute_sync', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await markHook(dir, 1, 0.3);
  const actions = setup({ hook, logger, executeOn: ['upload', 'delete'], executeSync: ['delete'] });

  await actions.run(event({ action: 'upload', username: 'async' }));
  assert.deepEqual(await fired(dir), [], 'an asynchronous action does not hold the caller');
  await actions.drain();
  assert.deepEqual(await fired(dir), ['upload-async.fired']);
  const asyncWarn = (await records()).find((r) => r.level === 'warn' && r.username === 'async');
  assert.ok(asyncWarn, 'an asynchronous failure is only logged');
  assert.match(asyncWarn.message, /^upload action hook failed: .*exited with code 1/);

  await assert.rejects(actions.run(event({ action: 'delete', username: 'sync' })), ActionDeniedError);
  assert.deepEqual(await fired(dir), ['delete-sync.fired', 'upload-async.fired']);
});

test('a synchronous action that succeeds resolves after the hook ran', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const hook = await markHook(dir, 0, 0.3);
  const actions = setup({ hook, logger, executeOn: ['upload'], executeSync: ['upload'] });
  await actions.run(event({ username: 'carol' }));
  assert.deepEqual(await fired(dir), ['upload-carol.fired']);
});

test('an HTTP hook receives the event as SFTPGo JSON, the nanosecond timestamp exact', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const { base, received } = await receiver(t);
  const actions = setup({ hook: `${base}/fs?token=s3cret-token`, logger, executeSync: ['upload'] });

  await actions.run(event({ action: 'upload', openFlags: 26, role: 'ops' }));
  await actions.run(event({ action: 'pre-delete', fileSize: 0, elapsed: 0 }));

  assert.equal(received.length, 2);
  const [upload, preDelete] = received;
  assert.ok(upload && preDelete);
  assert.equal(upload.method, 'POST');
  assert.equal(upload.url.pathname, '/fs');
  assert.equal(upload.url.search, '?token=s3cret-token');
  assert.equal(upload.headers['content-type'], 'application/json');
  assert.equal(
    upload.body,
    '{"action":"upload","username":"alice","path":"/srv/alice/report.txt","virtual_path":"/report.txt",' +
      '"file_size":1234,"fs_provider":0,"status":1,"protocol":"SFTP","ip":"192.0.2.10",' +
      '"session_id":"SFTP_0a1b","timestamp":1700000000123456789,"open_flags":26,"role":"ops","elapsed":15}\n',
  );
  assert.equal(
    preDelete.body,
    '{"action":"pre-delete","username":"alice","path":"/srv/alice/report.txt","virtual_path":"/report.txt",' +
      '"fs_provider":0,"status":1,"protocol":"SFTP","ip":"192.0.2.10","session_id":"SFTP_0a1b",' +
      '"timestamp":1700000000123456789}\n',
  );
  const done = (await records()).filter((r) => r.message.endsWith('action hook done'));
  assert.equal(done.length, 2);
  assert.equal(done[0]?.status, 200);
  assert.equal(done[0]?.hook, `${base}/fs`);
});

test('an HTTP answer other than 200 denies a synchronous action, without the token anywhere', async (t) => {
  const dir = await tempDir(t);
  const { logger, text } = fileLogger(t, dir);
  const accepted = await receiver(t, () => 202);
  const failing = await receiver(t, () => 503);
  const tokenHook = (base: string) => `${base}/fs?token=s3cret-token`;

  const notOk = setup({ hook: tokenHook(accepted.base), logger });
  await assert.rejects(notOk.run(event({ action: 'pre-upload' })), (err: unknown) => {
    assert.ok(err instanceof ActionDeniedError);
    assert.equal(
      err.message,
      `pre-upload action hook failed: POST ${accepted.base}/fs answered 202, not 200`,
    );
    return true;
  });
  assert.equal(accepted.received.length, 1, 'a 2xx answer is not retried');

  const retried = setup({ hook: tokenHook(failing.base), logger, http: { ...httpConfig, retry_max: 2 } });
  await assert.rejects(retried.run(event({ action: 'pre-delete' })), (err: unknown) => {
    assert.ok(err instanceof ActionDeniedError);
    assert.match(err.message, /answered 503/);
    assert.ok(!err.message.includes('s3cret-token'));
    assert.ok(err.cause instanceof Error && !err.cause.message.includes('s3cret-token'));
    return true;
  });
  assert.equal(failing.received.length, 3, 'a 5xx answer is retried as the http section says');

  const closed = `http://127.0.0.1:${await unusedPort()}`;
  const unreachable = setup({ hook: tokenHook(closed), logger, http: { ...httpConfig, retry_max: 0 } });
  await assert.rejects(unreachable.run(event({ action: 'pre-upload' })), (err: unknown) => {
    assert.ok(err instanceof ActionDeniedError);
    assert.ok(!err.message.includes('s3cret-token'), err.message);
    return true;
  });
  assert.ok(!(await text()).includes('s3cret-token'), 'the hook query never reaches the log');
});

/** A port nothing listens on: a receiver opened and closed again. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a program over its per-hook time limit is killed and denies a synchronous action', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const hook = await script(dir, 'slow.sh', `exec ${bin('sleep')} 10`);
  const commands: CommandConfig = {
    timeout: 30,
    env: [],
    commands: [{ path: hook, timeout: 1, env: [], args: [], hook: 'fs_actions' }],
  };
  const actions = setup({ hook, logger, commands });
  const started = performance.now();
  await assert.rejects(actions.run(event({ action: 'pre-delete' })), /killed after 1000 ms/);
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 900 && elapsed < 5000, `killed after about 1 s, took ${Math.round(elapsed)} ms`);
});

test('asynchronous events beyond the running and waiting limits are dropped with a warning', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const hook = await markHook(dir, 0, 0.3);
  const actions = setup({ hook, logger, executeOn: ['upload'], concurrency: 1, queueSize: 1 });
  for (const username of ['u1', 'u2', 'u3', 'u4']) await actions.run(event({ username }));
  await actions.drain();
  assert.deepEqual(await fired(dir), ['upload-u1.fired', 'upload-u2.fired']);
  const dropped = (await records()).filter((r) => r.message.startsWith('upload action dropped'));
  assert.deepEqual(
    dropped.map((r) => r.username),
    ['u3', 'u4'],
  );
});

test('a relative program path is reported at start and fails every run', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  const actions = setup({ hook: 'hooks/fs.sh', logger, executeOn: ['pre-upload', 'upload'] });
  assert.ok(
    (await records()).some(
      (r) =>
        r.level === 'warn' &&
        r.message === 'common.actions.hook "hooks/fs.sh" must be an absolute path or an HTTP URL',
    ),
  );
  await assert.rejects(actions.run(event({ action: 'pre-upload' })), ActionDeniedError);
  await actions.run(event({ action: 'upload', username: 'dan' }));
  await actions.drain();
  assert.ok(
    (await records()).some(
      (r) => r.level === 'warn' && r.username === 'dan' && /absolute path/.test(r.message),
    ),
  );
});

test('execute_sync entries missing from execute_on are reported at start', async (t) => {
  const dir = await tempDir(t);
  const { logger, records } = fileLogger(t, dir);
  setup({ hook: '/usr/local/bin/hook', logger, executeOn: ['upload'], executeSync: ['upload', 'delete'] });
  const warning = (await records()).find((r) => r.level === 'warn');
  assert.equal(
    warning?.message,
    'common.actions.execute_sync lists delete, not in execute_on: they never run',
  );
});

test('a 1.x configuration with sftpd.actions.command and http_notification_url builds working actions', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const hook = await markHook(dir, 0);
  const load = async (actions: Record<string, unknown>, name: string, env: Record<string, string> = {}) => {
    await writeFile(join(dir, `${name}.json`), JSON.stringify({ sftpd: { actions } }));
    const { config } = await loadConfig({ configDir: dir, configFile: `${name}.json`, env });
    return createFsActions({
      actions: config.common.actions,
      commands: config.command,
      http: new HttpClient({ ...config.http, retry_wait_min: 0, retry_wait_max: 0 }),
      logger,
    });
  };

  const program = await load({ execute_on: ['upload', 'rename'], command: hook }, 'program');
  assert.equal(program.handles('upload'), true);
  assert.equal(program.handles('download'), false);
  await program.run(event({ action: 'upload', username: 'legacy' }));
  await program.run(event({ action: 'download', username: 'legacy' }));
  await program.drain();
  assert.deepEqual(await fired(dir), ['upload-legacy.fired']);

  const overridden = await load({ execute_on: ['upload'], command: hook }, 'env', {
    SFTPGO_SFTPD__ACTIONS__EXECUTE_ON: 'download,rename',
  });
  assert.equal(overridden.handles('download'), true, 'the 1.x environment override is read too');
  assert.equal(overridden.handles('upload'), false);

  const { base, received } = await receiver(t);
  const web = await load({ execute_on: ['delete'], http_notification_url: `${base}/legacy` }, 'web');
  await web.run(event({ action: 'delete' }));
  await web.drain();
  assert.equal(received.length, 1);
  assert.equal(received[0]?.url.pathname, '/legacy');
  assert.equal((JSON.parse(received[0]?.body ?? '{}') as { action?: string }).action, 'delete');
  assert.ok(existsSync(join(dir, 'upload-legacy.fired')));
});
