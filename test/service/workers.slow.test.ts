import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client as SshClientType, SFTPWrapper } from 'ssh2';
import { readdir } from 'node:fs/promises';
import { runCliToEnd } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import {
  closed,
  eventually,
  listedConnections,
  sshLogin,
  startCluster,
  workerOf,
} from './workers-harness.js';

function sftpOf(client: SshClientType): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))));
}

function upload(sftp: SFTPWrapper, path: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    sftp.writeFile(path, data, (err) => (err ? reject(err) : resolve())),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of the workers as the primary logged them, by worker id. */
async function workerPids(records: Record<string, unknown>[]): Promise<Map<number, number>> {
  const pids = new Map<number, number>();
  for (const r of records) {
    const m = /^worker (\d+) \(pid (\d+)\) started$/.exec(String(r.message));
    if (m) pids.set(Number(m[1]), Number(m[2]));
  }
  return pids;
}

test('two workers: sessions spread over both, one REST list and kicks in either, exact quota, restart, clean stop', async (t) => {
  const cluster = await startCluster(t, { idle_timeout: 0 });
  await cluster.addUser('alice');
  await cluster.addUser('bob', { max_sessions: 2 });
  // The REST API runs in the primary and reports the SSH server of the workers.
  const status = (await cluster.api('GET', '/status')).json as {
    ssh: { is_active: boolean; bindings: { port: number }[] };
  };
  assert.equal(status.ssh.is_active, true);
  assert.equal(status.ssh.bindings[0]?.port, cluster.sftpPort);

  // Sessions from several clients land in both workers (round robin in the primary).
  const clients = await Promise.all(
    Array.from({ length: 4 }, () => sshLogin(t, cluster.sftpPort, 'alice', 'alice-pw')),
  );
  await eventually(
    async () => (await listedConnections(cluster, 'alice')).length === 4,
    'four sessions listed',
  );
  const ids = await listedConnections(cluster, 'alice');
  const workers = await Promise.all(ids.map((id) => workerOf(cluster, id)));
  assert.deepEqual([...new Set(workers)].sort(), [1, 2], `sessions by worker: ${workers.join(',')}`);

  // DELETE closes a session in whichever worker serves it.
  const closings = clients.map((c) => closed(c).then(() => c));
  for (const worker of [1, 2]) {
    const id = ids[workers.indexOf(worker)]!;
    assert.equal((await cluster.api('DELETE', `/connections/${id}`)).status, 200);
  }
  await Promise.race([Promise.all([closings[0], closings[1]]), Promise.any(closings)]);
  await eventually(
    async () => (await listedConnections(cluster, 'alice')).length === 2,
    'two sessions kicked',
  );
  assert.equal((await cluster.api('DELETE', '/connections/SFTP_unknown')).status, 404);

  // bob's max_sessions (2) holds across workers: of four logins, two sessions stay.
  const bobs = await Promise.allSettled(
    Array.from({ length: 4 }, () => sshLogin(t, cluster.sftpPort, 'bob', 'bob-pw')),
  );
  await eventually(
    async () => (await listedConnections(cluster, 'bob')).length <= 2,
    'extra sessions refused',
  );
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await listedConnections(cluster, 'bob')).length, 2);
  const refused = await cluster.records();
  assert.ok(
    refused.some((r) => /too many open sessions for user "bob"/.test(String(r.message))),
    'a worker logged the refusal of the primary',
  );
  for (const b of bobs) if (b.status === 'fulfilled') b.value.end();

  // Parallel uploads through both workers: the quota is exact.
  const uploaders = await Promise.all(
    Array.from({ length: 4 }, () => sshLogin(t, cluster.sftpPort, 'alice', 'alice-pw')),
  );
  const size = 100_000;
  await Promise.all(
    uploaders.map(async (client, c) => {
      const sftp = await sftpOf(client);
      for (let f = 0; f < 5; f++) await upload(sftp, `/c${c}-f${f}.bin`, Buffer.alloc(size + c, f));
    }),
  );
  const expectedSize = [0, 1, 2, 3].reduce((sum, c) => sum + 5 * (size + c), 0);
  const user = (await cluster.api('GET', '/users/alice')).json as {
    used_quota_size: number;
    used_quota_files: number;
  };
  assert.equal(user.used_quota_files, 20);
  assert.equal(user.used_quota_size, expectedSize);

  // A killed worker is forked again, and its sessions leave the list.
  const before = await workerPids(await cluster.records());
  const victim = before.get(1)!;
  process.kill(victim, 'SIGKILL');
  await eventually(
    async () => (await workerPids(await cluster.records())).size === 3,
    'worker 3 started',
    30_000,
  );
  await eventually(
    async () =>
      (await Promise.all((await listedConnections(cluster)).map((id) => workerOf(cluster, id)))).every(
        (w) => w !== 1,
      ),
    'the dead worker sessions are forgotten',
  );
  const again = await sshLogin(t, cluster.sftpPort, 'alice', 'alice-pw');
  again.end();

  // SIGTERM stops the primary and every worker.
  const pids = [...(await workerPids(await cluster.records())).values()].filter((p) => p !== victim);
  cluster.run.child.kill('SIGTERM');
  assert.equal(await cluster.run.exited, 0, cluster.run.stderr());
  for (const pid of pids) assert.equal(alive(pid), false, `worker ${pid} stopped`);
});

const SSH_CLIENT = '127.0.0.2';

test('two workers: max_per_host_connections and the defender hold across workers', async (t) => {
  const cluster = await startCluster(t, {
    max_per_host_connections: 3,
    defender: {
      enabled: true,
      driver: 'memory',
      threshold: 6,
      score_valid: 2,
      score_invalid: 2,
      score_limit_exceeded: 0,
      ban_time: 5,
    },
  });
  await cluster.addUser('carol');
  // Each REST request counts as a connection of its address too (as SFTPGo's HTTP server does), and a
  // banned address is refused over HTTP: the SSH clients come from another loopback address.
  const held = await Promise.all(
    Array.from({ length: 3 }, () => sshLogin(t, cluster.sftpPort, 'carol', 'carol-pw', SSH_CLIENT)),
  );
  const heldWorkers = await Promise.all(
    (await listedConnections(cluster)).map((id) => workerOf(cluster, id)),
  );
  assert.deepEqual([...new Set(heldWorkers)].sort(), [1, 2]);
  // A fourth client from the same address is refused, whichever worker takes it.
  for (let i = 0; i < 2; i++) {
    await assert.rejects(sshLogin(t, cluster.sftpPort, 'carol', 'carol-pw', SSH_CLIENT));
  }
  for (const c of held) c.end();
  await eventually(async () => (await listedConnections(cluster)).length === 0, 'held sessions closed');
  await new Promise((r) => setTimeout(r, 500));

  // Wrong passwords spread over both workers: three of them (score 2 each) reach the threshold 6.
  assert.equal(
    (await cluster.records()).some((r) => r.event === 'banned'),
    false,
    'no ban before the wrong passwords',
  );
  for (let i = 0; i < 3; i++) {
    await assert.rejects(sshLogin(t, cluster.sftpPort, 'carol', 'wrong', SSH_CLIENT));
  }
  await eventually(
    async () => (await cluster.records()).some((r) => r.event === 'banned' && r.worker_id === undefined),
    'the primary banned the host',
  );
  const failedIn = new Set(
    (await cluster.records())
      .filter((r) => r.sender === 'connection_failed' && r.login_type === 'password')
      .map((r) => r.worker_id),
  );
  assert.deepEqual([...failedIn].sort(), [1, 2], 'wrong passwords in both workers');
  // Now even the right password is refused, on both workers.
  for (let i = 0; i < 2; i++) {
    await assert.rejects(sshLogin(t, cluster.sftpPort, 'carol', 'carol-pw', SSH_CLIENT));
  }

  // SIGHUP reaches the workers: each one reloads.
  cluster.run.child.kill('SIGHUP');
  await eventually(async () => {
    const reloaded = (await cluster.records())
      .filter((r) => r.message === 'reload done')
      .map((r) => r.worker_id);
    return reloaded.includes(undefined) && reloaded.includes(1) && reloaded.includes(2);
  }, 'the primary and both workers reloaded');

  // SIGUSR1: the primary rotates the shared log file and the workers write to the new one.
  cluster.run.child.kill('SIGUSR1');
  await eventually(
    async () => (await readdir(cluster.dir)).some((f) => /^sftpgo-.*\.log$/.test(f)),
    'log rotated',
  );
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 2; i++)
    await assert.rejects(sshLogin(t, cluster.sftpPort, 'carol', 'carol-pw', SSH_CLIENT));
  await eventually(async () => {
    const workersInNewFile = new Set(
      (await cluster.records()).map((r) => r.worker_id).filter((w) => w !== undefined),
    );
    return workersInNewFile.size === 2;
  }, 'both workers write to the new log file');
});

test('two workers: a rate limiter counts the connections of both', async (t) => {
  const cluster = await startCluster(t, {
    rate_limiters: [{ average: 1, period: 60_000, burst: 3, type: 2, protocols: ['SSH'] }],
  });
  await cluster.addUser('dave');
  // The bucket holds three tokens for 127.0.0.1, whichever worker takes the connection.
  for (let i = 0; i < 3; i++) (await sshLogin(t, cluster.sftpPort, 'dave', 'dave-pw')).end();
  // Every further connection is refused, whichever worker takes it. The primary hands connections to
  // the workers in turn but skips a busy one, so try until both have refused one: a worker that did not
  // spend three tokens itself refusing proves the bucket is shared.
  const workersThatRefused = async () =>
    [
      ...new Set(
        (await cluster.records())
          .filter((r) => r.sender === 'connection_failed' && /rate limit/.test(String(r.error)))
          .map((r) => r.worker_id),
      ),
    ].sort();
  for (let i = 0; i < 10 && (await workersThatRefused()).length < 2; i++) {
    await assert.rejects(sshLogin(t, cluster.sftpPort, 'dave', 'dave-pw'));
  }
  // A worker may write its record just after the client saw the refusal.
  await eventually(async () => (await workersThatRefused()).length === 2, 'both workers refused');
  assert.deepEqual(await workersThatRefused(), [1, 2]);
});

test('common.workers above 1 with the memory provider is refused', async (t) => {
  const dir = await tempDir(t);
  const result = await runCliToEnd(['serve', '-c', dir, '--log-file-path', ''], {
    SFTPGO_COMMON__WORKERS: '2',
    SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /common\.workers.*data_provider\.driver.*memory/);
});
