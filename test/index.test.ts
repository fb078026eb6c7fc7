import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as sftpgo from '../src/index.js';
import { tempDir } from './helpers/tmp.js';

test('a Node program can run the service in-process through the package entry point', async (t) => {
  const dir = await tempDir(t);
  const logger = sftpgo.createLogger({
    filePath: join(dir, 'embedded.log'),
    maxSizeMB: 1,
    maxBackups: 1,
    maxAgeDays: 0,
    compress: false,
    level: 'info',
    utcTime: false,
  });
  const loaded = await sftpgo.loadConfig({
    configDir: dir,
    env: {
      SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
      SFTPGO_SFTPD__BINDINGS__0__PORT: '0',
      SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
    },
  });
  const runtime = await sftpgo.openRuntime(loaded, logger);
  const service = new sftpgo.Service({
    loaded,
    logger,
    graceTimeMs: 0,
    servers: sftpgo.buildServers(runtime),
    afterStop: () => sftpgo.closeRuntime(runtime),
  });
  await service.start();
  await runtime.provider.users.add(
    { username: 'embedded', home_dir: join(dir, 'home'), permissions: { '/': ['*'] }, status: 1 },
    { executor: 'test', ip: '127.0.0.1' },
  );
  assert.equal((await runtime.provider.users.get('embedded'))?.username, 'embedded');
  await service.stop();
  await logger.close();
  assert.equal(typeof sftpgo.version, 'string');
});
