/**
 * A token bucket with the semantics of Go's `golang.org/x/time/rate` limiter, which SFTPGo uses:
 * the bucket starts full, refills continuously at `rate` tokens per second up to `burst`, is
 * refilled lazily (computed from the elapsed time when asked, no timer), and a request reserves a
 * token it may have to wait for. A reservation whose wait is too long is not taken, leaving the
 * bucket as if it had not been asked.
 */

/** Time in milliseconds (monotonic clock in production, any clock in tests). */
export type Clock = () => number;

/** `performance.now`: monotonic, so wall clock steps do not empty or fill buckets. */
export const monotonicClock: Clock = () => performance.now();

/** The outcome of a reservation. */
export interface Reservation {
  /** The token was reserved; the request goes on after `delayMs`. */
  readonly allowed: boolean;
  /** Milliseconds to wait for the token (0 when one is there now). */
  readonly delayMs: number;
}

export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  /**
   * @param ratePerSecond refill rate, above 0.
   * @param burst bucket size, 1 or more.
   * @throws {RangeError} for a rate or burst out of range.
   */
  constructor(ratePerSecond: number, burst: number, now: number) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`token bucket rate must be above 0, got ${ratePerSecond}`);
    }
    if (!(burst >= 1)) throw new RangeError(`token bucket burst must be at least 1, got ${burst}`);
    this.#ratePerMs = ratePerSecond / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Tokens available at `now` (negative while reservations wait). */
  tokensAt(now: number): number {
    const elapsed = Math.max(0, now - this.#last);
    return Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
  }

  /**
   * Reserves one token at `now`, unless the wait for it would pass `maxDelayMs`: nothing is
   * reserved then.
   */
  reserve(now: number, maxDelayMs: number): Reservation {
    const tokens = this.tokensAt(now) - 1;
    const delayMs = tokens >= 0 ? 0 : -tokens / this.#ratePerMs;
    if (delayMs > maxDelayMs) return { allowed: false, delayMs };
    this.#tokens = tokens;
    this.#last = Math.max(now, this.#last);
    return { allowed: true, delayMs };
  }
}
