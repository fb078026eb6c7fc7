/** Bandwidth limits of a user for a client address, and the delay that keeps a transfer within one. */
import type { User } from '../../dataprovider/index.js';
import { cidrContains, tryParseCIDR } from '../../util/cidr.js';

/** KB/s limits of one client; 0 means unlimited. */
export interface BandwidthLimits {
  readonly upload: number;
  readonly download: number;
}

/**
 * The limits for a client at `remoteIp`: those of the first `filters.bandwidth_limits` entry with a
 * source network holding the address, else the user's `upload_bandwidth` / `download_bandwidth`.
 */
export function bandwidthFor(
  user: Pick<User, 'upload_bandwidth' | 'download_bandwidth' | 'filters'>,
  remoteIp: string,
): BandwidthLimits {
  for (const limit of user.filters.bandwidth_limits) {
    for (const source of limit.sources) {
      const cidr = tryParseCIDR(source);
      if (cidr !== undefined && cidrContains(cidr, remoteIp)) {
        return { upload: limit.upload_bandwidth, download: limit.download_bandwidth };
      }
    }
  }
  return { upload: user.upload_bandwidth, download: user.download_bandwidth };
}

/**
 * Milliseconds to wait so that `bytes` moved since `startedAt` average at most `kbPerSecond` KB/s
 * (1 KB = 1024 bytes); 0 when the transfer is not ahead of the limit or there is no limit.
 */
export function throttleDelay(options: {
  readonly kbPerSecond: number;
  readonly bytes: number;
  readonly startedAt: number;
  readonly now: number;
}): number {
  if (options.kbPerSecond <= 0) return 0;
  const wanted = (options.bytes / 1024 / options.kbPerSecond) * 1000;
  const elapsed = options.now - options.startedAt;
  return wanted > elapsed ? wanted - elapsed : 0;
}
