// The real OpenSSH client against the server: key logins (ed25519 and RSA, which needs the server's
// signature algorithms right), the exec refusal and the subsystem hand-off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXEC_REFUSED_MESSAGE } from '../../src/sftpd/index.js';
import { marker, startServer } from './harness.js';

const run = promisify(execFile);
const sshPath = ['/usr/bin/ssh', '/usr/local/bin/ssh'].find((p) => existsSync(p));
const keygenPath = ['/usr/bin/ssh-keygen', '/usr/local/bin/ssh-keygen'].find((p) => existsSync(p));
const skip =
  sshPath === undefined || keygenPath === undefined
    ? 'OpenSSH client (ssh, ssh-keygen) not installed'
    : false;

async function sshKey(dir: string, type: 'ed25519' | 'rsa'): Promise<{ path: string; publicKey: string }> {
  const path = join(dir, `user_${type}`);
  await run(keygenPath!, ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '3072'] : []), '-N', '', '-f', path]);
  return { path, publicKey: (await readFile(`${path}.pub`, 'utf8')).trim() };
}

/** Runs ssh without any user configuration; resolves with the exit code and output. */
async function ssh(port: number, key: string, args: string[]) {
  const options = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no'];
  options.push('-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'LogLevel=ERROR');
  try {
    const { stdout, stderr } = await run(sshPath!, [...options, '-i', key, '-p', String(port), ...args], {
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test(
  'OpenSSH: key logins, exec refused with its message, sftp subsystem handed over',
  { skip },
  async (t) => {
    const h = await startServer(t);
    const ed = await sshKey(h.dir, 'ed25519');
    const rsa = await sshKey(h.dir, 'rsa');
    await h.user({ public_keys: [ed.publicKey, rsa.publicKey] });
    for (const key of [ed, rsa]) {
      const exec = await ssh(h.port, key.path, ['alice@127.0.0.1', 'ls', '/']);
      assert.equal(exec.code, 1, exec.stderr);
      assert.match(exec.stderr, new RegExp(EXEC_REFUSED_MESSAGE));
    }
    const sftp = await ssh(h.port, ed.path, ['-s', 'alice@127.0.0.1', 'sftp']);
    assert.equal(sftp.stdout, marker('alice'));
    assert.equal((await h.failures()).filter((r) => r.login_type !== 'no_auth_tried').length, 0);
  },
);

test('OpenSSH: an unknown key is refused', { skip }, async (t) => {
  const h = await startServer(t);
  const key = await sshKey(h.dir, 'ed25519');
  await h.user({});
  const result = await ssh(h.port, key.path, ['alice@127.0.0.1', 'ls']);
  assert.equal(result.code, 255);
  assert.match(result.stderr, /Permission denied/);
});
