/**
 * The IP lists of SFTPGo 2.5+ (`/api/v2/iplists`): the global allow list (used when
 * `common.allowlist_status` is 1), the defender list (allow: safe, never banned; deny: always
 * banned) and the rate limiters' safe list. Within a list the most specific network that covers an
 * address and applies to the protocol decides.
 */
import type { IPListEntry, IPListMode, IPListType, Protocol } from '../../dataprovider/index.js';
import { parseIP, tryParseCIDR } from '../../util/cidr.js';
import type { CIDR } from '../../util/cidr.js';
import { cidrContains } from '../../util/cidr.js';
import { asNetwork } from './address-set.js';

/** Bits of {@link IPListEntry.protocols}; 0 means every protocol. */
const PROTOCOL_BITS: Readonly<Record<Protocol, number>> = { SSH: 1, FTP: 2, DAV: 4, HTTP: 8 };

/** Whether an entry applies to a protocol. */
export function entryCoversProtocol(protocols: number, protocol: Protocol): boolean {
  return protocols === 0 || (protocols & PROTOCOL_BITS[protocol]) !== 0;
}

/** Answers "is this address listed, and how?" for the guards. */
export interface IPListMatcher {
  /**
   * The mode of the most specific entry of the list `type` that covers `ip` for `protocol`, or
   * `undefined` when none does.
   */
  match(type: IPListType, ip: string, protocol: Protocol): Promise<IPListMode | undefined>;
}

interface CompiledEntry {
  readonly cidr: CIDR;
  readonly mode: IPListMode;
  readonly protocols: number;
}

/**
 * IP lists held in memory, built from entries (configuration, a dump, or the provider's list read at
 * start). Lookups scan the entries of one list: fine for the hundreds of entries such lists hold.
 */
export class MemoryIPLists implements IPListMatcher {
  readonly #byType = new Map<IPListType, CompiledEntry[]>();

  /** Entries whose `ipornet` does not parse are skipped (validation happens where they are written). */
  constructor(entries: Iterable<Pick<IPListEntry, 'ipornet' | 'type' | 'mode' | 'protocols'>> = []) {
    for (const entry of entries) {
      let cidr: CIDR | undefined;
      try {
        cidr = tryParseCIDR(asNetwork(entry.ipornet));
      } catch {
        cidr = undefined;
      }
      if (cidr === undefined) continue;
      const list = this.#byType.get(entry.type) ?? [];
      list.push({ cidr, mode: entry.mode, protocols: entry.protocols });
      this.#byType.set(entry.type, list);
    }
  }

  match(type: IPListType, ip: string, protocol: Protocol): Promise<IPListMode | undefined> {
    return Promise.resolve(this.matchSync(type, ip, protocol));
  }

  /** {@link match} without the Promise. */
  matchSync(type: IPListType, ip: string, protocol: Protocol): IPListMode | undefined {
    const address = parseIP(ip);
    if (address === undefined) return undefined;
    let best: CompiledEntry | undefined;
    for (const entry of this.#byType.get(type) ?? []) {
      if (!entryCoversProtocol(entry.protocols, protocol) || !cidrContains(entry.cidr, address)) continue;
      if (best === undefined || entry.cidr.prefixLength > best.cidr.prefixLength) best = entry;
    }
    return best?.mode;
  }
}
