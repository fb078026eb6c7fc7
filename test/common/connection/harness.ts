// Test setup shared by the connection and transfer tests: a memory data provider, a real logger
// writing to a temporary file, real local directories, and an actions handler that records events.
import type { TestContext } from 'node:test';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/config/index.js';
import type {
  FsActionEvent,
  FsActionName,
  FsActionsHandler,
} from '../../../src/common/actions/fs-action-event.js';
import { ActionDeniedError } from '../../../src/common/actions/fs-action-event.js';
import type { ConnectionSettings } from '../../../src/common/connection/index.js';
import { Connection } from '../../../src/common/connection/index.js';
import type { DataProvider, User } from '../../../src/dataprovider/index.js';
import { openDataProvider } from '../../../src/dataprovider/index.js';
import type { Logger } from '../../../src/logger/index.js';
import { createLogger } from '../../../src/logger/index.js';
import { tempDir } from '../../helpers/tmp.js';

const ctx = { executor: 'test', ip: '127.0.0.1' };

/** A real (small) actions handler: it records every event and fails the actions listed in `deny`. */
export class RecordingActions implements FsActionsHandler {
  readonly events: FsActionEvent[] = [];
  readonly deny = new Set<FsActionName>();
  /** Actions it handles; undefined = all but `pre-delete` (which, when it succeeds, replaces the delete). */
  handled: Set<FsActionName> | undefined;
  /** Runs inside each action, as a hook program's own work would. */
  onRun: ((event: FsActionEvent) => Promise<void>) | undefined;

  handles(action: FsActionName): boolean {
    return this.handled === undefined ? action !== 'pre-delete' : this.handled.has(action);
  }

  async run(event: FsActionEvent): Promise<void> {
    this.events.push(event);
    await Promise.resolve();
    await this.onRun?.(event);
    if (this.deny.has(event.action)) throw new ActionDeniedError(`${event.action} hook failed`);
  }

  names(): string[] {
    return this.events.map((e) => e.action);
  }
}

export interface Harness {
  readonly dir: string;
  readonly home: string;
  readonly provider: DataProvider;
  readonly logger: Logger;
  readonly actions: RecordingActions;
  /** Adds a folder with a mapped path under `dir`; returns the mapped path. */
  folder(name: string): Promise<string>;
  /** Adds a user (defaults: home under `dir`, all permissions) and returns it. */
  user(input: Record<string, unknown>): Promise<User>;
  /** A connection for `user`. */
  connect(
    user: User,
    options?: { settings?: Partial<ConnectionSettings>; remoteIp?: string; id?: string },
  ): Connection;
  /** The user as stored now. */
  stored(username: string): Promise<User>;
  /** The JSON records written so far. */
  logRecords(): Promise<Record<string, unknown>[]>;
}

export async function setup(t: TestContext): Promise<Harness> {
  const dir = await tempDir(t, 'sftpgo-conn-');
  const home = join(dir, 'home');
  const logPath = join(dir, 'sftpgo.log');
  const logger = createLogger({
    filePath: logPath,
    maxSizeMB: 10,
    maxBackups: 1,
    maxAgeDays: 0,
    compress: false,
    level: 'debug',
    utcTime: true,
  });
  const provider = await openDataProvider({
    config: { ...defaultConfig().data_provider, driver: 'memory', track_quota: 1 },
    configDir: dir,
    logger,
  });
  t.after(async () => {
    await provider.close();
    await logger.close();
  });
  const actions = new RecordingActions();
  let n = 0;
  return {
    dir,
    home,
    provider,
    logger,
    actions,
    async folder(name) {
      const mapped = join(dir, `folder-${name}`);
      await mkdir(mapped, { recursive: true });
      await provider.folders.add({ name, mapped_path: mapped }, ctx);
      return mapped;
    },
    async user(input) {
      return provider.users.add(
        {
          username: 'alice',
          password: 'secret-password',
          home_dir: home,
          permissions: { '/': ['*'] },
          status: 1,
          ...input,
        },
        ctx,
      );
    },
    connect(user, options = {}) {
      n++;
      return new Connection({
        id: options.id ?? `SFTP_test${n}`,
        user,
        protocol: 'SFTP',
        remoteAddress: `${options.remoteIp ?? '127.0.0.1'}:5555`,
        remoteIp: options.remoteIp ?? '127.0.0.1',
        localAddress: '127.0.0.1:2022',
        provider,
        actions,
        logger,
        settings: { uploadMode: 0, setstatMode: 0, umask: 0, chownCreated: false, ...options.settings },
      });
    },
    async stored(username) {
      const user = await provider.users.get(username);
      if (user === undefined) throw new Error(`no user ${username}`);
      return user;
    },
    async logRecords() {
      logger.flushSync();
      const text = await readFile(logPath, 'utf8');
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** Uploads `data` through the transfer API in chunks, then closes it. */
export async function upload(
  conn: Connection,
  path: string,
  data: Uint8Array,
  options: Parameters<Connection['openForWrite']>[1] = {},
  start = 0,
): Promise<void> {
  const transfer = await conn.openForWrite(path, options);
  const chunk = 32 * 1024;
  try {
    for (let off = 0; off < data.length; off += chunk) {
      const len = Math.min(chunk, data.length - off);
      await transfer.write(data, off, len, start + off);
    }
  } catch (err) {
    await transfer.close().catch(() => undefined);
    throw err;
  }
  await transfer.close();
}

/** Downloads the whole file through the transfer API. */
export async function download(conn: Connection, path: string): Promise<Buffer> {
  const transfer = await conn.openForRead(path);
  const parts: Buffer[] = [];
  const buffer = new Uint8Array(64 * 1024);
  for (let pos = 0; ;) {
    const n = await transfer.read(buffer, 0, buffer.length, pos);
    if (n === 0) break;
    parts.push(Buffer.from(buffer.subarray(0, n)));
    pos += n;
  }
  await transfer.close();
  return Buffer.concat(parts);
}

/** All entries of a listing, reading pages of `limit`. */
export async function listAll(conn: Connection, path: string, limit = 100): Promise<string[]> {
  const lister = await conn.listDir(path);
  const names: string[] = [];
  for (;;) {
    const page = await lister.next(limit);
    if (page.length === 0) break;
    names.push(...page.map((e) => e.name));
  }
  await lister.close();
  return names.sort();
}

/** `n` bytes of `fill` (an "a" by default). */
export function bytes(n: number, fill = 0x61): Buffer {
  return Buffer.alloc(n, fill);
}
