/**
 * IP address and CIDR network parsing and matching (RFC 4632 for IPv4, RFC 4291 for IPv6).
 *
 * Used for user IP filters, per-source bandwidth limits, admin allow lists, rate limiter safe lists and
 * the defender. Addresses are kept as bytes: 4 for IPv4, 16 for IPv6. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, what Node reports for IPv4 clients of a dual-stack listener) is treated as the
 * IPv4 address it carries, so `192.0.2.0/24` matches it.
 */

/** An IP address: `bytes` has 4 bytes when `family` is 4 and 16 when it is 6. */
export interface IPAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

/** A network: `network` has the host bits cleared; `prefixLength` is 0..32 for IPv4, 0..128 for IPv6. */
export interface CIDR {
  readonly family: 4 | 6;
  readonly network: Uint8Array;
  readonly prefixLength: number;
}

/** Thrown by {@link parseCIDR} for text that is not a network in CIDR notation. */
export class InvalidCIDRError extends Error {
  override readonly name = 'InvalidCIDRError';
  readonly code = 'ERR_INVALID_CIDR';
  /** The text that could not be parsed. */
  readonly input: string;

  constructor(input: string, reason: string) {
    super(`invalid CIDR ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
  }
}

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
// The first 12 bytes of an IPv4-mapped IPv6 address (RFC 4291 section 2.5.5.2).
const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4Bytes(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    // Leading zeros are refused: "010" reads as octal in some tools and decimal in others.
    if (!IPV4_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** Parses the groups on one side of "::"; the last group may be a dotted IPv4 address when allowed. */
function parseIPv6Groups(side: string, allowTrailingIPv4: boolean): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i === parts.length - 1 && allowTrailingIPv4 && part.includes('.')) {
      const v4 = parseIPv4Bytes(part);
      if (v4 === undefined) return undefined;
      groups.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      continue;
    }
    if (!IPV6_GROUP.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

function parseIPv6Bytes(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseIPv6Groups(halves[0] as string, false);
    const tail = parseIPv6Groups(halves[1] as string, true);
    if (head === undefined || tail === undefined) return undefined;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    const all = parseIPv6Groups(text, true);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  return bytes.length === 16 && V4_MAPPED_PREFIX.every((b, i) => bytes[i] === b);
}

/**
 * Parses an IPv4 or IPv6 address. An IPv6 zone (`fe80::1%eth0`) is accepted and dropped. An IPv4-mapped
 * IPv6 address is returned as IPv4. Returns `undefined` for anything else (never throws).
 */
export function parseIP(text: string): IPAddress | undefined {
  if (text.includes(':')) {
    const zoneAt = text.indexOf('%');
    const bytes = parseIPv6Bytes(zoneAt >= 0 ? text.slice(0, zoneAt) : text);
    if (bytes === undefined || zoneAt === text.length - 1) return undefined;
    return isV4Mapped(bytes) ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes };
  }
  const bytes = parseIPv4Bytes(text);
  return bytes === undefined ? undefined : { family: 4, bytes };
}

function maskBytes(bytes: Uint8Array, prefixLength: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.min(8, Math.max(0, prefixLength - i * 8));
    out[i] = (bytes[i] as number) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/**
 * Parses a network in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`). Host bits may be set
 * (`192.0.2.7/24` is the network `192.0.2.0/24`), as SFTPGo accepts. An IPv4-mapped IPv6 network with a
 * prefix of at least 96 bits is returned as the IPv4 network it covers.
 *
 * @throws {InvalidCIDRError} when the text is not an address, a slash and a prefix length in range.
 */
export function parseCIDR(text: string): CIDR {
  const slash = text.indexOf('/');
  if (slash < 0) throw new InvalidCIDRError(text, 'missing "/prefix-length"');
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (addressText.includes('%')) throw new InvalidCIDRError(text, 'an IPv6 zone is not allowed');
  const bytes = addressText.includes(':') ? parseIPv6Bytes(addressText) : parseIPv4Bytes(addressText);
  if (bytes === undefined)
    throw new InvalidCIDRError(text, `${JSON.stringify(addressText)} is not an IP address`);
  if (!/^[0-9]{1,10}$/.test(prefixText))
    throw new InvalidCIDRError(text, 'the prefix length must be a number');
  const prefixLength = Number(prefixText);
  const bitLength = bytes.length * 8;
  if (prefixLength > bitLength) {
    throw new InvalidCIDRError(text, `the prefix length must be between 0 and ${bitLength}`);
  }
  if (isV4Mapped(bytes) && prefixLength >= 96) {
    return {
      family: 4,
      prefixLength: prefixLength - 96,
      network: maskBytes(bytes.slice(12), prefixLength - 96),
    };
  }
  return { family: bytes.length === 4 ? 4 : 6, prefixLength, network: maskBytes(bytes, prefixLength) };
}

/** Like {@link parseCIDR} but returns `undefined` instead of throwing. */
export function tryParseCIDR(text: string): CIDR | undefined {
  try {
    return parseCIDR(text);
  } catch {
    return undefined;
  }
}

/** True when the text is a valid network in CIDR notation. */
export function isValidCIDR(text: string): boolean {
  return tryParseCIDR(text) !== undefined;
}

function toAddress(ip: string | IPAddress): IPAddress | undefined {
  return typeof ip === 'string' ? parseIP(ip) : ip;
}

/** True when the network contains the address. An unparsable address is contained in nothing. */
export function cidrContains(cidr: CIDR, ip: string | IPAddress): boolean {
  const address = toAddress(ip);
  if (address === undefined || address.family !== cidr.family) return false;
  const masked = maskBytes(address.bytes, cidr.prefixLength);
  return masked.every((b, i) => b === cidr.network[i]);
}

/** Formats an address: dotted quad for IPv4, RFC 5952 compressed lowercase text for IPv6. */
export function formatIP(address: IPAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((address.bytes[i] as number) << 8) | (address.bytes[i + 1] as number));
  // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Formats a network as `address/prefix` with the host bits cleared. */
export function formatCIDR(cidr: CIDR): string {
  return `${formatIP({ family: cidr.family, bytes: cidr.network })}/${cidr.prefixLength}`;
}

function networkKey(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * A set of networks answering "is this address in any of them?" in time bounded by the number of
 * distinct prefix lengths, not the number of networks, so large block lists stay cheap.
 */
export class CIDRSet {
  // family -> prefix length -> network keys
  readonly #byFamily = new Map<4 | 6, Map<number, Set<string>>>();
  #size = 0;

  /** @throws {InvalidCIDRError} when a text entry is not a valid network. */
  constructor(entries: Iterable<string | CIDR> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Number of distinct networks. */
  get size(): number {
    return this.#size;
  }

  /**
   * Adds a network; adding one already present does nothing.
   * @throws {InvalidCIDRError} when a text entry is not a valid network.
   */
  add(entry: string | CIDR): void {
    const cidr = typeof entry === 'string' ? parseCIDR(entry) : entry;
    let byPrefix = this.#byFamily.get(cidr.family);
    if (byPrefix === undefined) {
      byPrefix = new Map();
      this.#byFamily.set(cidr.family, byPrefix);
    }
    let keys = byPrefix.get(cidr.prefixLength);
    if (keys === undefined) {
      keys = new Set();
      byPrefix.set(cidr.prefixLength, keys);
    }
    const key = networkKey(cidr.network);
    if (!keys.has(key)) {
      keys.add(key);
      this.#size++;
    }
  }

  /** True when any network of the set contains the address; an unparsable address is never contained. */
  contains(ip: string | IPAddress): boolean {
    const address = toAddress(ip);
    if (address === undefined) return false;
    const byPrefix = this.#byFamily.get(address.family);
    if (byPrefix === undefined) return false;
    for (const [prefixLength, keys] of byPrefix) {
      if (keys.has(networkKey(maskBytes(address.bytes, prefixLength)))) return true;
    }
    return false;
  }
}

/**
 * The canonical text of an address as clients and logs should see it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * what a dual-stack listener reports for IPv4 clients) becomes plain IPv4. Text that is not an address
 * is returned unchanged.
 */
export function canonicalIP(text: string): string {
  const address = parseIP(text);
  return address === undefined ? text : formatIP(address);
}

/** `host:port` as Go's net.JoinHostPort writes it: IPv6 addresses in brackets (`[::1]:22`). */
export function joinHostPort(host: string, port: number | string | undefined): string {
  const canonical = canonicalIP(host);
  const shown = canonical.includes(':') ? `[${canonical}]` : canonical;
  return port === undefined ? shown : `${shown}:${port}`;
}
