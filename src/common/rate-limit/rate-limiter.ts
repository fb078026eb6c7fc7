/** One entry of `common.rate_limiters`: a global bucket (type 1) or one bucket per source (type 2). */
import type { CommonConfig } from '../../config/index.js';
import { AddressSet } from '../guards/address-set.js';
import { SourceBuckets } from './source-buckets.js';
import type { Clock, Reservation } from './token-bucket.js';
import { TokenBucket, monotonicClock } from './token-bucket.js';

/** A `common.rate_limiters` entry. */
export type RateLimiterConfig = CommonConfig['rate_limiters'][number];

/** Longest wait a request is ever given, whatever the rate. */
const MAX_DELAY_CAP_MS = 10_000;

/**
 * The longest a request may wait for its token before it is refused, as SFTPGo computes it: half
 * the period for rates below 1 per second, otherwise half the interval between two requests at the
 * configured rate (1 s divided by twice the whole rate), never above 10 s.
 */
export function maxDelayMs(ratePerSecond: number, periodMs: number): number {
  const delay = ratePerSecond < 1 ? periodMs / 2 : 1000 / (Math.trunc(ratePerSecond) * 2);
  return Math.min(delay, MAX_DELAY_CAP_MS);
}

/** Whether a limiter entry limits anything (`average` above 0 and at least one protocol). */
export function isRateLimiterEnabled(config: RateLimiterConfig): boolean {
  return config.average > 0 && config.protocols.length > 0;
}

export class RateLimiter {
  readonly ratePerSecond: number;
  readonly maxDelayMs: number;
  readonly perSource: boolean;
  readonly generateDefenderEvents: boolean;
  readonly #now: Clock;
  readonly #allowList: AddressSet;
  readonly #global: TokenBucket | undefined;
  readonly #sources: SourceBuckets | undefined;

  /**
   * @throws {RangeError} for a period below 100 ms, a burst below 1, or per-source entry limits
   *   that are not 1 <= soft < hard (SFTPGo refuses the same).
   * @throws {InvalidCIDRError} for an `allow_list` entry that is neither an address nor a network.
   */
  constructor(config: RateLimiterConfig, now: Clock = monotonicClock) {
    if (config.period < 100) throw new RangeError(`rate limiter period ${config.period} must be >= 100`);
    if (config.burst < 1) throw new RangeError(`rate limiter burst ${config.burst} must be >= 1`);
    this.ratePerSecond = (config.average * 1000) / config.period;
    this.maxDelayMs = maxDelayMs(this.ratePerSecond, config.period);
    this.perSource = config.type === 2;
    this.generateDefenderEvents = config.generate_defender_events;
    this.#now = now;
    this.#allowList = new AddressSet(config.allow_list);
    if (this.perSource) {
      this.#sources = new SourceBuckets({
        ratePerSecond: this.ratePerSecond,
        burst: config.burst,
        softLimit: config.entries_soft_limit,
        hardLimit: config.entries_hard_limit,
      });
    } else {
      this.#global = new TokenBucket(this.ratePerSecond, config.burst, now());
    }
  }

  /** Sources with a bucket (per-source limiters; 0 for a global one). */
  get trackedSources(): number {
    return this.#sources?.size ?? 0;
  }

  /**
   * Takes a token for a request from `ip` (canonical address text). An address of the limiter's
   * `allow_list` always passes without taking one.
   */
  reserve(ip: string): Reservation {
    if (this.#allowList.contains(ip)) return { allowed: true, delayMs: 0 };
    const now = this.#now();
    return this.#sources
      ? this.#sources.reserve(ip, now, this.maxDelayMs)
      : (this.#global as TokenBucket).reserve(now, this.maxDelayMs);
  }
}
