/**
 * The `provider` defender driver: hosts and events live in the data provider's `defender_hosts`
 * and `defender_events` tables, so every instance sharing the database shares the bans.
 */
import type { DefenderStore } from '../../dataprovider/index.js';
import { MAX_LIST_LIMIT } from '../../dataprovider/index.js';
import type { DefenderHostEntry } from './defender.js';
import type { DefenderDeps } from './base-defender.js';
import { BaseDefender } from './base-defender.js';
import type { DefenderSettings } from './settings.js';

export class ProviderDefender extends BaseDefender {
  readonly #store: DefenderStore;
  #lastCleanup = 0;

  constructor(settings: DefenderSettings, deps: DefenderDeps & { readonly store: DefenderStore }) {
    super(settings, deps);
    this.#store = deps.store;
  }

  async listHosts(): Promise<DefenderHostEntry[]> {
    const now = this.now();
    const limit = Math.min(this.settings.hardLimit, MAX_LIST_LIMIT);
    const hosts = await this.#store.listHosts({ from: this.#from(now), limit });
    return hosts.flatMap((h) => {
      const entry = this.#entry(h, now);
      return entry ? [entry] : [];
    });
  }

  protected async readHost(ip: string): Promise<DefenderHostEntry | undefined> {
    const now = this.now();
    const host = await this.#store.getHost(ip, { from: this.#from(now) });
    return host ? this.#entry(host, now) : undefined;
  }

  protected async checkBan(ip: string): Promise<boolean> {
    if (!(await this.#store.isBanned(ip, this.now()))) return false;
    await this.#store.incrementBanTime(ip, this.settings.banIncrementMs);
    return true;
  }

  protected async record(ip: string, score: number): Promise<{ total: number; banned: boolean }> {
    const now = this.now();
    if (await this.#store.isBanned(ip, now)) return { total: 0, banned: false };
    await this.#store.addEvent({ ip, score, at: now });
    const host = await this.#store.getHost(ip, { from: this.#from(now) });
    const total = host?.score ?? score;
    const banned = total >= this.settings.threshold;
    if (banned) await this.#store.setBanTime(ip, now + this.settings.banTimeMs);
    await this.#cleanup(now);
    return { total, banned };
  }

  protected async forget(ip: string): Promise<boolean> {
    if ((await this.readHost(ip)) === undefined) return false;
    await this.#store.deleteHost(ip);
    return true;
  }

  #from(now: number): number {
    return Math.max(0, now - this.settings.observationMs);
  }

  #entry(host: { ip: string; banTime: number; score: number }, now: number): DefenderHostEntry | undefined {
    if (host.banTime > now) return { ip: host.ip, banTime: host.banTime, score: host.score };
    return host.score > 0 ? { ip: host.ip, banTime: 0, score: host.score } : undefined;
  }

  /** Old events and expired hosts are removed every three observation times, as SFTPGo does. */
  async #cleanup(now: number): Promise<void> {
    if (this.#lastCleanup !== 0 && now - this.#lastCleanup < 3 * this.settings.observationMs) return;
    this.#lastCleanup = now;
    await this.#store.cleanup({ from: Math.max(0, now - this.settings.observationMs - 60_000), at: now });
  }
}
