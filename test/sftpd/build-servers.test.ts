import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { closeRuntime, openRuntime } from '../../src/service/runtime.js';
import { buildServers } from '../../src/service/build-servers.js';
import { fileLogger } from '../helpers/hooks.js';
import { tempDir } from '../helpers/tmp.js';
import { connect, freePort, marker, markerSubsystem, sftpSubsystem, writeHostKey } from './harness.js';

test('buildServers adds the SSH server for a binding with a port, with an injectable SFTP handler', async (t) => {
  const dir = await tempDir(t);
  const { logger } = fileLogger(t, dir);
  const port = await freePort();
  const hostKey = await writeHostKey(dir);
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
      SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
      SFTPGO_SFTPD__BINDINGS__0__PORT: String(port),
      SFTPGO_SFTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
      SFTPGO_SFTPD__HOST_KEYS: hostKey,
    },
  });
  const runtime = await openRuntime(loaded, logger);
  t.after(() => closeRuntime(runtime));
  assert.deepEqual(
    buildServers(runtime).map((s) => s.name),
    ['sftpd'],
    'by default the SSH server serves SFTP with our protocol layer',
  );
  const servers = buildServers(runtime, { sftpSubsystem: markerSubsystem });
  assert.deepEqual(
    servers.map((s) => s.name),
    ['sftpd'],
  );
  const [sftpd] = servers;
  assert.ok(sftpd);
  await sftpd.start();
  t.after(() => sftpd.stop({ graceMs: 0 }));
  assert.deepEqual(sftpd.addresses(), [`127.0.0.1:${port}`]);
  await runtime.provider.users.add(
    {
      username: 'bob',
      password: 'bob-password',
      home_dir: join(dir, 'home'),
      permissions: { '/': ['*'] },
      status: 1,
    },
    { executor: 'test', ip: '127.0.0.1' },
  );
  const client = await connect(t, port, { username: 'bob', password: 'bob-password' });
  assert.equal((await sftpSubsystem(client)).stdout, marker('bob'));
  client.end();
});
