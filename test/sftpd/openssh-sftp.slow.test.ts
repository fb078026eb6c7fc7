import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, runCli, waitForLine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const exec = promisify(execFile);
const haveOpenSsh = existsSync('/usr/bin/sftp') && existsSync('/usr/bin/ssh-keygen');

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Runs `sftpgo serve` with one user (public key and password) loaded from a dump, and returns what an
 * OpenSSH client needs to reach it.
 */
async function startServer(t: Parameters<typeof runCli>[0], permissions: Record<string, string[]>) {
  const dir = await tempDir(t);
  const home = join(dir, 'home');
  await mkdir(home);
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  const publicKey = (await readFile(join(dir, 'client_key.pub'), 'utf8')).trim();
  const dump = {
    users: [
      {
        username: 'alice',
        password: 'secret',
        home_dir: home,
        permissions,
        public_keys: [publicKey],
        status: 1,
      },
    ],
  };
  await writeFile(join(dir, 'dump.json'), JSON.stringify(dump));
  const port = await freePort();
  const run = runCli(t, ['serve', '-c', dir, '--loaddata-from', join(dir, 'dump.json')], {
    SFTPGO_SFTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_SFTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
    SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
  });
  await waitForLine(join(dir, 'sftpgo.log'), /sftpd listening on/, 20_000);
  t.after(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
  });
  const sftp = async (commands: string) => {
    const batch = join(dir, 'batch.txt');
    await writeFile(batch, commands);
    return exec(
      'sftp',
      [
        '-b',
        batch,
        '-i',
        join(dir, 'client_key'),
        '-P',
        String(port),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
        '-o',
        'BatchMode=yes',
        'alice@127.0.0.1',
      ],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    );
  };
  return { dir, home, sftp };
}

test(
  'OpenSSH sftp: put, ls, rename, get, chmod, symlink, df, reput/reget, rm and rmdir',
  { skip: !haveOpenSsh && 'OpenSSH client not installed', timeout: 120_000 },
  async (t) => {
    const { dir, home, sftp } = await startServer(t, { '/': ['*'] });
    const data = randomBytes(5 * 1024 * 1024 + 123);
    await writeFile(join(dir, 'local.bin'), data);
    await writeFile(join(dir, 'part.bin'), data.subarray(0, 1024 * 1024));
    const { stdout } = await sftp(
      [
        'mkdir docs',
        'put local.bin docs/file.bin',
        'ls -l docs',
        'rename docs/file.bin docs/renamed.bin',
        'get docs/renamed.bin back.bin',
        'chmod 600 docs/renamed.bin',
        'ln -s renamed.bin docs/link.bin',
        'df -h /',
        'put part.bin docs/resumed.bin',
        'reput local.bin docs/resumed.bin',
      ].join('\n') + '\n',
    );
    assert.match(stdout, /file\.bin/);
    assert.equal(sha256(await readFile(join(dir, 'back.bin'))), sha256(data));
    assert.equal(sha256(await readFile(join(home, 'docs/renamed.bin'))), sha256(data));
    assert.equal(
      sha256(await readFile(join(home, 'docs/resumed.bin'))),
      sha256(data),
      'reput completed the file',
    );
    assert.equal((await exec('stat', ['-c', '%a', join(home, 'docs/renamed.bin')])).stdout.trim(), '600');

    await writeFile(join(dir, 'half.bin'), data.subarray(0, 2 * 1024 * 1024));
    await sftp(
      'reget docs/renamed.bin half.bin\nrm docs/link.bin\nrm docs/resumed.bin\nrm docs/renamed.bin\nrmdir docs\n',
    );
    assert.equal(sha256(await readFile(join(dir, 'half.bin'))), sha256(data), 'reget completed the file');
    assert.equal(existsSync(join(home, 'docs')), false);
  },
);

test(
  'OpenSSH sftp: denied operations fail with permission denied',
  { skip: !haveOpenSsh && 'OpenSSH client not installed', timeout: 60_000 },
  async (t) => {
    const { dir, home, sftp } = await startServer(t, { '/': ['list', 'download'] });
    await writeFile(join(home, 'existing.txt'), 'hello');
    await writeFile(join(dir, 'up.txt'), 'x');
    for (const command of [
      'put up.txt new.txt',
      'mkdir d',
      'rm existing.txt',
      'rename existing.txt other.txt',
    ]) {
      await assert.rejects(sftp(`${command}\n`), (err: { stderr?: string }) => {
        assert.match(err.stderr ?? '', /Permission denied/i, command);
        return true;
      });
    }
    const { stdout } = await sftp('ls\nget existing.txt got.txt\n');
    assert.match(stdout, /existing\.txt/);
    assert.equal(await readFile(join(dir, 'got.txt'), 'utf8'), 'hello');
  },
);
