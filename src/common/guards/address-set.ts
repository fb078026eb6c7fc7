/**
 * A list of addresses and networks as the configuration writes them (`192.0.2.1`, `192.0.2.0/24`,
 * `2001:db8::/32`): a plain address is the network of just that address.
 */
import { CIDRSet, InvalidCIDRError, formatIP, parseIP } from '../../util/cidr.js';
import type { IPAddress } from '../../util/cidr.js';

/** Turns `192.0.2.1` into `192.0.2.1/32` (`/128` for IPv6); networks are returned as they are. */
export function asNetwork(entry: string): string {
  const text = entry.trim();
  if (text.includes('/')) return text;
  const address = parseIP(text);
  if (address === undefined) throw new InvalidCIDRError(entry, 'not an IP address or a network');
  return `${formatIP(address)}/${address.family === 4 ? 32 : 128}`;
}

/** A set of addresses and networks. */
export class AddressSet {
  readonly #set: CIDRSet;

  /** @throws {InvalidCIDRError} for an entry that is neither an address nor a network. */
  constructor(entries: Iterable<string>) {
    this.#set = new CIDRSet([...entries].map(asNetwork));
  }

  get size(): number {
    return this.#set.size;
  }

  /** Whether an entry covers the address; an unparsable address is never covered. */
  contains(ip: string | IPAddress): boolean {
    return this.#set.contains(ip);
  }
}
