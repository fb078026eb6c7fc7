/** {@link DirLister} over a Node `Dir`: pages of entries with their `lstat` metadata. */
import type { Dir } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { FsErrorContext } from './errors.js';
import {
  FsClosedError,
  FsInvalidArgumentError,
  describeOperation,
  throwIfAborted,
  toFsError,
} from './errors.js';
import type { DirLister, FsDirEntry } from './fs.js';
import { toFsStats } from './local-stats.js';

/** Entries buffered by the operating-system directory reader, whatever the page size. */
export const DIR_READ_BUFFER = 128;

/** How many `lstat` calls one page runs at a time, so that one listing cannot fill the I/O thread pool. */
const STAT_CONCURRENCY = 16;

type ListerState = 'open' | 'finished' | 'closed';

/**
 * Lists a local directory opened with `opendir(..., { encoding: 'buffer' })`. Names that are not valid
 * UTF-8 are skipped: no client could name them back. Entries that vanish between the listing and their
 * `lstat` are skipped too.
 */
export class LocalDirLister implements DirLister {
  readonly #dir: Dir;
  /** The directory's host path, without a trailing `/` (empty for the host's `/`). */
  readonly #hostPath: string;
  readonly #context: FsErrorContext;
  readonly #signal: AbortSignal | undefined;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  #state: ListerState = 'open';
  #busy = false;

  constructor(dir: Dir, hostPath: string, virtualPath: string, signal?: AbortSignal) {
    this.#dir = dir;
    this.#hostPath = hostPath === '/' ? '' : hostPath;
    this.#context = { op: 'readdir', virtualPath };
    this.#signal = signal;
  }

  async next(limit: number): Promise<FsDirEntry[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new FsInvalidArgumentError(
        `${describeOperation(this.#context)}: the page size must be a whole number of at least 1, got ${limit}`,
        this.#context,
      );
    }
    if (this.#busy) {
      throw new FsInvalidArgumentError(
        `${describeOperation(this.#context)}: next() called before the previous call ended`,
        this.#context,
      );
    }
    if (this.#state === 'finished') return [];
    if (this.#state === 'closed') {
      throw new FsClosedError(`${describeOperation(this.#context)}: the listing is closed`, this.#context);
    }
    this.#busy = true;
    try {
      // A page whose entries all vanished must not look like the end of the listing.
      for (;;) {
        throwIfAborted(this.#signal, this.#context);
        const entries = await this.#statAll(await this.#readNames(limit));
        if (entries.length > 0 || this.#state !== 'open') return entries;
      }
    } catch (err) {
      await this.#release('closed');
      throw toFsError(err, this.#context);
    } finally {
      this.#busy = false;
    }
  }

  async close(): Promise<void> {
    if (this.#state === 'open') await this.#release('closed');
    this.#state = 'closed';
  }

  async #readNames(limit: number): Promise<string[]> {
    const names: string[] = [];
    while (names.length < limit) {
      const entry = await this.#dir.read();
      if (entry === null) {
        await this.#release('finished');
        break;
      }
      // The directory was opened with buffer encoding, which Node's typings do not describe.
      const raw = entry.name as unknown as Uint8Array;
      try {
        names.push(this.#decoder.decode(raw));
      } catch {
        // not UTF-8: skipped, see the class comment
      }
    }
    return names;
  }

  async #statAll(names: readonly string[]): Promise<FsDirEntry[]> {
    const results: (FsDirEntry | undefined)[] = new Array<FsDirEntry | undefined>(names.length);
    let nextIndex = 0;
    const worker = async (): Promise<void> => {
      while (nextIndex < names.length) {
        const index = nextIndex++;
        const name = names[index] as string;
        try {
          results[index] = { name, ...toFsStats(await lstat(`${this.#hostPath}/${name}`)) };
        } catch (err) {
          if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, names.length) }, worker));
    return results.filter((entry): entry is FsDirEntry => entry !== undefined);
  }

  async #release(state: ListerState): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = state;
    try {
      await this.#dir.close();
    } catch {
      // already closed by Node at the end of the stream, or failing: nothing left to free
    }
  }
}
