/**
 * The data provider's IP lists, kept in memory for the checks made at every connection and reloaded
 * when this process changed them or after a short time (changes made by other instances sharing
 * the database show up within that time).
 */
import type { IPListEntry, IPListMode, IPListType, Protocol } from '../../dataprovider/index.js';
import type { Logger } from '../../logger/index.js';
import type { IPListMatcher } from './ip-lists.js';
import { MemoryIPLists } from './ip-lists.js';

/** Where the entries come from: the provider's IP list service fits. */
export interface IPListSource {
  all(): Promise<IPListEntry[]>;
  /** Moves on every change made through the source. */
  readonly changes: number;
}

/** How often {@link CachedIPLists} reloads at most without a local change; default 5 s. */
export const DEFAULT_IP_LISTS_TTL_MS = 5000;

export class CachedIPLists implements IPListMatcher {
  readonly #source: IPListSource;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  #lists = new MemoryIPLists();
  #loadedAt = -Infinity;
  #loadedChanges = -1;
  #loading: Promise<void> | undefined;

  constructor(
    source: IPListSource,
    options: { readonly ttlMs?: number; readonly now?: () => number; readonly logger?: Logger } = {},
  ) {
    this.#source = source;
    this.#ttlMs = options.ttlMs ?? DEFAULT_IP_LISTS_TTL_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#logger = options.logger;
  }

  async match(type: IPListType, ip: string, protocol: Protocol): Promise<IPListMode | undefined> {
    const stale = this.#source.changes !== this.#loadedChanges || this.#now() - this.#loadedAt >= this.#ttlMs;
    if (stale) await this.#reload();
    return this.#lists.matchSync(type, ip, protocol);
  }

  /** One load at a time; a failed load keeps the lists last read (and is retried on the next check). */
  #reload(): Promise<void> {
    this.#loading ??= (async () => {
      const changes = this.#source.changes;
      try {
        this.#lists = new MemoryIPLists(await this.#source.all());
        this.#loadedAt = this.#now();
        this.#loadedChanges = changes;
      } catch (err) {
        this.#logger?.warn('common', `unable to read the IP lists: ${String(err)}`);
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }
}
