import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StoreConfigError, StoreSchemaError, openDataProvider } from '../../../src/dataprovider/index.js';
import { createLogger } from '../../../src/logger/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { sqliteTarget } from '../store/store-target.js';
import { ADMIN_CTX, localUser, openProvider, providerConfig } from './helpers.js';
import { providerSuite } from './provider-suite.js';

providerSuite('sqlite', sqliteTarget);

const quietLogger = () =>
  createLogger({
    filePath: '',
    maxSizeMB: 0,
    maxBackups: 0,
    maxAgeDays: 0,
    compress: false,
    level: 'error',
    utcTime: true,
  });

it('sqlite provider: update_mode 1 refuses a database without schema', async (t) => {
  const configDir = await tempDir(t);
  await assert.rejects(
    openDataProvider({
      config: providerConfig({ driver: 'sqlite' }, { update_mode: 1 }),
      configDir,
      logger: quietLogger(),
    }),
    StoreSchemaError,
  );
});

it('sqlite provider: bolt is refused with the store explanation', async (t) => {
  const configDir = await tempDir(t);
  await assert.rejects(
    openDataProvider({ config: providerConfig({ driver: 'bolt' }), configDir, logger: quietLogger() }),
    (err: unknown) => err instanceof StoreConfigError && /bolt/.test(err.message),
  );
});

it('sqlite provider: data survives reopening, counters included', async (t) => {
  const opened = await openProvider(t, sqliteTarget);
  const user = await opened.provider.users.add(localUser('alice', { quota_size: 10 }), ADMIN_CTX);
  await opened.provider.users.updateQuota(user, { size: 3, files: 1 });
  const again = await opened.reopen();
  const read = await again.users.get('alice');
  assert.equal(read?.used_quota_size, 3);
  await again.users.checkPassword('alice', 'secret-password');
});
