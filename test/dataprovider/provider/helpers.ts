/**
 * Opening a provider for one test against one of the store targets, with a fast password hasher,
 * a real log file and an event recorder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { DataProviderConfig } from '../../../src/config/index.js';
import { defaultConfig } from '../../../src/config/index.js';
import type { DataProvider, DataProviderOptions, ProviderEvent } from '../../../src/dataprovider/index.js';
import { openDataProvider } from '../../../src/dataprovider/index.js';
import type { PasswordHasher } from '../../../src/dataprovider/password/index.js';
import { createPasswordHasher } from '../../../src/dataprovider/password/index.js';
import type { StoreConfig } from '../../../src/dataprovider/store/index.js';
import type { Logger } from '../../../src/logger/index.js';
import { createLogger } from '../../../src/logger/index.js';
import type { StoreTarget, TargetDatabase } from '../store/store-target.js';

/** Cheap argon2id settings: these tests check behaviour, not hashing cost. */
export const FAST_HASHING = { memory: 64, iterations: 1, parallelism: 1 } as const;

/** The `data_provider` section for a target database, with fast hashing and the given changes. */
export function providerConfig(
  store: StoreConfig,
  changes: Partial<DataProviderConfig> = {},
): DataProviderConfig {
  const base = defaultConfig().data_provider;
  return {
    ...base,
    ...(store as Partial<DataProviderConfig>),
    password_hashing: { ...base.password_hashing, argon2_options: { ...FAST_HASHING } },
    ...changes,
  };
}

/** A real hasher that counts the checks it runs, to see when the cache answered instead. */
export interface CountingHasher extends PasswordHasher {
  readonly verified: number;
  readonly hashed: number;
}

/** A counting wrapper around a real hasher with the fast settings. */
export function countingHasher(t: TestContext, algo: 'argon2id' | 'bcrypt' = 'argon2id'): CountingHasher {
  const inner = createPasswordHasher(
    { algo, bcrypt: { cost: 4 }, argon2: { ...FAST_HASHING } },
    { workers: 1 },
  );
  t.after(() => inner.close());
  let verified = 0;
  let hashed = 0;
  return {
    get verified() {
      return verified;
    },
    get hashed() {
      return hashed;
    },
    hash(plain) {
      hashed++;
      return inner.hash(plain);
    },
    verify(plain, stored) {
      verified++;
      return inner.verify(plain, stored);
    },
    close: () => inner.close(),
  };
}

/** A provider opened for one test, with what it reported. */
export interface OpenedProvider {
  readonly provider: DataProvider;
  readonly db: TargetDatabase;
  readonly events: ProviderEvent[];
  readonly logger: Logger;
  readonly logFile: string;
  /** The clock the provider uses; tests may move it. */
  readonly clock: { now: number };
  /** Closes this provider and opens another one on the same database. */
  reopen(
    options?: Partial<Omit<DataProviderOptions, 'config'>> & { config?: Partial<DataProviderConfig> },
  ): Promise<DataProvider>;
}

/** Options of {@link openProvider}. */
export interface OpenProviderOptions extends Partial<Omit<DataProviderOptions, 'config' | 'logger'>> {
  readonly config?: Partial<DataProviderConfig>;
}

export const START = 1_700_000_000_000;

/** Opens a provider on a fresh database of the target; everything is closed and removed after the test. */
export async function openProvider(
  t: TestContext,
  target: StoreTarget,
  options: OpenProviderOptions = {},
): Promise<OpenedProvider> {
  const db = await target.database();
  const logFile = join(db.configDir, 'sftpgo.log');
  const logger = createLogger({
    filePath: logFile,
    maxSizeMB: 0,
    maxBackups: 0,
    maxAgeDays: 0,
    compress: false,
    level: 'debug',
    utcTime: true,
  });
  const events: ProviderEvent[] = [];
  const clock = { now: START };
  const opened: DataProvider[] = [];
  const open = async (extra: OpenProviderOptions): Promise<DataProvider> => {
    const provider = await openDataProvider({
      configDir: db.configDir,
      logger,
      listener: (event) => events.push(event),
      now: () => clock.now,
      env: {},
      hasher: { workers: 1 },
      ...options,
      ...extra,
      config: providerConfig(db.config, { ...options.config, ...extra.config }),
    });
    opened.push(provider);
    return provider;
  };
  let provider: DataProvider;
  try {
    provider = await open({});
  } catch (err) {
    await db.cleanup();
    throw err;
  }
  t.after(async () => {
    for (const p of opened) await p.close();
    await logger.close();
    await db.cleanup();
  });
  return {
    provider,
    db,
    events,
    logger,
    logFile,
    clock,
    async reopen(extra = {}) {
      await provider.close();
      provider = await open(extra);
      return provider;
    },
  };
}

/** The app records written so far to the log file. */
export async function logRecords(opened: OpenedProvider): Promise<Record<string, unknown>[]> {
  opened.logger.flushSync();
  const text = await readFile(opened.logFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A valid local user. */
export function localUser(username: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    username,
    status: 1,
    password: 'secret-password',
    home_dir: `/srv/sftpgo/${username}`,
    permissions: { '/': ['*'] },
    ...extra,
  };
}

/** A valid local folder. */
export function localFolder(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, mapped_path: `/srv/folders/${name}`, ...extra };
}

/** Who made the changes in the tests. */
export const ADMIN_CTX = { executor: 'admin', ip: '192.0.2.1', role: '' } as const;
