/**
 * The checks every protocol runs on a new client and around its logins, besides the connection
 * counts of the registry: the defender's bans and scores, the global allow list and the rate
 * limiters. Addresses here are the client's as the PROXY protocol header gave it, if any.
 */
import type { CommonConfig } from '../../config/index.js';
import type { DefenderStore, Protocol } from '../../dataprovider/index.js';
import { IP_LIST_MODES, IP_LIST_TYPES } from '../../dataprovider/index.js';
import type { Logger } from '../../logger/index.js';
import { canonicalIP } from '../../util/cidr.js';
import type { Defender, HostEvent } from '../defender/index.js';
import { createDefender } from '../defender/index.js';
import { RateLimiters } from '../rate-limit/index.js';
import type { Clock } from '../rate-limit/index.js';
import { ConnectionLimitError } from '../registry/index.js';
import { ConnectionDeniedError } from './errors.js';
import type { IPListMatcher } from './ip-lists.js';
import { MemoryIPLists } from './ip-lists.js';

/** What {@link ConnectionGuards} is made of. */
export interface ConnectionGuardsOptions {
  readonly defender?: Defender;
  readonly rateLimiters?: RateLimiters;
  readonly ipLists: IPListMatcher;
  /** `common.allowlist_status` is 1: only addresses in the allow list may connect. */
  readonly allowListEnabled: boolean;
  readonly logger?: Logger;
}

export class ConnectionGuards {
  readonly #options: ConnectionGuardsOptions;

  constructor(options: ConnectionGuardsOptions) {
    this.#options = options;
  }

  /** The defender, when enabled (for the REST API's `/defender/hosts`). */
  get defender(): Defender | undefined {
    return this.#options.defender;
  }

  /** The rate limiters, when any is configured (HTTP servers call {@link limitRate} per request). */
  get rateLimiters(): RateLimiters | undefined {
    return this.#options.rateLimiters;
  }

  /**
   * First check of a new client, before it is counted against the connection limits.
   * @throws {ConnectionDeniedError} `banned` or `not_in_allow_list`.
   */
  async checkAdmission(ip: string, protocol: Protocol): Promise<void> {
    const host = canonicalIP(ip);
    if (await this.#options.defender?.isBanned(host, protocol)) {
      throw new ConnectionDeniedError('banned', `connection refused, ip ${host} is banned`);
    }
    if (this.#options.allowListEnabled) {
      const mode = await this.#options.ipLists.match(IP_LIST_TYPES.allowList, host, protocol);
      if (mode !== IP_LIST_MODES.allow) {
        throw new ConnectionDeniedError(
          'not_in_allow_list',
          `connection refused, ip ${host} is not in the allow list`,
        );
      }
    }
  }

  /**
   * Decides about a connection limit the registry reported: a per-host limit exceeded scores a
   * defender `LimitExceeded` event, and a safe-listed host may go on (SFTPGo does the same).
   * @returns true when the client may go on despite the limit.
   */
  async excuseLimit(err: unknown, ip: string, protocol: Protocol): Promise<boolean> {
    if (!(err instanceof ConnectionLimitError) || err.reason !== 'per_host_limit') return false;
    const defender = this.#options.defender;
    if (defender === undefined) return false;
    const safe = await defender.addEvent(ip, protocol, 'LimitExceeded');
    if (safe) this.#options.logger?.info('common', `active connections from safe IP ${ip} above the limit`);
    return safe;
  }

  /**
   * Takes a token of every rate limiter of the protocol, waiting as they ask.
   * @throws {RateLimitedError} when one would make the request wait too long.
   */
  async limitRate(ip: string, protocol: Protocol): Promise<void> {
    await this.#options.rateLimiters?.limit(protocol, ip);
  }

  /** Scores a login event; errors of the defender's store are logged, not thrown. */
  async scoreEvent(ip: string, protocol: Protocol, event: HostEvent): Promise<void> {
    try {
      await this.#options.defender?.addEvent(ip, protocol, event);
    } catch (err) {
      this.#options.logger?.warn('defender', `unable to record event ${event} for ${ip}: ${String(err)}`);
    }
  }

  /** The defender's `login_delay` after a login (no delay without a defender). */
  async delayLogin(outcome: 'success' | 'password_failed'): Promise<void> {
    await this.#options.defender?.delayLogin(outcome);
  }
}

/** What {@link connectionGuardsFromConfig} needs besides the configuration. */
export interface ConnectionGuardsSources {
  /** The provider's defender tables (driver `provider`). */
  readonly defenderStore: DefenderStore;
  /** The IP lists; default empty. */
  readonly ipLists?: IPListMatcher;
  readonly logger?: Logger;
  /** Clock of the defender, ms since the epoch. */
  readonly now?: () => number;
  /** Clock of the rate limiters (monotonic by default). */
  readonly monotonicNow?: Clock;
}

/**
 * Builds the guards of the `common` section.
 * @throws {DefenderConfigError}, RangeError or InvalidCIDRError for settings SFTPGo would refuse.
 */
export function connectionGuardsFromConfig(
  common: Pick<CommonConfig, 'defender' | 'rate_limiters' | 'allowlist_status'>,
  sources: ConnectionGuardsSources,
): ConnectionGuards {
  const ipLists = sources.ipLists ?? new MemoryIPLists();
  const logger = sources.logger;
  const defender = createDefender(common.defender, {
    store: sources.defenderStore,
    ipLists,
    ...(logger ? { logger } : {}),
    ...(sources.now ? { now: sources.now } : {}),
  });
  const rateLimiters = new RateLimiters(common.rate_limiters, {
    ipLists,
    ...(logger ? { logger } : {}),
    ...(sources.monotonicNow ? { now: sources.monotonicNow } : {}),
    ...(defender
      ? { onLimitExceeded: (ip, protocol) => defender.addEvent(ip, protocol, 'LimitExceeded') }
      : {}),
  });
  return new ConnectionGuards({
    ipLists,
    allowListEnabled: common.allowlist_status === 1,
    ...(defender ? { defender } : {}),
    ...(rateLimiters.enabled ? { rateLimiters } : {}),
    ...(logger ? { logger } : {}),
  });
}
