/** A directory listing as a client sees it: virtual directories first, then the storage's entries. */
import type { DirLister, FsDirEntry } from '../../vfs/index.js';
import type { ListingPlan } from '../rules/index.js';
import { FailureError, toConnectionError } from './errors.js';

/** Pages of a directory listing. */
export interface ConnectionDirLister {
  /**
   * The next entries, at most `limit` (capped by the connection's page size); an empty array once the
   * listing is over.
   * @throws {ConnectionError} on storage errors or a bad `limit`.
   */
  next(limit: number): Promise<FsDirEntry[]>;
  /** Stops the listing; calling it again does nothing. */
  close(): Promise<void>;
}

/** Merges the plan's virtual directories with a storage listing, dropping hidden names. */
export class MergedDirLister implements ConnectionDirLister {
  readonly #plan: ListingPlan;
  readonly #storage: DirLister | undefined;
  readonly #virtualPath: string;
  readonly #maxPage: number;
  #pending: FsDirEntry[];
  #done = false;

  constructor(options: {
    readonly plan: ListingPlan;
    readonly virtualEntries: FsDirEntry[];
    readonly storage: DirLister | undefined;
    readonly virtualPath: string;
    readonly maxPage: number;
  }) {
    this.#plan = options.plan;
    this.#pending = [...options.virtualEntries];
    this.#storage = options.storage;
    this.#virtualPath = options.virtualPath;
    this.#maxPage = options.maxPage;
  }

  async next(limit: number): Promise<FsDirEntry[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new FailureError(`listing ${JSON.stringify(this.#virtualPath)}: invalid page size ${limit}`);
    }
    const wanted = Math.min(limit, this.#maxPage);
    while (this.#pending.length < wanted && !this.#done && this.#storage !== undefined) {
      let page: FsDirEntry[];
      try {
        page = await this.#storage.next(wanted);
      } catch (err) {
        throw toConnectionError(err, this.#virtualPath);
      }
      if (page.length === 0) this.#done = true;
      for (const entry of page) if (this.#plan.keep(entry.name)) this.#pending.push(entry);
    }
    return this.#pending.splice(0, wanted);
  }

  async close(): Promise<void> {
    this.#done = true;
    this.#pending = [];
    await this.#storage?.close();
  }
}
