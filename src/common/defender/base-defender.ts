/** What both defender drivers share: scores, the defender IP list, logging and login delays. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Protocol } from '../../dataprovider/index.js';
import { IP_LIST_MODES, IP_LIST_TYPES } from '../../dataprovider/index.js';
import type { Logger } from '../../logger/index.js';
import { canonicalIP } from '../../util/cidr.js';
import type { IPListMatcher } from '../guards/ip-lists.js';
import type { Defender, DefenderHostEntry, HostEvent } from './defender.js';
import type { DefenderSettings } from './settings.js';

/** What a driver is built from besides its settings. */
export interface DefenderDeps {
  /** The IP lists; the defender list's allow entries are safe, its deny entries always banned. */
  readonly ipLists: IPListMatcher;
  readonly logger?: Logger;
  /** Clock in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

const sender = 'defender';

export abstract class BaseDefender implements Defender {
  protected readonly settings: DefenderSettings;
  protected readonly now: () => number;
  readonly #deps: DefenderDeps;

  constructor(settings: DefenderSettings, deps: DefenderDeps) {
    this.settings = settings;
    this.#deps = deps;
    this.now = deps.now ?? Date.now;
  }

  async isSafe(ip: string, protocol: Protocol): Promise<boolean> {
    return (await this.#listMode(ip, protocol)) === IP_LIST_MODES.allow;
  }

  async isBanned(ip: string, protocol: Protocol): Promise<boolean> {
    const mode = await this.#listMode(ip, protocol);
    if (mode === IP_LIST_MODES.deny) return true;
    if (mode === IP_LIST_MODES.allow) return false;
    return this.checkBan(canonicalIP(ip));
  }

  async addEvent(ip: string, protocol: Protocol, event: HostEvent): Promise<boolean> {
    if (await this.isSafe(ip, protocol)) return true;
    const score = this.settings.scores[event];
    // An event that scores nothing changes nothing (score_no_auth is 0 by default).
    if (score === 0) return false;
    const host = canonicalIP(ip);
    const { total, banned } = await this.record(host, score);
    this.#deps.logger?.debug(sender, `host ${host} scored ${score} for ${event}`, {
      client_ip: host,
      protocol,
      event,
      increase_score_by: score,
      score: total,
    });
    if (banned) {
      this.#deps.logger?.info(sender, `host ${host} banned`, { client_ip: host, protocol, event: 'banned' });
    }
    return false;
  }

  async delayLogin(outcome: 'success' | 'password_failed'): Promise<void> {
    const ms = outcome === 'success' ? this.settings.successDelayMs : this.settings.passwordFailedDelayMs;
    if (ms > 0) await sleep(ms);
  }

  getHost(ip: string): Promise<DefenderHostEntry | undefined> {
    return this.readHost(canonicalIP(ip));
  }

  unban(ip: string): Promise<boolean> {
    return this.forget(canonicalIP(ip));
  }

  abstract listHosts(): Promise<DefenderHostEntry[]>;

  /** Whether the host is banned now; extends the ban when it is. */
  protected abstract checkBan(ip: string): Promise<boolean>;
  /** Adds the event; bans the host when the threshold is reached. Ignored for a banned host. */
  protected abstract record(ip: string, score: number): Promise<{ total: number; banned: boolean }>;
  protected abstract readHost(ip: string): Promise<DefenderHostEntry | undefined>;
  protected abstract forget(ip: string): Promise<boolean>;

  #listMode(ip: string, protocol: Protocol) {
    return this.#deps.ipLists.match(IP_LIST_TYPES.defender, canonicalIP(ip), protocol);
  }
}
