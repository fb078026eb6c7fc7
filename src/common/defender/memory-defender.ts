/**
 * The `memory` defender driver: scores and bans in this process's memory, each map bounded by
 * `entries_hard_limit` (a clean-up keeps the `entries_soft_limit` most recent entries).
 */
import type { DefenderHostEntry } from './defender.js';
import { BaseDefender } from './base-defender.js';

interface ScoredEvent {
  readonly at: number;
  readonly score: number;
}

export class MemoryDefender extends BaseDefender {
  // Maps iterate in insertion order and every change re-inserts its key: the first keys are the
  // least recently changed, which the clean-ups drop first.
  readonly #hosts = new Map<string, ScoredEvent[]>();
  readonly #banned = new Map<string, number>();

  /** Hosts with a score and banned hosts held (for tests of the bounds). */
  get size(): { readonly hosts: number; readonly banned: number } {
    return { hosts: this.#hosts.size, banned: this.#banned.size };
  }

  async listHosts(): Promise<DefenderHostEntry[]> {
    const now = this.now();
    const out: DefenderHostEntry[] = [];
    for (const [ip, until] of this.#banned) if (until > now) out.push({ ip, banTime: until, score: 0 });
    for (const ip of this.#hosts.keys()) {
      const score = this.#score(ip, now);
      if (score > 0) out.push({ ip, banTime: 0, score });
    }
    return out;
  }

  protected async readHost(ip: string): Promise<DefenderHostEntry | undefined> {
    const now = this.now();
    const until = this.#banned.get(ip);
    if (until !== undefined && until > now) return { ip, banTime: until, score: 0 };
    const score = this.#score(ip, now);
    return score > 0 ? { ip, banTime: 0, score } : undefined;
  }

  protected async checkBan(ip: string): Promise<boolean> {
    const until = this.#banned.get(ip);
    if (until === undefined) return false;
    if (until <= this.now()) {
      this.#banned.delete(ip);
      return false;
    }
    this.#banned.delete(ip);
    this.#banned.set(ip, until + this.settings.banIncrementMs);
    return true;
  }

  protected async record(ip: string, score: number): Promise<{ total: number; banned: boolean }> {
    const now = this.now();
    const until = this.#banned.get(ip);
    if (until !== undefined) {
      if (until > now) return { total: 0, banned: false };
      this.#banned.delete(ip);
    }
    const from = now - this.settings.observationMs;
    const events = (this.#hosts.get(ip) ?? []).filter((e) => e.at > from);
    events.push({ at: now, score });
    const total = events.reduce((sum, e) => sum + e.score, 0);
    this.#hosts.delete(ip);
    if (total >= this.settings.threshold) {
      this.#banned.set(ip, now + this.settings.banTimeMs);
      this.#trim(this.#banned, (until) => until <= now);
      return { total, banned: true };
    }
    this.#hosts.set(ip, events);
    this.#trim(this.#hosts, (list) => list.every((e) => e.at <= from));
    return { total, banned: false };
  }

  protected async forget(ip: string): Promise<boolean> {
    const wasBanned = this.#banned.delete(ip);
    const hadScore = this.#hosts.delete(ip);
    return wasBanned || hadScore;
  }

  #score(ip: string, now: number): number {
    const from = now - this.settings.observationMs;
    return (this.#hosts.get(ip) ?? []).reduce((sum, e) => (e.at > from ? sum + e.score : sum), 0);
  }

  /** Above the hard limit: drops expired entries, then the oldest down to the soft limit. */
  #trim<V>(map: Map<string, V>, expired: (value: V) => boolean): void {
    if (map.size <= this.settings.hardLimit) return;
    for (const [key, value] of map) if (expired(value)) map.delete(key);
    let toRemove = map.size - this.settings.softLimit;
    for (const key of map.keys()) {
      if (toRemove-- <= 0) break;
      map.delete(key);
    }
  }
}
