/**
 * The OpenSSH client programs, run the same way against both servers: same key, same algorithms,
 * host keys not recorded, never prompting.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchServer } from './bench-server.js';
import { runOk } from './child.js';
import type { CommandResult } from './child.js';

/** Transport algorithms of one series of runs. */
export interface CipherProfile {
  readonly id: string;
  readonly args: readonly string[];
}

export const CIPHER_PROFILES: readonly CipherProfile[] = [
  { id: 'aes128-gcm', args: ['-c', 'aes128-gcm@openssh.com'] },
  { id: 'chacha20', args: ['-c', 'chacha20-poly1305@openssh.com'] },
  { id: 'aes128-ctr+etm', args: ['-c', 'aes128-ctr', '-o', 'MACs=hmac-sha2-256-etm@openssh.com'] },
];

export const DEFAULT_PROFILE = CIPHER_PROFILES[0]!;

/** Runs OpenSSH clients from one work directory with one identity. */
export class OpenSshClient {
  readonly #dir: string;
  readonly #key: string;
  #batches = 0;

  constructor(dir: string, key: string) {
    this.#dir = dir;
    this.#key = key;
  }

  /** Options shared by ssh, sftp and scp. */
  options(profile: CipherProfile = DEFAULT_PROFILE): string[] {
    return [
      ...profile.args,
      '-i',
      this.#key,
      // The same key exchange for both servers (OpenSSH would pick sntrup761x25519 with its own).
      '-o',
      'KexAlgorithms=curve25519-sha256',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'ControlMaster=no',
    ];
  }

  /** `sftp` arguments for one server, without the batch file. */
  sftpArgs(server: BenchServer, profile: CipherProfile = DEFAULT_PROFILE): string[] {
    return [...this.options(profile), '-P', String(server.port), `${server.user}@127.0.0.1`];
  }

  /** Runs `sftp -b` with the given commands, one per line. */
  async sftp(
    server: BenchServer,
    commands: readonly string[],
    profile?: CipherProfile,
  ): Promise<CommandResult> {
    this.#batches += 1;
    const batch = join(this.#dir, `batch-${this.#batches}.txt`);
    await writeFile(batch, `${commands.join('\n')}\n`);
    return runOk('sftp', ['-b', batch, ...this.sftpArgs(server, profile)]);
  }

  /** Runs `scp -O` (the legacy SCP protocol) from `from` to `to`; remote ends are written `remote:path`. */
  scp(server: BenchServer, from: string, to: string, profile?: CipherProfile): Promise<CommandResult> {
    const host = `${server.user}@127.0.0.1`;
    const side = (p: string) => (p.startsWith('remote:') ? `${host}:${p.slice('remote:'.length)}` : p);
    return runOk('scp', [
      '-O',
      '-q',
      ...this.options(profile),
      '-P',
      String(server.port),
      side(from),
      side(to),
    ]);
  }
}
