// The exec handler on an in-memory channel with a real Connection over real files (the commands
// against OpenSSH, git and rsync are in test/sftpd/scp-ssh-commands.slow.test.ts).
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionSettings } from '../../../src/common/connection/index.js';
import { DISABLED_STATUS, sshCommandHandler } from '../../../src/sftpd/index.js';
import { setup } from '../../common/connection/harness.js';
import { FakeChannel } from '../scp/fake-channel.js';

async function start(
  t: TestContext,
  enabled: string[],
  user: Record<string, unknown> = {},
  settings: Partial<ConnectionSettings> = {},
) {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  const connection = h.connect(await h.user(user), { settings });
  const handler = sshCommandHandler({ enabled, logger: h.logger });
  const run = async (command: string, input?: string) => {
    const channel = new FakeChannel();
    let stderr = '';
    channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (input !== undefined) {
      channel.send(input);
      channel.endInput();
    }
    const status = await handler(channel, command, connection);
    channel.end();
    let stdout = '';
    for (
      let chunk = await channel.server.readChunk(65536);
      chunk;
      chunk = await channel.server.readChunk(65536)
    ) {
      stdout += chunk.toString();
    }
    return { status, stdout, stderr };
  };
  return { h, run };
}

test('disabled and unknown commands fail with a clear message and status 127', async (t) => {
  const { run, h } = await start(t, ['md5sum']);
  for (const command of ['sha256sum /x', 'ls -la', 'scp -t /']) {
    const r = await run(command);
    assert.equal(r.status, DISABLED_STATUS, command);
    assert.match(r.stderr, /command not enabled or not supported/);
    assert.equal(r.stdout, '');
  }
  assert.equal((await run("md5sum 'unterminated")).status, 1);
  assert.deepEqual(h.actions.names(), []);
});

test('hashes of files and of standard input; the ssh_cmd action follows', async (t) => {
  const { run, h } = await start(t, ['*']);
  await writeFile(join(h.home, 'f.txt'), 'content');
  const file = await run('sha512sum f.txt');
  const expected = createHash('sha512').update('content').digest('hex');
  assert.deepEqual(file, { status: 0, stdout: `${expected}  /f.txt\n`, stderr: '' });
  const stdin = await run('md5sum', 'piped');
  assert.equal(stdin.stdout, `${createHash('md5').update('piped').digest('hex')}  -\n`);
  const missing = await run('sha1sum /nope');
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr, 'sha1sum: /nope: no such file or directory\n');
  const events = h.actions.events.filter((e) => e.action === 'ssh_cmd');
  assert.deepEqual(
    events.map((e) => [e.sshCmd, e.virtualPath, e.status, e.protocol]),
    [
      ['sha512sum', '/f.txt', 1, 'SSH'],
      ['md5sum', '', 1, 'SSH'],
      ['sha1sum', '/nope', 2, 'SSH'],
    ],
  );
  const logged = (await h.logRecords()).filter((r) => r.sender === 'SSHCommand');
  assert.equal(logged.length, 2, 'only successful commands are logged');
  assert.equal(logged[0]?.ssh_command, 'sha512sum f.txt');
});

test('sftpgo-remove removes a wide, nested tree entry by entry, down to a bounded depth', async (t) => {
  const { run, h } = await start(t, ['*'], {}, { maxTreeDepth: 5 });
  await mkdir(join(h.home, 't/sub/deeper'), { recursive: true });
  // More entries than one listing page: entries go while the listing is open.
  await Promise.all(Array.from({ length: 1200 }, (_, i) => writeFile(join(h.home, 't', `f${i}`), 'x')));
  await writeFile(join(h.home, 't/sub/deeper/b'), 'b');
  assert.deepEqual(await run('sftpgo-remove /t'), { status: 0, stdout: 'OK\n', stderr: '' });
  assert.deepEqual(await readdir(h.home), []);
  const deletes = h.actions.events.filter((e) => e.action === 'delete');
  assert.equal(deletes.length, 1201, 'each file is removed, and reported, on its own');
  await mkdir(join(h.home, 'deep', ...Array.from({ length: 5 }, () => 'd')), { recursive: true });
  const deep = await run('sftpgo-remove /deep');
  assert.equal(deep.status, 1);
  assert.match(deep.stderr, /more than 5 directory levels/);
  assert.deepEqual(await readdir(join(h.home, 'deep')), ['d']);
});

test('pwd prints the start directory; cd succeeds', async (t) => {
  const { run } = await start(t, ['*'], { filters: { start_directory: '/start/here' } });
  assert.deepEqual(await run('pwd'), { status: 0, stdout: '/start/here\n', stderr: '' });
  assert.equal((await run('cd /anything')).status, 0);
});

test('system commands are refused with virtual folders, file patterns or missing permissions', async (t) => {
  const h = await setup(t);
  await h.folder('vf');
  const handler = sshCommandHandler({ enabled: ['*'], logger: h.logger });
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [
      { virtual_folders: [{ name: 'vf', virtual_path: '/vf' }] },
      'rsync --server -vlogDtpr . /',
      /operation unsupported/,
    ],
    [
      { filters: { file_patterns: [{ path: '/sub', denied_patterns: ['*.exe'] }] } },
      'git-upload-pack /',
      /operation unsupported/,
    ],
    [{ permissions: { '/': ['list', 'download'] } }, "git-receive-pack '/repo.git'", /permission denied/],
    [{}, 'rsync --server --log-file=/tmp/x . /d', /rsync option --log-file is not allowed/],
  ];
  let n = 0;
  for (const [input, command, message] of cases) {
    const user = await h.user({ username: `u${n++}`, home_dir: join(h.dir, `home${n}`), ...input });
    const channel = new FakeChannel();
    let stderr = '';
    channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    assert.equal(await handler(channel, command, h.connect(user)), 1, command);
    assert.match(stderr, message, command);
  }
});
