// Starts `sftpgo serve` with several worker processes (sqlite provider in a temp dir) and drives it
// with real SSH clients and the REST API.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ssh2 from 'ssh2';
import type { Client as SshClientType } from 'ssh2';
import { freePort, runCli, waitForLine } from '../helpers/cli.js';
import type { CliRun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const { Client } = ssh2;

const admin = { username: 'admin', password: 'admin-password' };

export interface ClusterRun {
  readonly dir: string;
  readonly run: CliRun;
  readonly sftpPort: number;
  readonly log: string;
  /** A REST call as the admin; resolves with the status and the parsed body. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** The records of the log file, parsed. */
  records(): Promise<Record<string, unknown>[]>;
  /** Creates a user whose home is under the temp dir. */
  addUser(username: string, fields?: Record<string, unknown>): Promise<void>;
}

/** `sftpgo serve` with `common.workers` 2 and `common` merged with `common`; waits until both workers listen. */
export async function startCluster(
  t: TestContext,
  common: Record<string, unknown> = {},
): Promise<ClusterRun> {
  const dir = await tempDir(t);
  const [sftpPort, httpPort] = [await freePort(), await freePort()];
  const config = {
    common: { workers: 2, ...common },
    sftpd: { bindings: [{ address: '127.0.0.1', port: sftpPort }] },
    httpd: { bindings: [{ address: '127.0.0.1', port: httpPort }] },
    data_provider: { driver: 'sqlite', name: 'sftpgo.db', create_default_admin: true, track_quota: 1 },
  };
  await writeFile(join(dir, 'sftpgo.json'), JSON.stringify(config));
  const log = join(dir, 'sftpgo.log');
  const run = runCli(t, ['serve', '-c', dir, '--log-level', 'debug'], {
    SFTPGO_DEFAULT_ADMIN_USERNAME: admin.username,
    SFTPGO_DEFAULT_ADMIN_PASSWORD: admin.password,
    SFTPGO_SFTPD__BINDINGS__0__PORT: String(sftpPort),
  });
  await waitForLine(log, /workers listening on/, 60_000);
  const base = `http://127.0.0.1:${httpPort}/api/v2`;
  const auth = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
  const tokenAnswer = await fetch(`${base}/token`, { headers: { authorization: auth } });
  assert.equal(tokenAnswer.status, 200);
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
  const api = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await answer.text();
    return { status: answer.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const records = async () =>
    (await readFile(log, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const addUser = async (username: string, fields: Record<string, unknown> = {}) => {
    const answer = await api('POST', '/users', {
      username,
      password: `${username}-pw`,
      status: 1,
      home_dir: join(dir, 'homes', username),
      permissions: { '/': ['*'] },
      ...fields,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.json));
  };
  return { dir, run, sftpPort, log, api, records, addUser };
}

/**
 * An SSH login with a password, from `from` (a loopback address; default 127.0.0.1); rejects with the
 * client's error. The client ends with the test.
 */
export function sshLogin(
  t: TestContext,
  port: number,
  username: string,
  password: string,
  from = '127.0.0.1',
): Promise<SshClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    t.after(() => client.end());
    client.once('ready', () => resolve(client));
    // ssh2 may report more than one error for a refused connection.
    client.on('error', reject);
    client.connect({ host: '127.0.0.1', localAddress: from, port, username, password, readyTimeout: 20_000 });
  });
}

/** Resolves once the client's connection closed. */
export function closed(client: SshClientType): Promise<void> {
  return new Promise((resolve) => client.once('close', () => resolve()));
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}

/** The worker whose log record says the session `connectionId` logged in. */
export async function workerOf(cluster: ClusterRun, connectionId: string): Promise<number> {
  let worker: unknown;
  // Log records are written in batches: the one of a session just listed may still be on its way.
  await eventually(async () => {
    worker = (await cluster.records()).find(
      (r) => r.connection_id === connectionId && typeof r.worker_id === 'number',
    )?.worker_id;
    return worker !== undefined;
  }, `a log record of connection ${connectionId}`);
  return worker as number;
}

/** The connection ids the REST API lists for `username` (all when undefined). */
export async function listedConnections(cluster: ClusterRun, username?: string): Promise<string[]> {
  const answer = await cluster.api('GET', '/connections');
  assert.equal(answer.status, 200);
  return (answer.json as { connection_id: string; username: string }[])
    .filter((c) => username === undefined || c.username === username)
    .map((c) => c.connection_id);
}
