/**
 * The rate limiters of `common.rate_limiters`, grouped by protocol: a request (a new SSH/FTP
 * connection, an HTTP request...) must get a token from every limiter of its protocol, waiting
 * for each when needed, or is refused as soon as one would make it wait too long.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Protocol } from '../../dataprovider/index.js';
import { IP_LIST_TYPES } from '../../dataprovider/index.js';
import type { Logger } from '../../logger/index.js';
import { canonicalIP } from '../../util/cidr.js';
import type { IPListMatcher } from '../guards/ip-lists.js';
import { RateLimitedError } from './errors.js';
import type { RateLimiterConfig } from './rate-limiter.js';
import { RateLimiter, isRateLimiterEnabled } from './rate-limiter.js';
import type { Clock } from './token-bucket.js';
import { monotonicClock } from './token-bucket.js';

/** What {@link RateLimiters} needs besides the limiter entries. */
export interface RateLimitersDeps {
  /** The IP lists; addresses in the rate limiters safe list are never limited. */
  readonly ipLists?: IPListMatcher;
  /**
   * Called when a per-source limiter with `generate_defender_events` refuses a request (the place
   * for a defender `LimitExceeded` event).
   */
  readonly onLimitExceeded?: (ip: string, protocol: Protocol) => Promise<unknown>;
  readonly logger?: Logger;
  readonly now?: Clock;
}

export class RateLimiters {
  readonly #byProtocol = new Map<Protocol, RateLimiter[]>();
  readonly #deps: RateLimitersDeps;

  /** @throws {RangeError} or {InvalidCIDRError} for an entry SFTPGo would refuse (see {@link RateLimiter}). */
  constructor(configs: readonly RateLimiterConfig[], deps: RateLimitersDeps = {}) {
    this.#deps = deps;
    for (const config of configs) {
      if (!isRateLimiterEnabled(config)) continue;
      const limiter = new RateLimiter(config, deps.now ?? monotonicClock);
      for (const protocol of new Set(config.protocols)) {
        const list = this.#byProtocol.get(protocol) ?? [];
        list.push(limiter);
        this.#byProtocol.set(protocol, list);
      }
    }
  }

  /** Whether any limiter is configured. */
  get enabled(): boolean {
    return this.#byProtocol.size > 0;
  }

  /** The limiters that apply to a protocol, in configuration order. */
  limitersOf(protocol: Protocol): readonly RateLimiter[] {
    return this.#byProtocol.get(protocol) ?? [];
  }

  /**
   * Takes a token from each limiter of `protocol` for a request from `ip`, waiting as they ask.
   * @throws {RateLimitedError} when a limiter would make the request wait past its maximum delay.
   */
  async limit(protocol: Protocol, ip: string): Promise<void> {
    const limiters = this.#byProtocol.get(protocol);
    if (limiters === undefined) return;
    const host = canonicalIP(ip);
    const safe = await this.#deps.ipLists?.match(IP_LIST_TYPES.rateLimiterSafeList, host, protocol);
    if (safe !== undefined) return;
    for (const limiter of limiters) {
      const reservation = limiter.reserve(host);
      if (!reservation.allowed) {
        if (limiter.perSource && limiter.generateDefenderEvents) {
          await this.#deps.onLimitExceeded?.(host, protocol);
        }
        const error = new RateLimitedError(reservation.delayMs, limiter.maxDelayMs);
        this.#deps.logger?.debug('common', `protocol ${protocol} ip ${host}: ${error.message}`);
        throw error;
      }
      if (reservation.delayMs > 0) await sleep(reservation.delayMs);
    }
  }
}
