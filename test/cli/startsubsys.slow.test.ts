/**
 * `sftpgo startsubsys` driven by the real OpenSSH `sftp` client: `sftp -D <command>` runs the
 * command as its server and speaks SFTP on the command's stdin/stdout, as sshd does with a
 * `Subsystem` line.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { ProgramResult } from '../helpers/cli.js';
import { cleanEnv, freePort, runToEnd, waitForLine } from '../helpers/cli.js';
import { cliPath } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const osUser = userInfo();
const openSshServer = '/usr/lib/openssh/sftp-server';
const sshd = '/usr/sbin/sshd';
const exec = promisify(execFile);

/** A word for the command line `sftp -D` splits: single quotes keep it whole. */
function quoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `sftp -D` command that runs our subsystem. */
function subsystemCommand(args: readonly string[]): string {
  return [process.execPath, cliPath, 'startsubsys', ...args].map(quoted).join(' ');
}

/** Runs `sftp -b <batch> -D <server>`: the batch stops at the first failing command (exit 1 then). */
async function sftpBatch(
  t: TestContext,
  server: string,
  commands: readonly string[],
  env: Record<string, string> = {},
): Promise<ProgramResult> {
  const dir = await tempDir(t, 'sftpgo-batch-');
  const batch = join(dir, 'batch');
  await writeFile(batch, `${commands.join('\n')}\n`);
  const childEnv = cleanEnv(env);
  if (env.SSH_CONNECTION === undefined) delete childEnv.SSH_CONNECTION;
  return runToEnd('sftp', ['-b', batch, '-D', server], childEnv);
}

/** A config dir whose memory provider loads a dump holding `users`. */
async function memoryConfig(t: TestContext, users: readonly Record<string, unknown>[]): Promise<string> {
  const dir = await tempDir(t, 'sftpgo-subsys-cfg-');
  await writeFile(join(dir, 'users.json'), JSON.stringify({ users, version: 16 }));
  await writeFile(
    join(dir, 'sftpgo.json'),
    JSON.stringify({ data_provider: { driver: 'memory', name: 'users.json' } }),
  );
  return dir;
}

function storedUser(fields: Record<string, unknown>): Record<string, unknown> {
  return { username: osUser.username, status: 1, permissions: { '/': ['*'] }, ...fields };
}

/** The files of a directory, sorted. */
async function names(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

test('a user rooted at / works as OpenSSH sftp-server does', async (t) => {
  const config = await memoryConfig(t, [storedUser({ home_dir: '/' })]);
  const log = join(config, 'subsys.log');
  // Several MB, so that both directions go through backpressure on the pipes.
  const source = randomBytes(6_000_000);
  // The same tree and the same batch for both servers; transcripts must match but for the dir.
  const runOn = async (server: string) => {
    const remote = await tempDir(t, 'sftpgo-remote-');
    const local = await tempDir(t, 'sftpgo-local-');
    await writeFile(join(remote, 'src.bin'), source);
    await mkdir(join(remote, 'sub'));
    await writeFile(join(remote, 'sub', 'a.txt'), 'a');
    await writeFile(join(local, 'up.bin'), source.subarray(0, 123_457));
    const run = await sftpBatch(t, server, [
      `ls -1 ${remote}`,
      `get ${remote}/src.bin ${local}/got.bin`,
      `put ${local}/up.bin ${remote}/up.bin`,
      `mkdir ${remote}/newdir`,
      `rename ${remote}/up.bin ${remote}/newdir/moved.bin`,
      `rm ${remote}/src.bin`,
      `rm ${remote}/sub/a.txt`,
      `rmdir ${remote}/sub`,
      `ls -1 ${remote}/newdir`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await readFile(join(local, 'got.bin')), source);
    assert.deepEqual(await readFile(join(remote, 'newdir', 'moved.bin')), source.subarray(0, 123_457));
    assert.deepEqual(await names(remote), ['newdir']);
    return run.stdout.split(remote).join('<dir>').split(local).join('<local>');
  };
  const ours = await runOn(subsystemCommand(['-c', config, '-p', '--log-file-path', log]));
  assert.match(ours, /<dir>\/src\.bin/);
  await t.test(
    'same transcript as sftp-server',
    { skip: !existsSync(openSshServer) && 'OpenSSH sftp-server is not installed' },
    async () => {
      assert.equal(await runOn(openSshServer), ours);
    },
  );
  // -p kept the stored home "/" (the OS home would have rooted the user elsewhere).
  assert.match(await readFile(log, 'utf8'), /with home dir \/"/);
});

test('a user that does not exist is added with its home under --base-home-dir', async (t) => {
  const config = await memoryConfig(t, []);
  const base = await tempDir(t, 'sftpgo-base-');
  // A wrapper records the subsystem's exit status, which the sftp client does not report.
  const wrapper = join(config, 'wrapper.sh');
  const status = join(config, 'status');
  await writeFile(wrapper, `#!/bin/sh\n"$@"\necho $? > ${quoted(status)}\n`, { mode: 0o755 });
  const server = `${quoted(wrapper)} ${subsystemCommand(['-c', config, '-d', base, '--log-level', 'warn'])}`;
  const run = await sftpBatch(t, server, ['pwd', 'mkdir made', 'ls -1']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal((await readFile(status, 'utf8')).trim(), '0');
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /Remote working directory: \/\n/);
  assert.match(run.stdout, /^made$/m);
  assert.ok((await stat(join(base, osUser.username, 'made'))).isDirectory());
});

test('without --preserve-home a stored user is served in the system home directory', async (t) => {
  const elsewhere = await tempDir(t, 'sftpgo-stored-home-');
  const config = await memoryConfig(t, [storedUser({ home_dir: elsewhere })]);
  const log = join(config, 'subsys.log');
  const run = await sftpBatch(t, subsystemCommand(['-c', config, '--log-file-path', log]), ['pwd']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(await readFile(log, 'utf8'), new RegExp(`with home dir ${osUser.homedir}"`));
  assert.deepEqual(await names(elsewhere), []);
});

test('the stored user permissions apply: no upload permission, no put', async (t) => {
  const home = await tempDir(t, 'sftpgo-home-');
  await writeFile(join(home, 'readme.txt'), 'hello');
  const config = await memoryConfig(t, [
    storedUser({ home_dir: home, permissions: { '/': ['list', 'download'] } }),
  ]);
  const local = await tempDir(t, 'sftpgo-local-');
  await writeFile(join(local, 'up.txt'), 'data');
  const run = await sftpBatch(t, subsystemCommand(['-c', config, '-p', '--log-level', 'error']), [
    'ls -1',
    `get readme.txt ${local}/readme.txt`,
    `put ${local}/up.txt up.txt`,
  ]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^readme\.txt$/m);
  assert.equal(await readFile(join(local, 'readme.txt'), 'utf8'), 'hello');
  assert.match(run.stderr, /Permission denied/);
  assert.deepEqual(await names(home), ['readme.txt']);
});

test('quotas and custom actions apply as over SSH', async (t) => {
  const home = await tempDir(t, 'sftpgo-home-');
  const config = await memoryConfig(t, [storedUser({ home_dir: home, quota_files: 1 })]);
  const events = join(config, 'events.txt');
  const hook = join(config, 'hook.sh');
  await writeFile(
    hook,
    `#!/bin/sh\necho "$SFTPGO_ACTION $SFTPGO_ACTION_VIRTUAL_PATH $SFTPGO_ACTION_PROTOCOL" >> ${quoted(events)}\n`,
    { mode: 0o755 },
  );
  await writeFile(
    join(config, 'sftpgo.json'),
    JSON.stringify({
      data_provider: { driver: 'memory', name: 'users.json' },
      common: { actions: { execute_on: ['upload'], hook } },
    }),
  );
  const local = await tempDir(t, 'sftpgo-local-');
  await writeFile(join(local, 'f.txt'), 'data');
  const run = await sftpBatch(t, subsystemCommand(['-c', config, '-p', '--log-level', 'error']), [
    `put ${local}/f.txt one.txt`,
    `put ${local}/f.txt two.txt`,
  ]);
  assert.equal(run.code, 1, 'the second upload is over the quota');
  assert.match(run.stderr, /two\.txt/);
  assert.deepEqual(await names(home), ['one.txt']);
  // The process waits for its running hooks before it exits, and sftp waits for the process.
  assert.equal(await readFile(events, 'utf8'), 'upload /one.txt SFTP\n');
});

test('a sqlite provider is replaced by an empty memory one: no database file', async (t) => {
  const config = await tempDir(t, 'sftpgo-subsys-cfg-');
  await writeFile(
    join(config, 'sftpgo.json'),
    JSON.stringify({ data_provider: { driver: 'sqlite', name: 'sftpgo.db' } }),
  );
  const base = await tempDir(t, 'sftpgo-base-');
  const log = join(config, 'subsys.log');
  const run = await sftpBatch(t, subsystemCommand(['-c', config, '-d', base, '--log-file-path', log]), [
    'mkdir x',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await names(config), ['sftpgo.json', 'subsys.log']);
  assert.ok((await stat(join(base, osUser.username, 'x'))).isDirectory());
  assert.match(await readFile(log, 'utf8'), /data provider \\"sqlite\\" not usable in subsystem mode/);
});

test('the client address comes from SSH_CONNECTION', async (t) => {
  const config = await memoryConfig(t, []);
  const base = await tempDir(t, 'sftpgo-base-');
  const log = join(config, 'subsys.log');
  const run = await sftpBatch(
    t,
    subsystemCommand(['-c', config, '-d', base, '--log-file-path', log]),
    ['mkdir y'],
    { SSH_CONNECTION: '192.0.2.7 50022 198.51.100.1 22' },
  );
  assert.equal(run.code, 0, run.stderr);
  const mkdirRecord = (await readFile(log, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((r) => r.sender === 'Mkdir');
  assert.equal(mkdirRecord?.remote_addr, '192.0.2.7:50022');
  assert.equal(mkdirRecord?.local_addr, '198.51.100.1:22');
});

/** Starts the subsystem directly, with pipes on stdin/stdout/stderr. */
function startDirect(t: TestContext, args: readonly string[]) {
  const env = cleanEnv();
  delete env.SSH_CONNECTION;
  const child = spawn(process.execPath, [cliPath, 'startsubsys', ...args], { env });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => stdout.push(c));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => Buffer.concat(stdout), stderr: () => stderr, exited };
}

/** `startsubsys` over a fresh configuration without users and base home directory, logging to a file. */
async function startWithLogFile(t: TestContext) {
  const config = await memoryConfig(t, []);
  const base = await tempDir(t, 'sftpgo-base-');
  const log = join(config, 'subsys.log');
  return { run: startDirect(t, ['-c', config, '-d', base, '--log-file-path', log]), log };
}

test(
  'stdout carries only SFTP; the session ends with exit 0 at end of input',
  { timeout: 30_000 },
  async (t) => {
    const { run, log } = await startWithLogFile(t);
    // SSH_FXP_INIT, version 3.
    run.child.stdin.write(Buffer.from([0, 0, 0, 5, 1, 0, 0, 0, 3]));
    const deadline = Date.now() + 10_000;
    while (run.stdout().length < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    run.child.stdin.end();
    assert.equal(await run.exited, 0);
    const out = run.stdout();
    assert.equal(out.readUInt32BE(0), out.length - 4, 'exactly one packet on stdout');
    assert.equal(out[4], 2, 'SSH_FXP_VERSION');
    assert.equal(out.readUInt32BE(5), 3);
    assert.equal(run.stderr(), '');
    const logText = await readFile(log, 'utf8');
    assert.match(logText, /starting SFTPGo/);
    assert.match(logText, /serving subsystem finished/);
  },
);

test(
  'a malformed packet ends the session with exit 1 even with stdin still open',
  { timeout: 30_000 },
  async (t) => {
    const { run, log } = await startWithLogFile(t);
    // SSH_FXP_OPEN before SSH_FXP_INIT.
    run.child.stdin.write(Buffer.from([0, 0, 0, 5, 3, 0, 0, 0, 1]));
    assert.equal(await run.exited, 1);
    assert.equal(run.stdout().length, 0);
    assert.match(await readFile(log, 'utf8'), /packet type 3 before INIT/);
  },
);

test('without a log file the log goes to stderr, never to stdout', async (t) => {
  const config = await memoryConfig(t, []);
  const base = await tempDir(t, 'sftpgo-base-');
  const run = startDirect(t, ['-c', config, '-d', base]);
  run.child.stdin.end();
  assert.equal(await run.exited, 0);
  assert.equal(run.stdout().length, 0);
  assert.match(run.stderr(), /"message":"starting SFTPGo/);
});

test('an invalid configuration ends with exit 1 and says why on stderr', async (t) => {
  const config = await tempDir(t, 'sftpgo-subsys-cfg-');
  await writeFile(join(config, 'sftpgo.json'), '{"data_provider": {"driver": "oracle"}}');
  const run = startDirect(t, ['-c', config, '--log-level', 'error']);
  run.child.stdin.end();
  assert.equal(await run.exited, 1);
  assert.equal(run.stdout().length, 0);
  assert.match(run.stderr(), /sftpgo startsubsys: invalid configuration: .*data_provider\.driver/);
});

test('a log file that cannot be opened ends with exit 1', async (t) => {
  const config = await memoryConfig(t, []);
  const run = startDirect(t, ['-c', config, '-l', '/dev/null/subsys.log']);
  run.child.stdin.end();
  assert.equal(await run.exited, 1);
  assert.equal(run.stdout().length, 0);
  assert.match(run.stderr(), /sftpgo startsubsys: cannot open the log: /);
});

test('a disabled or expired stored user is refused with exit 1', async (t) => {
  for (const fields of [{ status: 0 }, { expiration_date: Date.now() - 60_000 }]) {
    const home = await tempDir(t, 'sftpgo-home-');
    const config = await memoryConfig(t, [storedUser({ home_dir: home, ...fields })]);
    const run = await sftpBatch(t, subsystemCommand(['-c', config, '-p', '--log-level', 'error']), ['ls']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /login refused for user ".*": the account (is disabled|expired)/);
  }
});

test('a relative --base-home-dir is a usage error', async (t) => {
  const run = startDirect(t, ['-d', 'relative/dir']);
  assert.equal(await run.exited, 2);
  assert.match(run.stderr(), /must be an absolute path/);
});

/** Starts OpenSSH's sshd on a free loopback port with our subsystem; resolves with its port. */
async function startSshd(t: TestContext, dir: string, subsystem: string): Promise<number> {
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'user_key')]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'user_key.pub')));
  const port = await freePort();
  const settings = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PermitRootLogin yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    `Subsystem sftp ${subsystem}`,
  ];
  await writeFile(join(dir, 'sshd_config'), `${settings.join('\n')}\n`);
  // sshd refuses to start without its privilege separation directory, which only its service creates.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const log = join(dir, 'sshd.log');
  const child = spawn(sshd, ['-D', '-f', join(dir, 'sshd_config'), '-E', log], { stdio: 'ignore' });
  t.after(() => {
    child.kill('SIGTERM');
  });
  await waitForLine(log, /Server listening/);
  return port;
}

test(
  'as the Subsystem of a real sshd, for the user sshd authenticated',
  { skip: (!existsSync(sshd) || process.getuid?.() !== 0) && 'needs root and OpenSSH sshd' },
  async (t) => {
    const dir = await tempDir(t, 'sftpgo-sshd-');
    const config = await memoryConfig(t, []);
    const base = await tempDir(t, 'sftpgo-base-');
    const log = join(config, 'subsys.log');
    // sshd runs the Subsystem line with the user's shell: the temp paths need no quoting.
    const command = [process.execPath, cliPath, 'startsubsys', '-c', config, '-d', base, '-l', log];
    const port = await startSshd(t, dir, command.join(' '));
    const local = await tempDir(t, 'sftpgo-local-');
    const data = randomBytes(1_000_000);
    await writeFile(join(local, 'up.bin'), data);
    const batch = join(dir, 'batch');
    await writeFile(batch, `put ${local}/up.bin up.bin\nls -1\n`);
    const run = await runToEnd(
      'sftp',
      [
        '-b',
        batch,
        '-i',
        join(dir, 'user_key'),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        '-P',
        String(port),
        `${osUser.username}@127.0.0.1`,
      ],
      cleanEnv(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^up\.bin$/m);
    assert.deepEqual(await readFile(join(base, osUser.username, 'up.bin')), data);
    // sshd's SSH_CONNECTION gives the client's address; the log shows the session finished cleanly.
    const finished = await waitForLine(log, /serving subsystem finished/);
    assert.match(finished, /"clean":true/);
    assert.match(await readFile(log, 'utf8'), /"remote_addr":"127\.0\.0\.1:\d+"/);
  },
);
