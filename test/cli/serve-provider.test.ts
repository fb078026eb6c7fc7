import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/index.js';
import { openDataProvider } from '../../src/dataprovider/index.js';
import type { DataProvider } from '../../src/dataprovider/index.js';
import { createLogger } from '../../src/logger/index.js';
import { freePort, runCli, runCliToEnd, waitForLine } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const fixture = join(repoRoot, 'test/fixtures/dump/sftpgo-2.x.json');

/** Opens the SQLite provider a stopped `serve` left in `dir`. */
async function openSqlite(t: { after(fn: () => unknown): void }, dir: string): Promise<DataProvider> {
  const logger = createLogger({
    filePath: join(dir, 'inspect.log'),
    maxSizeMB: 1,
    maxBackups: 1,
    maxAgeDays: 0,
    compress: false,
    level: 'error',
    utcTime: false,
  });
  const provider = await openDataProvider({ config: defaultConfig().data_provider, configDir: dir, logger });
  t.after(async () => {
    await provider.close();
    await logger.close();
  });
  return provider;
}

async function serveUntilListening(
  t: Parameters<typeof runCli>[0],
  dir: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const port = await freePort();
  const run = runCli(t, ['serve', '-c', dir, ...args], {
    SFTPGO_HTTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_HTTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
    ...env,
  });
  await waitForLine(join(dir, 'sftpgo.log'), /listening on/);
  return run;
}

test('serve --loaddata-from restores a SFTPGo dump before serving, fires provider actions and removes the file', async (t) => {
  const dir = await tempDir(t);
  const dump = join(dir, 'dump.json');
  await copyFile(fixture, dump);
  const hook = join(dir, 'hook.sh');
  await writeFile(
    hook,
    `#!/bin/sh\necho "$SFTPGO_PROVIDER_ACTION $SFTPGO_PROVIDER_OBJECT_TYPE $SFTPGO_PROVIDER_OBJECT_NAME" >> ${dir}/actions.txt\n`,
  );
  await chmod(hook, 0o755);
  const run = await serveUntilListening(
    t,
    dir,
    ['--loaddata-from', dump, '--loaddata-mode', '0', '--loaddata-clean'],
    {
      SFTPGO_DATA_PROVIDER__ACTIONS__EXECUTE_ON: 'add',
      SFTPGO_DATA_PROVIDER__ACTIONS__EXECUTE_FOR: 'user',
      SFTPGO_DATA_PROVIDER__ACTIONS__HOOK: hook,
    },
  );
  await waitForLine(join(dir, 'sftpgo.log'), /data loaded from/);
  assert.equal(existsSync(dump), false, '--loaddata-clean removed the dump');
  run.child.kill('SIGTERM');
  assert.equal(await run.exited, 0, run.stderr());

  const actions = (await readFile(join(dir, 'actions.txt'), 'utf8')).trim().split('\n').sort();
  assert.deepEqual(actions, ['add user alice', 'add user bob'], 'the stop waited for the provider hooks');
  const provider = await openSqlite(t, dir);
  assert.deepEqual(
    (await provider.users.list({ limit: 10 })).map((u) => u.username),
    ['alice', 'bob'],
  );
  assert.notEqual(await provider.folders.get('shared'), undefined);
  assert.notEqual(await provider.admins.get('admin'), undefined);
});

test('a dump that cannot be loaded is reported and the service starts with its data unchanged', async (t) => {
  const dir = await tempDir(t);
  const broken = join(dir, 'broken.json');
  const dump = JSON.parse(await readFile(fixture, 'utf8')) as { users: { home_dir: string }[] };
  dump.users[1]!.home_dir = 'relative/home';
  await writeFile(broken, JSON.stringify(dump));
  const run = await serveUntilListening(t, dir, ['--loaddata-from', broken]);
  assert.match(run.stderr(), /users\[1\] \(bob\): home_dir/);
  run.child.kill('SIGTERM');
  assert.equal(await run.exited, 0);
  const provider = await openSqlite(t, dir);
  assert.equal(await provider.users.count(), 0, 'nothing of the broken dump was stored');
  assert.equal(existsSync(broken), true);
});

test('serve creates the default admin from the environment on an empty provider', async (t) => {
  const dir = await tempDir(t);
  const run = await serveUntilListening(t, dir, [], {
    SFTPGO_DATA_PROVIDER__CREATE_DEFAULT_ADMIN: 'true',
    SFTPGO_DEFAULT_ADMIN_USERNAME: 'root-admin',
    SFTPGO_DEFAULT_ADMIN_PASSWORD: 'pa55 word',
  });
  run.child.kill('SIGTERM');
  assert.equal(await run.exited, 0);
  const provider = await openSqlite(t, dir);
  const admin = await provider.admins.checkPassword('root-admin', 'pa55 word');
  assert.deepEqual(admin.permissions, ['*']);
  assert.doesNotMatch(await readFile(join(dir, 'sftpgo.log'), 'utf8'), /pa55 word/, 'no secret in the log');
});

test('serve exits 1 when the data provider cannot be opened', async (t) => {
  const dir = await tempDir(t);
  const closed = await freePort();
  const run = runCli(t, ['serve', '-c', dir], {
    SFTPGO_DATA_PROVIDER__DRIVER: 'postgresql',
    SFTPGO_DATA_PROVIDER__HOST: '127.0.0.1',
    SFTPGO_DATA_PROVIDER__PORT: String(closed),
    SFTPGO_HTTPD__BINDINGS__0__PORT: String(await freePort()),
  });
  assert.equal(await run.exited, 1);
  assert.match(run.stderr(), /cannot open the data provider/);
});

test('initprovider --loaddata-from creates the schema and loads the dump', async (t) => {
  const dir = await tempDir(t);
  const { code, stdout, stderr } = await runCliToEnd(['initprovider', '-c', dir, '--loaddata-from', fixture]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /data loaded from/);
  const provider = await openSqlite(t, dir);
  assert.equal(await provider.users.count(), 2);
  const bad = await runCliToEnd(['initprovider', '-c', dir, '--loaddata-from', 'relative.json']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /must be an absolute path/);
  const badMode = await runCliToEnd(['serve', '-c', dir, '--loaddata-mode', '3']);
  assert.equal(badMode.code, 2);
  assert.match(badMode.stderr, /allowed 0 to 2/);
});
