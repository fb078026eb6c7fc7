import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { DataProviderConfig } from '../../../src/config/index.js';
import { defaultConfig } from '../../../src/config/index.js';
import type { DataProvider } from '../../../src/dataprovider/index.js';
import { openDataProvider } from '../../../src/dataprovider/index.js';
import type { Logger } from '../../../src/logger/index.js';
import { createLogger } from '../../../src/logger/index.js';
import { tempDir } from '../../helpers/tmp.js';

/** A memory data provider with cheap password hashing, a movable clock and a real log file. */
export async function openTestProvider(
  t: TestContext,
  changes: Partial<DataProviderConfig> = {},
): Promise<{ provider: DataProvider; clock: { now: number }; logger: Logger; dir: string }> {
  const dir = await tempDir(t);
  const logger = createLogger({
    filePath: join(dir, 'sftpgo.log'),
    maxSizeMB: 1,
    maxBackups: 1,
    maxAgeDays: 0,
    compress: false,
    level: 'debug',
    utcTime: true,
  });
  const base = defaultConfig().data_provider;
  const clock = { now: Date.UTC(2024, 0, 15, 12, 30) };
  const provider = await openDataProvider({
    config: {
      ...base,
      driver: 'memory',
      name: '',
      password_hashing: {
        ...base.password_hashing,
        argon2_options: { memory: 64, iterations: 1, parallelism: 1 },
      },
      ...changes,
    },
    configDir: dir,
    logger,
    now: () => clock.now,
  });
  t.after(async () => {
    await provider.close();
    await logger.close();
  });
  return { provider, clock, logger, dir };
}
