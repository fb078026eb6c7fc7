import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rename, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { freePort, runCli, waitForLine } from '../helpers/cli.js';

/** The exit code, or a failure when the process is still running after `ms`. */
async function exitWithin(run: { exited: Promise<number | string> }, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

test('serve answers on the configured port and exits 0 on SIGTERM after closing its listener', async (t) => {
  const dir = await tempDir(t);
  const port = await freePort();
  await writeFile(
    join(dir, 'sftpgo.yaml'),
    `httpd:\n  bindings:\n    - address: 127.0.0.1\n      port: ${port}\n`,
  );
  const log = join(dir, 'sftpgo.log');
  const run = runCli(t, ['serve', '-c', dir, '--log-level', 'info']);
  await waitForLine(log, /listening on/);
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(answer.status, 200);
  assert.equal(await answer.text(), 'ok');
  assert.match(run.stdout(), new RegExp(`started \\(httpd 127\\.0\\.0\\.1:${port}\\); log: ${log}`));
  run.child.kill('SIGTERM');
  assert.equal(await exitWithin(run, 10_000), 0, run.stderr());
  assert.equal(await refused(port), true, 'the listener is closed');
  await waitForLine(log, /service stopped/);
});

test('SIGHUP reopens the log file after it was moved away', async (t) => {
  const dir = await tempDir(t);
  const port = await freePort();
  await writeFile(
    join(dir, 'sftpgo.json'),
    JSON.stringify({ httpd: { bindings: [{ address: '127.0.0.1', port }] } }),
  );
  const log = join(dir, 'custom.log');
  const run = runCli(t, ['serve', '--config-dir', dir, '--log-file-path', 'custom.log']);
  await waitForLine(log, /listening on/);
  await rename(log, `${log}.1`);
  run.child.kill('SIGHUP');
  await waitForLine(log, /reload done/);
  run.child.kill('SIGTERM');
  assert.equal(await exitWithin(run, 10_000), 0, run.stderr());
  await waitForLine(log, /service stopped/);
});

test('an env override beats the file and the config file can be named with its extension', async (t) => {
  const dir = await tempDir(t);
  const [filePort, envPort] = [await freePort(), await freePort()];
  await writeFile(join(dir, 'my.toml'), `[[httpd.bindings]]\naddress = "127.0.0.1"\nport = ${filePort}\n`);
  const log = join(dir, 'sftpgo.log');
  const run = runCli(t, ['serve', '-c', dir, '--config-file', 'my.toml'], {
    SFTPGO_HTTPD__BINDINGS__0__PORT: String(envPort),
  });
  await waitForLine(log, /listening on/);
  assert.equal((await fetch(`http://127.0.0.1:${envPort}/healthz`)).status, 200);
  assert.equal(await refused(filePort), true);
  run.child.kill('SIGINT');
  assert.equal(await exitWithin(run, 10_000), 0, run.stderr());
});

const badConfigs = [
  {
    name: 'out-of-range port',
    file: 'sftpgo.json',
    text: JSON.stringify({ httpd: { bindings: [{ port: 70000 }] } }),
    mentions: ['httpd.bindings[0].port', '70000'],
  },
  {
    name: 'unknown enum value',
    file: 'sftpgo.yaml',
    text: 'data_provider:\n  driver: nosql\n',
    mentions: ['data_provider.driver', 'nosql', 'sqlite'],
  },
  { name: 'malformed syntax', file: 'sftpgo.toml', text: '[httpd\nport = ', mentions: [] },
];

for (const bad of badConfigs) {
  test(`a config with an ${bad.name} exits 1 naming key, value and file, before listening`, async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, bad.file), bad.text);
    const log = join(dir, 'sftpgo.log');
    const run = runCli(t, ['serve', '-c', dir], {
      SFTPGO_HTTPD__BINDINGS__0__PORT: String(await freePort()),
    });
    assert.equal(await exitWithin(run, 10_000), 1);
    for (const word of [...bad.mentions, join(dir, bad.file)])
      assert.ok(run.stderr().includes(word), `"${word}" in: ${run.stderr()}`);
    await waitForLine(log, /invalid configuration/);
    await assert.rejects(waitForLine(log, /listening on/, 200));
  });
}

test('a port that is already taken makes serve exit 1', async (t) => {
  const dir = await tempDir(t);
  const port = await freePort();
  const first = runCli(t, ['serve', '-c', dir, '-l', 'first.log'], {
    SFTPGO_HTTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_HTTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
  });
  await waitForLine(join(dir, 'first.log'), /listening on/);
  const second = runCli(t, ['serve', '-c', dir, '-l', 'second.log'], {
    SFTPGO_HTTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_HTTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
  });
  assert.equal(await exitWithin(second, 10_000), 1);
  assert.match(second.stderr(), /could not start httpd/);
  first.child.kill('SIGTERM');
  assert.equal(await exitWithin(first, 10_000), 0);
});
