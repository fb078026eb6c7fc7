/**
 * The reference: a private OpenSSH `sshd` on loopback with its own configuration, host key, port and
 * directory, serving SFTP with OpenSSH's `sftp-server` binary to the user running the benchmark.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { BenchServer } from './bench-server.js';
import { runOk, stopChild, waitFor } from './child.js';
import { freePort } from '../test/helpers/free-port.js';
import { connectable } from './tcp-probe.js';

/** Where Debian's openssh-server puts its binaries. */
export const SSHD = '/usr/sbin/sshd';
export const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

export async function startOpenSsh(workDir: string, clientPublicKey: string): Promise<BenchServer> {
  const dir = join(workDir, 'openssh');
  const root = join(dir, 'files');
  mkdirSync(root, { recursive: true });
  // sshd refuses to start as root without its privilege separation directory.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const hostKey = join(dir, 'host_ed25519');
  await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await writeFile(join(dir, 'authorized_keys'), `${clientPublicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'MaxStartups 200',
    'MaxSessions 200',
    'LogLevel ERROR',
    `Subsystem sftp ${SFTP_SERVER}`,
  ].join('\n');
  const configFile = join(dir, 'sshd_config');
  await writeFile(configFile, `${config}\n`);
  const child = spawn(SSHD, ['-D', '-f', configFile, '-E', join(dir, 'sshd.log')], { stdio: 'ignore' });
  await waitFor(() => child.exitCode === null, 100, 'sshd');
  await connectable(port, 10_000);
  if (child.pid === undefined || child.exitCode !== null)
    throw new Error(`sshd did not start (see ${dir}/sshd.log)`);
  return {
    name: 'OpenSSH',
    port,
    user: userInfo().username,
    remoteRoot: root,
    diskRoot: root,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}
