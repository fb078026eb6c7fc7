/**
 * One token bucket per source address, with the number of buckets kept between the soft and the
 * hard limit: when a new source would reach the hard limit, the least recently active sources are
 * dropped until the soft limit is left (their next request starts with a full bucket).
 */
import type { Reservation } from './token-bucket.js';
import { TokenBucket } from './token-bucket.js';

/** Sizes of a {@link SourceBuckets}. */
export interface SourceBucketsOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Sources kept after a clean-up, 1 or more. */
  readonly softLimit: number;
  /** Sources that trigger a clean-up; above the soft limit. */
  readonly hardLimit: number;
}

export class SourceBuckets {
  readonly #options: SourceBucketsOptions;
  // A Map iterates in insertion order; each use re-inserts its source, so the first keys are the
  // least recently active and a clean-up needs no sort.
  readonly #buckets = new Map<string, TokenBucket>();

  /** @throws {RangeError} when the limits are not 1 <= soft < hard. */
  constructor(options: SourceBucketsOptions) {
    if (!(options.softLimit >= 1) || !(options.hardLimit > options.softLimit)) {
      throw new RangeError(
        `entries limits must satisfy 1 <= entries_soft_limit < entries_hard_limit, got ${options.softLimit}/${options.hardLimit}`,
      );
    }
    this.#options = options;
  }

  /** Sources currently tracked; never above the hard limit. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Whether the source has a bucket (for tests and status pages). */
  has(source: string): boolean {
    return this.#buckets.has(source);
  }

  /** {@link TokenBucket.reserve} on the source's bucket, created full on first use. */
  reserve(source: string, now: number, maxDelayMs: number): Reservation {
    let bucket = this.#buckets.get(source);
    if (bucket === undefined) {
      this.#evictIfFull();
      bucket = new TokenBucket(this.#options.ratePerSecond, this.#options.burst, now);
    } else {
      this.#buckets.delete(source);
    }
    this.#buckets.set(source, bucket);
    return bucket.reserve(now, maxDelayMs);
  }

  #evictIfFull(): void {
    if (this.#buckets.size < this.#options.hardLimit) return;
    let toRemove = this.#buckets.size - this.#options.softLimit + 1;
    for (const key of this.#buckets.keys()) {
      if (toRemove-- <= 0) break;
      this.#buckets.delete(key);
    }
  }
}
