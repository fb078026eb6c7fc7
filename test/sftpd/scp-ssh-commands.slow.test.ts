// End to end: `sftpgo serve` with real OpenSSH `scp` (legacy protocol with -O, and SFTP mode), `ssh`
// running the hash and shell commands, `git` over SSH and `rsync -e ssh`, each checked on the files
// the server wrote and on what its action hook saw.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, runCli, waitForLine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const exec = promisify(execFile);
const have = (program: string) => existsSync(`/usr/bin/${program}`);
const haveOpenSsh = have('scp') && have('ssh') && have('ssh-keygen');

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end; a non-zero exit is a result, not an error. */
async function run(
  program: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
) {
  try {
    const { stdout, stderr } = await exec(program, args, { ...options, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr } satisfies Result;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * One server for all the subtests: every command enabled but `sha512sum`, atomic uploads (default), an action
 * hook that appends each event to a file. `alice` may do everything; `bob` has a 1 MB quota and may
 * not create symbolic links; `carol` may list but not download.
 */
async function startServer(t: TestContext, uploadMode = 1, env: Record<string, string> = {}) {
  const dir = await tempDir(t, 'sftpgo-scp-');
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  const publicKey = (await readFile(join(dir, 'client_key.pub'), 'utf8')).trim();
  const home = (user: string) => join(dir, 'homes', user);
  const user = (username: string, extra: Record<string, unknown>) => ({
    username,
    password: 'secret',
    home_dir: home(username),
    public_keys: [publicKey],
    status: 1,
    ...extra,
  });
  const noSymlinks = ['list', 'download', 'upload', 'overwrite', 'delete', 'create_dirs', 'rename'];
  const dump = {
    users: [
      user('alice', { permissions: { '/': ['*'] } }),
      user('bob', { permissions: { '/': noSymlinks }, quota_size: 1_000_000 }),
      user('carol', { permissions: { '/': ['list', 'upload'] } }),
    ],
  };
  for (const name of ['alice', 'bob', 'carol']) await mkdir(home(name), { recursive: true });
  await writeFile(join(dir, 'dump.json'), JSON.stringify(dump));
  const actionsFile = join(dir, 'actions.txt');
  const hook = join(dir, 'hook.sh');
  await writeFile(
    hook,
    `#!/bin/sh\necho "$SFTPGO_ACTION|$SFTPGO_ACTION_SSH_CMD|$SFTPGO_ACTION_VIRTUAL_PATH|$SFTPGO_ACTION_STATUS|$SFTPGO_ACTION_USERNAME|$SFTPGO_ACTION_PROTOCOL" >> ${actionsFile}\n`,
  );
  await chmod(hook, 0o755);
  const port = await freePort();
  const server = runCli(t, ['serve', '-c', dir, '--loaddata-from', join(dir, 'dump.json')], {
    SFTPGO_SFTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_SFTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
    SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
    SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
    SFTPGO_SFTPD__ENABLED_SSH_COMMANDS:
      'scp,md5sum,sha1sum,sha256sum,cd,pwd,sftpgo-copy,sftpgo-remove,git-receive-pack,git-upload-pack,git-upload-archive,rsync',
    SFTPGO_COMMON__UPLOAD_MODE: String(uploadMode),
    SFTPGO_COMMON__ACTIONS__EXECUTE_ON: 'upload,download,ssh_cmd',
    SFTPGO_COMMON__ACTIONS__HOOK: hook,
    ...env,
  });
  await waitForLine(join(dir, 'sftpgo.log'), /sftpd listening on/, 20_000);
  t.after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });
  const sshOptions = [
    '-i',
    join(dir, 'client_key'),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
  ];
  const sshCommand = `ssh ${sshOptions.join(' ')} -p ${port}`;
  const local = join(dir, 'local');
  await mkdir(local);
  return {
    dir,
    local,
    port,
    home,
    actionsFile,
    sshCommand,
    sshArgs: [...sshOptions, '-p', String(port)],
    scp: (args: readonly string[]) =>
      run('scp', [...sshOptions, '-P', String(port), ...args], { cwd: local }),
    ssh: (username: string, command: string) =>
      run('ssh', [...sshOptions, '-p', String(port), `${username}@127.0.0.1`, command], { cwd: local }),
    git: (args: readonly string[], cwd = local) =>
      run('git', args, { cwd, env: { ...process.env, GIT_SSH_COMMAND: sshCommand } }),
    rsync: (args: readonly string[]) => run('rsync', ['-e', sshCommand, ...args], { cwd: local }),
    actions: async () => (await readFile(actionsFile, 'utf8').catch(() => '')).split('\n').filter(Boolean),
  };
}

/** Every regular file under `root` with its contents' hash, by relative path. */
async function treeHashes(root: string, prefix = ''): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const relative = join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(result, await treeHashes(root, relative));
    else result[relative] = sha256(await readFile(join(root, relative)));
  }
  return result;
}

/** Waits until the action hook wrote a line matching `pattern` (hooks run after the reply). */
async function waitForAction(actions: () => Promise<string[]>, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const line = (await actions()).find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`no action matching ${pattern}: ${(await actions()).join('\n')}`);
}

test(
  'SCP and SSH commands against OpenSSH, git and rsync',
  { skip: !haveOpenSsh && 'OpenSSH client not installed', timeout: 240_000 },
  async (t) => {
    const s = await startServer(t);
    const alice = s.home('alice');

    await t.test('scp -O uploads and downloads a file byte for byte', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      await writeFile(join(s.local, 'big.bin'), data);
      const up = await s.scp(['-O', 'big.bin', 'alice@127.0.0.1:/big.bin']);
      assert.equal(up.code, 0, up.stderr);
      assert.equal(sha256(await readFile(join(alice, 'big.bin'))), sha256(data));
      const down = await s.scp(['-O', 'alice@127.0.0.1:/big.bin', 'back.bin']);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(sha256(await readFile(join(s.local, 'back.bin'))), sha256(data));
      assert.match(await waitForAction(s.actions, /^upload\|\|\/big\.bin\|1\|alice\|SCP$/), /upload/);
      await waitForAction(s.actions, /^download\|\|\/big\.bin\|1\|alice\|SCP$/);
      assert.equal(
        (await s.actions()).some((l) => l.startsWith('ssh_cmd|scp')),
        false,
        'scp reports files, not an ssh_cmd',
      );
    });

    await t.test('scp -O -r -p copies trees with odd names, times and modes both ways', async () => {
      const tree = join(s.local, 'tree');
      await mkdir(join(tree, 'sub dir'), { recursive: true });
      await writeFile(join(tree, 'with space.txt'), 'space');
      await writeFile(join(tree, `q'uo"te.txt`), 'quotes');
      await writeFile(join(tree, 'sub dir', 'deep.bin'), randomBytes(100_000));
      await writeFile(join(tree, 'empty'), '');
      await chmod(join(tree, 'with space.txt'), 0o600);
      const when = new Date('2020-02-03T04:05:06Z');
      await utimes(join(tree, 'sub dir', 'deep.bin'), when, when);
      const up = await s.scp(['-O', '-r', '-p', 'tree', 'alice@127.0.0.1:/']);
      assert.equal(up.code, 0, up.stderr);
      assert.deepEqual(await treeHashes(join(alice, 'tree')), await treeHashes(tree));
      assert.equal((await stat(join(alice, 'tree', 'with space.txt'))).mode & 0o777, 0o600);
      assert.equal((await stat(join(alice, 'tree', 'sub dir', 'deep.bin'))).mtime.getTime(), when.getTime());

      const down = await s.scp(['-O', '-r', '-p', 'alice@127.0.0.1:/tree', 'tree-back']);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual(await treeHashes(join(s.local, 'tree-back')), await treeHashes(tree));
      assert.equal((await stat(join(s.local, 'tree-back', 'with space.txt'))).mode & 0o777, 0o600);
      const deep = await stat(join(s.local, 'tree-back', 'sub dir', 'deep.bin'));
      assert.equal(deep.mtime.getTime(), when.getTime());

      // A single remote name with blanks is quoted for the remote command line, as with any scp server.
      const one = await s.scp(['-O', 'alice@127.0.0.1:/tree/with\\ space.txt', 'one.txt']);
      assert.equal(one.code, 0, one.stderr);
      assert.equal(await readFile(join(s.local, 'one.txt'), 'utf8'), 'space');
      // Wildcards in the last name are expanded by the server, as a shell would.
      await mkdir(join(s.local, 'matched'));
      const glob = await s.scp(['-O', 'alice@127.0.0.1:/tree/*.txt', 'matched/']);
      assert.equal(glob.code, 0, glob.stderr);
      assert.deepEqual((await readdir(join(s.local, 'matched'))).sort(), [`q'uo"te.txt`, 'with space.txt']);
      const put = await s.scp(['-O', 'one.txt', `alice@127.0.0.1:'/it''s here.txt'`]);
      assert.equal(put.code, 0, put.stderr);
      assert.equal(await readFile(join(alice, 'its here.txt'), 'utf8'), 'space');
    });

    await t.test('scp -d needs a directory target; errors reach the client', async () => {
      await writeFile(join(s.local, 'a.txt'), 'a');
      await writeFile(join(s.local, 'b.txt'), 'b');
      const several = await s.scp(['-O', 'a.txt', 'b.txt', 'alice@127.0.0.1:/no-such-dir']);
      assert.notEqual(several.code, 0);
      assert.match(several.stderr, /Not a directory/);
      const missing = await s.scp(['-O', 'alice@127.0.0.1:/missing.txt', 'x.txt']);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /\/missing\.txt: no such file or directory/);
      const denied = await s.scp(['-O', 'carol@127.0.0.1:/', 'x.txt']);
      assert.notEqual(denied.code, 0);
    });

    await t.test('scp -3 copies between two remote hosts', async () => {
      await mkdir(join(alice, 'third'));
      const url = `scp://alice@127.0.0.1:${s.port}/`;
      const r = await s.scp(['-O', '-3', `${url}/big.bin`, `${url}/third/`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        sha256(await readFile(join(alice, 'third', 'big.bin'))),
        sha256(await readFile(join(alice, 'big.bin'))),
      );
    });

    await t.test('scp without -O uploads in the atomic upload mode', async () => {
      // -p: the times and mode go through the handle while the target is still a temporary file.
      const when = new Date('2020-02-02T02:02:02Z');
      await utimes(join(s.local, 'big.bin'), when, when);
      const r = await s.scp(['-p', 'big.bin', 'alice@127.0.0.1:/sftp-atomic.bin']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '', 'no "remote fsetstat" warning');
      const target = join(s.home('alice'), 'sftp-atomic.bin');
      assert.equal((await stat(target)).mtime.getTime(), when.getTime());
      assert.deepEqual(await readFile(target), await readFile(join(s.local, 'big.bin')));
      // Over the existing file with a shorter one: written in place into the temporary file, cut to size.
      await writeFile(join(s.local, 'short-atomic.bin'), 'xyz');
      const again = await s.scp(['short-atomic.bin', 'alice@127.0.0.1:/sftp-atomic.bin']);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(await readFile(target, 'utf8'), 'xyz');
      assert.deepEqual(
        (await readdir(s.home('alice'))).filter((n) => n.startsWith('.sftpgo-upload')),
        [],
        'no temporary file left',
      );
    });

    await t.test('scp without -O (SFTP) downloads trees', async () => {
      const down = await s.scp(['-r', 'alice@127.0.0.1:/tree', 'tree-sftp']);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual(await treeHashes(join(s.local, 'tree-sftp')), await treeHashes(join(alice, 'tree')));
    });

    await t.test('a scp upload over the quota fails and leaves no file in atomic mode', async () => {
      await writeFile(join(s.local, 'over.bin'), randomBytes(2_000_000));
      const r = await s.scp(['-O', 'over.bin', 'bob@127.0.0.1:/over.bin']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /\/over\.bin: quota exceeded/);
      assert.deepEqual(await readdir(s.home('bob')), [], 'neither the file nor a temporary file is left');
      await waitForAction(s.actions, /^upload\|\|\/over\.bin\|3\|bob\|SCP$/);
    });

    await t.test('hash commands match the local tools and need the download permission', async () => {
      const local = await exec('sha256sum', ['big.bin'], { cwd: s.local });
      const remote = await s.ssh('alice', 'sha256sum /big.bin');
      assert.equal(remote.code, 0, remote.stderr);
      assert.equal(remote.stdout, local.stdout.replace('big.bin', '/big.bin'));
      const md5 = await s.ssh('alice', "md5sum '/tree/with space.txt'");
      assert.equal(md5.stdout.split(' ')[0], createHash('md5').update('space').digest('hex'));
      await writeFile(join(s.home('carol'), 'c.txt'), 'c');
      const denied = await s.ssh('carol', 'sha1sum /c.txt');
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, /permission denied/);
      await waitForAction(s.actions, /^ssh_cmd\|sha256sum\|\/big\.bin\|1\|alice\|SSH$/);
      await waitForAction(s.actions, /^ssh_cmd\|sha1sum\|\/c\.txt\|2\|carol\|SSH$/);
    });

    await t.test('cd and pwd answer as SFTPGo; a disabled command fails clearly', async () => {
      const pwd = await s.ssh('alice', 'pwd');
      assert.deepEqual([pwd.code, pwd.stdout], [0, '/\n']);
      assert.equal((await s.ssh('alice', 'cd /tree')).code, 0);
      const disabled = await s.ssh('alice', 'sha512sum /big.bin');
      assert.equal(disabled.code, 127);
      assert.match(disabled.stderr, /sha512sum: command not enabled or not supported/);
      const unknown = await s.ssh('alice', 'cat /etc/passwd');
      assert.equal(unknown.code, 127);
      assert.equal(unknown.stdout, '');
    });

    await t.test('sftpgo-copy and sftpgo-remove', async () => {
      const copy = await s.ssh('alice', 'sftpgo-copy /tree /tree-copy');
      assert.deepEqual([copy.code, copy.stdout], [0, 'OK\n'], copy.stderr);
      assert.deepEqual(await treeHashes(join(alice, 'tree-copy')), await treeHashes(join(alice, 'tree')));
      const remove = await s.ssh('alice', 'sftpgo-remove /tree-copy');
      assert.deepEqual([remove.code, remove.stdout], [0, 'OK\n'], remove.stderr);
      assert.equal(existsSync(join(alice, 'tree-copy')), false);
      const usage = await s.ssh('alice', 'sftpgo-remove');
      assert.equal(usage.code, 1);
      assert.match(usage.stderr, /usage: sftpgo-remove/);
      await waitForAction(s.actions, /^ssh_cmd\|sftpgo-copy\|\/tree\|1\|alice\|SSH$/);
    });

    await t.test('git push and clone through the user repository', { skip: !have('git') }, async () => {
      assert.equal((await s.git(['init', '-q', '--bare', '-b', 'main', join(alice, 'repo.git')])).code, 0);
      const work = join(s.local, 'work');
      await mkdir(work);
      for (const args of [
        ['init', '-q', '-b', 'main'],
        ['config', 'user.email', 'a@example.com'],
        ['config', 'user.name', 'A'],
      ]) {
        await s.git(args, work);
      }
      await writeFile(join(work, 'readme.txt'), 'hello git');
      await s.git(['add', 'readme.txt'], work);
      await s.git(['commit', '-q', '-m', 'first'], work);
      const push = await s.git(['push', '-q', `ssh://alice@127.0.0.1:${s.port}/repo.git`, 'main'], work);
      assert.equal(push.code, 0, push.stderr);
      const clone = await s.git(['clone', '-q', `ssh://alice@127.0.0.1:${s.port}/repo.git`, 'cloned']);
      assert.equal(clone.code, 0, clone.stderr);
      assert.equal(await readFile(join(s.local, 'cloned', 'readme.txt'), 'utf8'), 'hello git');
      const archive = await s.git([
        'archive',
        `--remote=ssh://alice@127.0.0.1:${s.port}/repo.git`,
        '--format=tar',
        '-o',
        join(s.local, 'repo.tar'),
        'main',
      ]);
      assert.equal(archive.code, 0, archive.stderr);
      assert.match((await exec('tar', ['tf', join(s.local, 'repo.tar')])).stdout, /readme\.txt/);
      await waitForAction(s.actions, /^ssh_cmd\|git-receive-pack\|\/repo\.git\|1\|alice\|SSH$/);
    });

    await t.test(
      'rsync -av both ways; symbolic links out of the root are neutralised',
      { skip: !have('rsync') },
      async () => {
        const src = join(s.local, 'rs');
        await mkdir(join(src, 'd'), { recursive: true });
        await writeFile(join(src, 'd', 'x.txt'), 'x');
        await writeFile(join(src, 'y.bin'), randomBytes(50_000));
        await symlink('/etc/passwd', join(src, 'escape'));
        await symlink('d/x.txt', join(src, 'inside'));

        // alice may create links: --safe-links drops the one pointing out of the tree.
        const up = await s.rsync(['-av', 'rs/', 'alice@127.0.0.1:/rs/']);
        assert.equal(up.code, 0, up.stderr);
        assert.equal(existsSync(join(alice, 'rs', 'escape')), false);
        assert.equal(await readlink(join(alice, 'rs', 'inside')), 'd/x.txt');
        assert.equal(await readFile(join(alice, 'rs', 'd', 'x.txt'), 'utf8'), 'x');
        const down = await s.rsync(['-av', 'alice@127.0.0.1:/rs/', 'rs-back/']);
        assert.equal(down.code, 0, down.stderr);
        assert.deepEqual(await treeHashes(join(s.local, 'rs-back')), await treeHashes(join(alice, 'rs')));

        // bob may not: --munge-links makes every link unusable.
        const bob = await s.rsync(['-av', 'rs/', 'bob@127.0.0.1:/rs/']);
        assert.equal(bob.code, 0, bob.stderr);
        const munged = join(s.home('bob'), 'rs', 'escape');
        assert.equal((await lstat(munged)).isSymbolicLink(), true);
        assert.match(await readlink(munged), /^\/rsyncd-munged\//);
        await assert.rejects(readFile(munged));

        // Paths outside the command line (rsync -s) are refused.
        const secluded = await s.rsync(['-av', '-s', 'rs/', 'alice@127.0.0.1:/rs2/']);
        assert.notEqual(secluded.code, 0);
        await waitForAction(s.actions, /^ssh_cmd\|rsync\|\/rs\|1\|alice\|SSH$/);
      },
    );

    await t.test(
      'rsync stops at the quota and leaves no partial file',
      { skip: !have('rsync') },
      async () => {
        const src = join(s.local, 'rs-big');
        await mkdir(src);
        await writeFile(join(src, 'big.bin'), randomBytes(3_000_000));
        const r = await s.rsync(['-a', 'rs-big/', 'bob@127.0.0.1:/rs-big/']);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /quota exceeded/);
        const left = await readdir(join(s.home('bob'), 'rs-big')).catch(() => []);
        assert.deepEqual(left, [], 'rsync removed its temporary file');
      },
    );

    await t.test('a system command is killed when the client goes away', { skip: !have('git') }, async () => {
      // git-upload-pack advertises the refs, then waits for the client's wants.
      const child = spawn('ssh', [...s.sshArgs, 'alice@127.0.0.1', "git-upload-pack '/repo.git'"], {
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      const running = async () =>
        (await run('pgrep', ['-f', `upload-pack ${join(alice, 'repo.git')}`], { cwd: s.local })).code === 0;
      assert.equal(await running(), true);
      child.kill('SIGKILL');
      for (let i = 0; i < 50 && (await running()); i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await running(), false);
    });
  },
);

// Own server in the standard upload mode: in the atomic mode the SFTP front end refuses OpenSSH's
// fsetstat on the file being uploaded (a gap of the SFTP layer, not of SCP).
test(
  'scp without -O (SFTP) uploads, including a name with a newline',
  { skip: !haveOpenSsh && 'OpenSSH client not installed', timeout: 60_000 },
  async (t) => {
    const s = await startServer(t, 0);
    const name = 'new\nline.txt';
    await writeFile(join(s.local, name), 'newline');
    const up = await s.scp([name, 'alice@127.0.0.1:/']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(await readFile(join(s.home('alice'), name), 'utf8'), 'newline');
    // OpenSSH 9's scp writes over an existing file in place (open without TRUNC, write from 0, then
    // fsetstat size): only an APPEND open is held to the file's end.
    await t.test('scp without -O overwrites an existing file', async () => {
      await writeFile(join(s.local, 'short.txt'), 'ab');
      const again = await s.scp(['short.txt', `alice@127.0.0.1:/${name}`]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(await readFile(join(s.home('alice'), name), 'utf8'), 'ab');
    });
    // The legacy protocol cannot carry it: our source skips it and reports it, and sends the rest.
    await mkdir(join(s.home('alice'), 'nl'));
    await writeFile(join(s.home('alice'), 'nl', name), 'skipped');
    await writeFile(join(s.home('alice'), 'nl', 'plain.txt'), 'plain');
    const legacy = await s.scp(['-O', '-r', 'alice@127.0.0.1:/nl', 'nl-back']);
    assert.notEqual(legacy.code, 0);
    assert.match(legacy.stderr, /contains a newline/);
    assert.deepEqual(await readdir(join(s.local, 'nl-back')), ['plain.txt']);
  },
);

// rsync's client quits on its server's last message, and the server's receiver removes its temporary
// file on its own time: after a quota stop the client must hear nothing more until every process of
// the command is gone. A stand-in for rsync makes that order observable.
test(
  'a system command stopped at the quota is silenced and waited for, helpers included',
  { skip: !haveOpenSsh && 'OpenSSH client not installed', timeout: 60_000 },
  async (t) => {
    const bin = await tempDir(t, 'sftpgo-fake-rsync-');
    await writeFile(
      join(bin, 'rsync'),
      [
        '#!/bin/sh',
        'touch .partial',
        'exec 3<&0',
        'cat <&3 >/dev/null &',
        `trap 'echo last words; sleep 0.3; rm -f .partial; exit 20' TERM`,
        'wait',
        '',
      ].join('\n'),
    );
    await chmod(join(bin, 'rsync'), 0o755);
    const s = await startServer(t, 1, { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
    await writeFile(join(s.local, 'big.bin'), randomBytes(3_000_000));
    const r = await run(
      'sh',
      ['-c', `${s.sshCommand} bob@127.0.0.1 rsync --server -logDtpre.iLsfxCIvu . / < big.bin`],
      { cwd: s.local },
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /rsync: \/: quota exceeded/);
    assert.equal(r.stdout, '', 'nothing the stopped program wrote reaches the client');
    assert.equal(existsSync(join(s.home('bob'), '.partial')), false, 'the helper was waited for');
  },
);
