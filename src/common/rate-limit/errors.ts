/** Errors of the rate limiters. */

/** A request refused because it would have waited longer than the limiter's maximum delay. */
export class RateLimitedError extends Error {
  readonly code = 'ERR_RATE_LIMITED';
  /** The wait the request would have needed, in milliseconds. */
  readonly delayMs: number;

  constructor(delayMs: number, maxDelayMs: number) {
    super(
      `rate limit exceeded: ${delayMs.toFixed(1)} ms to wait to respect the rate, at most ${maxDelayMs.toFixed(1)} ms allowed`,
    );
    this.name = 'RateLimitedError';
    this.delayMs = delayMs;
  }
}
