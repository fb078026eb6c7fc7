/**
 * Running quota scans, so that the scans endpoints of `/quotas` can list them and a second scan of the same user
 * or folder is refused (409) while one runs, as SFTPGo does. Scans run in the background.
 */
import type { DataProvider } from '../../dataprovider/index.js';
import { scanFolderQuota, scanUserQuota } from '../../common/quota-scan.js';
import type { Logger } from '../../logger/index.js';
import { errorMessage } from '../../util/error-message.js';

/** One running scan: its subject and when it started (ms since the epoch). */
export interface RunningScan {
  readonly name: string;
  readonly startTime: number;
}

type Kind = 'user' | 'folder';

/** The running scans of users and folders. */
export class QuotaScans {
  readonly #provider: DataProvider;
  readonly #logger: Logger;
  readonly #running: Record<Kind, Map<string, number>> = { user: new Map(), folder: new Map() };
  readonly #pending = new Set<Promise<void>>();
  readonly #abort = new AbortController();

  constructor(provider: DataProvider, logger: Logger) {
    this.#provider = provider;
    this.#logger = logger;
  }

  list(kind: Kind): RunningScan[] {
    return [...this.#running[kind]].map(([name, startTime]) => ({ name, startTime }));
  }

  /**
   * Starts scanning a user's home directory (the user must exist: the caller checked).
   * @returns false when a scan of that user is already running.
   */
  startUser(username: string): boolean {
    return this.#start('user', username, async (signal) => {
      const user = await this.#provider.users.get(username);
      if (user !== undefined) await scanUserQuota(this.#provider, user, signal);
    });
  }

  /** Same as {@link startUser} for a folder. */
  startFolder(name: string): boolean {
    return this.#start('folder', name, async (signal) => {
      const folder = await this.#provider.folders.get(name);
      if (folder !== undefined) await scanFolderQuota(this.#provider, folder, signal);
    });
  }

  /** Waits for the running scans (tests, shutdown after {@link abort}). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  /** Stops the running scans (server shutdown). */
  async abort(): Promise<void> {
    this.#abort.abort();
    await this.settled();
  }

  #start(kind: Kind, name: string, scan: (signal: AbortSignal) => Promise<void>): boolean {
    const running = this.#running[kind];
    if (running.has(name)) return false;
    running.set(name, Date.now());
    const job = scan(this.#abort.signal)
      .catch((err: unknown) => {
        this.#logger.warn('httpd', `quota scan of ${kind} ${name} failed`, {
          error: errorMessage(err),
        });
      })
      .finally(() => {
        running.delete(name);
        this.#pending.delete(job);
      });
    this.#pending.add(job);
    return true;
  }
}
