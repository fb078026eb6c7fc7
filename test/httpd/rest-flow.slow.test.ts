// The flow a management script runs, end to end on the real service wiring: token, user with
// virtual folders and permissions, an SFTP session seen and closed through the API, a quota scan,
// then dump, wipe and restore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { closed, connect } from '../sftpd/harness.js';
import { startApi } from './harness.js';
import type { ApiHarness } from './harness.js';

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function usage(api: ApiHarness, token: string): Promise<[number, number]> {
  const user = (await api.request('GET', '/api/v2/users/alice', { token })).json;
  // Zero counters are left out of the JSON, as SFTPGo's omitempty fields are.
  return [user.used_quota_size ?? 0, user.used_quota_files ?? 0];
}

test('script flow: token, user, SFTP session listed and closed, quota scan, dump, wipe, restore', async (t) => {
  const api = await startApi(t, { sftp: true });
  const token = await api.token();
  const home = join(api.dir, 'homes', 'alice');
  const shared = join(api.dir, 'shared');
  await mkdir(shared, { recursive: true });
  await writeFile(join(shared, 'readme.txt'), 'shared data');

  assert.equal(
    (await api.request('POST', '/api/v2/folders', { token, body: { name: 'shared', mapped_path: shared } }))
      .status,
    201,
  );
  const created = await api.request('POST', '/api/v2/users', {
    token,
    body: {
      username: 'alice',
      password: 'alice-password',
      status: 1,
      home_dir: home,
      quota_size: 10_000_000,
      permissions: { '/': ['*'], '/shared': ['list', 'download'] },
      virtual_folders: [{ name: 'shared', virtual_path: '/shared', quota_size: -1, quota_files: -1 }],
    },
  });
  assert.equal(created.status, 201, created.text);

  const client = await connect(t, api.sftpPort, { username: 'alice', password: 'alice-password' });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    client.sftp((err, s) => (err ? reject(err) : resolve(s))),
  );
  await new Promise<void>((resolve, reject) =>
    sftp.writeFile('/upload.bin', Buffer.alloc(4096, 1), (err) => (err ? reject(err) : resolve())),
  );
  const listing = await new Promise<string[]>((resolve, reject) =>
    sftp.readdir('/shared', (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))),
  );
  assert.deepEqual(listing, ['readme.txt']);
  const denied = await new Promise<Error | undefined>((resolve) =>
    sftp.writeFile('/shared/nope.txt', 'x', (err) => resolve(err ?? undefined)),
  );
  assert.ok(denied, 'the folder permissions of the API user hold over SFTP');

  const connections = (await api.request('GET', '/api/v2/connections', { token })).json;
  const session = connections.find((c: { username: string }) => c.username === 'alice');
  assert.ok(session, JSON.stringify(connections));
  assert.equal(session.protocol, 'SFTP');
  assert.match(session.remote_address, /^127\.0\.0\.1:\d+$/);
  const gone = closed(client);
  assert.equal(
    (await api.request('DELETE', `/api/v2/connections/${session.connection_id as string}`, { token })).status,
    200,
  );
  await gone;
  await waitFor(
    'the session to leave the registry',
    async () => ((await api.request('GET', '/api/v2/connections', { token })).json as unknown[]).length === 0,
  );

  assert.equal(
    (await api.request('PUT', '/api/v2/quotas/users/alice/usage', { token, body: {} })).status,
    200,
  );
  assert.deepEqual(await usage(api, token), [0, 0]);
  assert.equal((await api.request('POST', '/api/v2/quotas/users/alice/scan', { token })).status, 202);
  await waitFor(
    'the scan to end',
    async () =>
      ((await api.request('GET', '/api/v2/quotas/users/scans', { token })).json as unknown[]).length === 0,
  );
  assert.deepEqual(await usage(api, token), [4096, 1]);

  const dump = await api.request('GET', '/api/v2/dumpdata?output-data=1', { token });
  assert.equal(dump.status, 200);
  assert.equal((await api.request('DELETE', '/api/v2/users/alice', { token })).status, 200);
  assert.equal((await api.request('DELETE', '/api/v2/folders/shared', { token })).status, 200);
  assert.equal((await api.request('GET', '/api/v2/users/alice', { token })).status, 404);
  const restored = await api.request('POST', '/api/v2/loaddata?scan-quota=1', { token, body: dump.json });
  assert.equal(restored.status, 200, restored.text);
  const back = (await api.request('GET', '/api/v2/users/alice', { token })).json;
  assert.equal(back.virtual_folders[0].name, 'shared');
  assert.deepEqual(back.permissions['/shared'], ['list', 'download']);
  const again = await connect(t, api.sftpPort, { username: 'alice', password: 'alice-password' });
  again.end();
});
