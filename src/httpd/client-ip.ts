/**
 * The client address of a request. Behind a reverse proxy listed in `proxy_allowed`, it is read
 * from `client_ip_proxy_header` (the entry `client_ip_header_depth` places from the right, for
 * `X-Forwarded-For` chains), as SFTPGo does; headers from other peers are ignored.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { CIDRSet, canonicalIP, parseIP } from '../util/cidr.js';

/** `10.0.0.1` → `10.0.0.1/32`; networks are kept. */
function asNetwork(entry: string): string {
  if (entry.includes('/')) return entry;
  return parseIP(entry)?.family === 6 ? `${entry}/128` : `${entry}/32`;
}

export class ClientIpResolver {
  readonly #trusted: CIDRSet;
  readonly #header: string;
  readonly #depth: number;

  /** @throws {InvalidCIDRError} for an unusable `proxy_allowed` entry. */
  constructor(binding: {
    proxy_allowed: readonly string[];
    client_ip_proxy_header: string;
    client_ip_header_depth: number;
  }) {
    this.#trusted = new CIDRSet(binding.proxy_allowed.map(asNetwork));
    this.#header = binding.client_ip_proxy_header.toLowerCase();
    this.#depth = Math.max(0, binding.client_ip_header_depth);
  }

  /** Whether the peer may set proxy headers. */
  trusts(peerIp: string): boolean {
    return this.#trusted.size > 0 && this.#trusted.contains(peerIp);
  }

  /** The client address: from the proxy header when the peer is a trusted proxy, else the peer's. */
  resolve(peerIp: string, headers: IncomingHttpHeaders): string {
    const peer = canonicalIP(peerIp);
    if (this.#header === '' || !this.trusts(peer)) return peer;
    const raw = headers[this.#header];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(','));
    const candidate = values[values.length - 1 - this.#depth]?.trim() ?? '';
    return parseIP(candidate) === undefined ? peer : canonicalIP(candidate);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The client address after proxy headers from trusted proxies, without port. */
    clientIp: string;
  }
}
