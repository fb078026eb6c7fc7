/**
 * Who may send a PROXY protocol header, per `common.proxy_protocol`, `proxy_allowed` and
 * `proxy_skipped` (the same decisions SFTPGo takes).
 */
import type { CommonConfig } from '../../config/index.js';
import { AddressSet } from '../guards/address-set.js';

/**
 * What to do with a peer:
 * - `skip`: read no header at all (a peer in `proxy_skipped`);
 * - `use`: a header is optional and its address is used;
 * - `require`: a header must come and its address is used;
 * - `ignore`: a header is optional, read and thrown away (a peer not allowed, mode 1);
 * - `reject`: refuse the connection (a peer not allowed, mode 2).
 */
export type ProxyDecision = 'skip' | 'use' | 'require' | 'ignore' | 'reject';

/** The `common` keys of the PROXY protocol. */
export type ProxyConfig = Pick<CommonConfig, 'proxy_protocol' | 'proxy_allowed' | 'proxy_skipped'>;

/** The PROXY protocol policy of a listener. */
export class ProxyPolicy {
  readonly #mode: number;
  readonly #allowed: AddressSet;
  readonly #skipped: AddressSet;

  /** @throws {InvalidCIDRError} for an entry of `proxy_allowed`/`proxy_skipped` that is neither an address nor a network. */
  constructor(config: ProxyConfig) {
    this.#mode = config.proxy_protocol;
    this.#allowed = new AddressSet(config.proxy_allowed);
    this.#skipped = new AddressSet(config.proxy_skipped);
  }

  /** Whether headers are read at all (`proxy_protocol` 1 or 2). */
  get enabled(): boolean {
    return this.#mode > 0;
  }

  /** The decision for a connection from `ip` (the socket's peer, i.e. the proxy). */
  decide(ip: string): ProxyDecision {
    if (this.#mode === 0 || this.#skipped.contains(ip)) return 'skip';
    if (this.#allowed.contains(ip)) return this.#mode === 2 ? 'require' : 'use';
    return this.#mode === 2 ? 'reject' : 'ignore';
  }
}
