/**
 * Our server, started the way its users start it: `sftpgo serve` in its own process, with a memory
 * data provider loaded from a dump that holds the benchmark user (public key login, all permissions).
 * With `SFTPGO_COMMON__WORKERS` above 1 the provider is SQLite in the work dir (worker processes cannot
 * share a memory provider).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchServer } from './bench-server.js';
import { stopChild } from './child.js';
import { freePort } from '../test/helpers/free-port.js';
import { connectable } from './tcp-probe.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const USER = 'bench';

/** How our server is started, besides what every run uses. */
export interface SftpGoOptions {
  /** Added to its environment (e.g. settings under test). */
  readonly env: Readonly<Record<string, string>>;
  /** Node.js options before the script (e.g. `--cpu-prof`, not allowed in NODE_OPTIONS). */
  readonly nodeArgs: readonly string[];
}

/** Starts `sftpgo serve`. */
export async function startSftpGo(
  workDir: string,
  clientPublicKey: string,
  options: SftpGoOptions,
): Promise<BenchServer> {
  const dir = join(workDir, 'sftpgo');
  const root = join(dir, 'files');
  mkdirSync(root, { recursive: true });
  const dump = {
    users: [
      {
        username: USER,
        home_dir: root,
        permissions: { '/': ['*'] },
        public_keys: [clientPublicKey],
        status: 1,
      },
    ],
  };
  await writeFile(join(dir, 'dump.json'), JSON.stringify(dump));
  const port = await freePort();
  // The caller's SFTPGO_* variables would change what is measured: only ours are passed.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('SFTPGO_')) env[key] = value;
  }
  const workers = Number(options.env.SFTPGO_COMMON__WORKERS ?? '1');
  Object.assign(env, {
    SFTPGO_SFTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_SFTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
    SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
    SFTPGO_DATA_PROVIDER__DRIVER: workers > 1 ? 'sqlite' : 'memory',
    SFTPGO_DATA_PROVIDER__NAME: workers > 1 ? join(dir, 'sftpgo.db') : '',
    // Every benchmark client comes from 127.0.0.1: the default per-host limit (20) would refuse the
    // idle sessions of the memory workload.
    SFTPGO_COMMON__MAX_PER_HOST_CONNECTIONS: '0',
    ...options.env,
  });
  // What the server says before its log is open (bad options, crashes) lands here.
  const stderr = openSync(join(dir, 'stderr.txt'), 'w');
  const child = spawn(
    process.execPath,
    [
      ...options.nodeArgs,
      CLI,
      'serve',
      '-c',
      dir,
      '--loaddata-from',
      join(dir, 'dump.json'),
      '--log-level',
      'info',
    ],
    { env, stdio: ['ignore', 'ignore', stderr] },
  );
  closeSync(stderr);
  try {
    await connectable(port, 20_000);
    // The first worker listening makes the port connectable: measure once all of them listen.
    if (workers > 1) await logLine(join(dir, 'sftpgo.log'), /workers listening on/, 20_000);
  } catch (err) {
    await stopChild(child);
    throw new Error(`sftpgo serve did not start (see ${dir}/stderr.txt and sftpgo.log)`, { cause: err });
  }
  if (child.pid === undefined) throw new Error('sftpgo serve did not start');
  return {
    name: 'SFTPGo',
    port,
    user: USER,
    remoteRoot: '/',
    diskRoot: root,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

/** Waits until the log file has a line matching `pattern`. */
async function logLine(file: string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(await readFile(file, 'utf8').catch(() => ''))) {
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in ${file}`);
    await sleep(100);
  }
}
