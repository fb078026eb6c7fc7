/**
 * Where the shared store suite runs: one isolated database per test (own SQLite file or own
 * random table prefix), and the connection settings of the real servers from the environment.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreConfig } from '../../../src/dataprovider/store/index.js';
import { resetProvider } from '../../../src/dataprovider/store/index.js';

/** A fresh database for one test, and how to remove it. */
export interface TargetDatabase {
  readonly config: StoreConfig;
  readonly configDir: string;
  /** Removes everything the test created. */
  cleanup(): Promise<void>;
}

/** A driver to run the suite against. */
export interface StoreTarget {
  /** Whether the driver has a schema (every driver but memory). */
  readonly schema: boolean;
  /** Whether two processes can share the database. */
  readonly shared: boolean;
  /** A fresh, empty database. */
  database(): Promise<TargetDatabase>;
}

/** A random table prefix, so that parallel runs on one server never meet. */
export function randomPrefix(): string {
  return `t${randomBytes(5).toString('hex')}_`;
}

async function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sftpgo-store-'));
}

export const memoryTarget: StoreTarget = {
  schema: false,
  shared: false,
  async database() {
    const configDir = await scratchDir();
    return {
      config: { driver: 'memory' },
      configDir,
      cleanup: () => rm(configDir, { recursive: true, force: true }),
    };
  },
};

export const sqliteTarget: StoreTarget = {
  schema: true,
  shared: true,
  async database() {
    const configDir = await scratchDir();
    return {
      config: { driver: 'sqlite', name: 'data/store.db', sql_tables_prefix: randomPrefix() },
      configDir,
      cleanup: () => rm(configDir, { recursive: true, force: true }),
    };
  },
};

/** A server target from a connection URL; each database is a random prefix, dropped at the end. */
function serverTarget(driver: 'postgresql' | 'mysql', url: string): StoreTarget {
  return {
    schema: true,
    shared: true,
    async database() {
      const configDir = await scratchDir();
      const config: StoreConfig = { driver, connection_string: url, sql_tables_prefix: randomPrefix() };
      return {
        config,
        configDir,
        async cleanup() {
          try {
            await resetProvider(config, { configDir });
          } finally {
            await rm(configDir, { recursive: true, force: true });
          }
        },
      };
    },
  };
}

/** PostgreSQL from `TEST_POSTGRES_URL`, or the reason the tests are skipped. */
export function postgresTarget(): StoreTarget | { readonly skip: string } {
  const url = process.env['TEST_POSTGRES_URL'];
  if (!url) return { skip: 'TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)' };
  return serverTarget('postgresql', url);
}

/** MySQL/MariaDB from `TEST_MYSQL_URL`, or the reason the tests are skipped. */
export function mysqlTarget(): StoreTarget | { readonly skip: string } {
  const url = process.env['TEST_MYSQL_URL'];
  if (!url) return { skip: 'TEST_MYSQL_URL is not set (e.g. mysql://root@127.0.0.1:3306/test)' };
  return serverTarget('mysql', url);
}

/** A server URL split into SFTPGo's separate `data_provider` keys. */
export function keysFromUrl(driver: 'postgresql' | 'mysql', text: string): StoreConfig {
  const u = new URL(text);
  return {
    driver,
    host: u.hostname,
    port: Number(u.port || (driver === 'mysql' ? 3306 : 5432)),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    name: u.pathname.slice(1),
  };
}
