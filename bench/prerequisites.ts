/**
 * What the benchmark needs from the machine, checked before anything starts; it installs nothing
 * and says what is missing and how to get it.
 */
import { accessSync, constants, statfsSync } from 'node:fs';
import { SFTP_SERVER, SSHD } from './openssh-server.js';

const CLIENTS = ['ssh', 'sftp', 'scp', 'ssh-keygen'];

function onPath(program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    try {
      accessSync(`${dir}/${program}`, constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The problems found; empty when the benchmark can run. */
export function missingPrerequisites(workBase: string, bytesNeeded: number): string[] {
  const problems: string[] = [];
  for (const path of [SSHD, SFTP_SERVER]) {
    if (!executable(path))
      problems.push(`${path} not found: install the OpenSSH server (apt-get install openssh-server)`);
  }
  for (const program of CLIENTS) {
    if (!onPath(program))
      problems.push(`${program} not found: install the OpenSSH client (apt-get install openssh-client)`);
  }
  try {
    const fs = statfsSync(workBase);
    const free = fs.bavail * fs.bsize;
    if (free < bytesNeeded) {
      problems.push(
        `${workBase} has ${(free / 2 ** 30).toFixed(1)} GiB free, ${(bytesNeeded / 2 ** 30).toFixed(1)} GiB needed: ` +
          'choose another --work-dir (a tmpfs keeps the disk out of the measure) or a smaller --size-mib',
      );
    }
  } catch {
    problems.push(`${workBase} cannot be read: choose another --work-dir`);
  }
  return problems;
}
