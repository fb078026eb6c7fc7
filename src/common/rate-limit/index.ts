/** Rate limiters: token buckets, global or per source, grouped by protocol. */
export { RateLimitedError } from './errors.js';
export { RateLimiter, isRateLimiterEnabled, maxDelayMs } from './rate-limiter.js';
export type { RateLimiterConfig } from './rate-limiter.js';
export { RateLimiters } from './rate-limiters.js';
export type { RateLimitersDeps } from './rate-limiters.js';
export { SourceBuckets } from './source-buckets.js';
export type { SourceBucketsOptions } from './source-buckets.js';
export { TokenBucket, monotonicClock } from './token-bucket.js';
export type { Clock, Reservation } from './token-bucket.js';
