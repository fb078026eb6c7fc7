// End-to-end setup for the SFTP tests: the real SSH server (in-process, loopback) serving the `sftp`
// subsystem with our SftpSession, users in a memory provider, and three real clients: OpenSSH `sftp`
// in batch mode, the ssh2 library's SFTP client, and a raw packet client over an ssh2 subsystem
// channel (for requests ssh2 has no API for).
import type { TestContext } from 'node:test';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ClientChannel, SFTPWrapper } from 'ssh2';
import type { User } from '../../src/dataprovider/index.js';
import { SftpSession } from '../../src/sftpd/protocol/index.js';
import type { SftpSubsystem } from '../../src/sftpd/index.js';
import { RawClient } from './protocol/harness.js';
import type { HarnessOptions, SshHarness } from './harness.js';
import { connect, startServer } from './harness.js';

const exec = promisify(execFile);

/** Why OpenSSH tests are skipped, or false when `sftp` and `ssh-keygen` are installed. */
export const noOpenSsh =
  existsSync('/usr/bin/sftp') && existsSync('/usr/bin/ssh-keygen') ? false : 'OpenSSH client not installed';

/** The password every test user gets. */
export const PASSWORD = 'secret-password';

/** What an OpenSSH `sftp -b` run gave. */
export interface BatchResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SftpE2e {
  readonly h: SshHarness;
  /** Adds a user (password {@link PASSWORD} and the test key; home `<dir>/<username>` by default). */
  user(input: Record<string, unknown>): Promise<User>;
  /** Runs OpenSSH `sftp -b` as `username` with the batch `commands`, in `cwd` (default: the server dir). */
  openssh(username: string, commands: readonly string[], cwd?: string): Promise<BatchResult>;
  /** An ssh2 SFTP client logged in as `username` (ended when the test ends). */
  ssh2(t: TestContext, username: string): Promise<SFTPWrapper>;
  /** A raw SFTP client on an `sftp` subsystem channel of an ssh2 connection, INIT done. */
  raw(t: TestContext, username: string): Promise<RawClient>;
}

/**
 * The real subsystem as `serve` builds it: our protocol layer over the session's Connection, reply
 * buffers recycled, logging to the server's log.
 */
function realSubsystem(server: { harness?: SshHarness }): SftpSubsystem {
  return (channel, connection) =>
    new SftpSession({
      channel,
      connection,
      logger: (server.harness as SshHarness).logger,
      recycleReplyBuffers: true,
    }).run();
}

/** Starts the server with the real SFTP subsystem and a client key pair. */
export async function startSftp(t: TestContext, options: HarnessOptions = {}): Promise<SftpE2e> {
  const server: { harness?: SshHarness } = {};
  const h = await startServer(t, { ...options, sftpSubsystem: realSubsystem(server) });
  server.harness = h;
  const key = join(h.dir, 'client_key');
  if (noOpenSsh === false) await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const publicKey = noOpenSsh === false ? (await readFile(`${key}.pub`, 'utf8')).trim() : undefined;
  return {
    h,
    user: (input) =>
      h.user({
        password: PASSWORD,
        home_dir: join(h.dir, String(input.username ?? 'alice')),
        ...(publicKey === undefined ? {} : { public_keys: [publicKey] }),
        ...input,
      }),
    async openssh(username, commands, cwd = h.dir) {
      const batch = join(h.dir, `batch-${username}.txt`);
      await writeFile(batch, commands.map((c) => `${c}\n`).join(''));
      const args = ['-b', batch, '-F', '/dev/null', '-i', key, '-P', String(h.port)];
      for (const o of [
        'BatchMode=yes',
        'StrictHostKeyChecking=no',
        'UserKnownHostsFile=/dev/null',
        'IdentitiesOnly=yes',
        'LogLevel=ERROR',
      ]) {
        args.push('-o', o);
      }
      try {
        const { stdout, stderr } = await exec('sftp', [...args, `${username}@127.0.0.1`], {
          cwd,
          maxBuffer: 64 * 1024 * 1024,
          timeout: 600_000,
        });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return {
          code: typeof e.code === 'number' ? e.code : -1,
          stdout: e.stdout ?? '',
          stderr: e.stderr ?? '',
        };
      }
    },
    async ssh2(t2, username) {
      const client = await connect(t2, h.port, { username, password: PASSWORD });
      return new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))),
      );
    },
    async raw(t2, username) {
      const client = await connect(t2, h.port, { username, password: PASSWORD });
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.subsys('sftp', (err, ch) => (err ? reject(err) : resolve(ch))),
      );
      const raw = new RawClient(channel);
      await raw.init();
      return raw;
    },
  };
}

/** Turns an ssh2 callback API into a promise. */
export function call<T = void>(
  fn: (cb: (err: Error | null | undefined, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}
