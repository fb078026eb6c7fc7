/**
 * The defender's hosts and events in memory, with the same rules as on SQL.
 * Arguments are checked by the caller (`kind-stores/defender-store.ts`).
 */
import type { DefenderEngine } from '../engine.js';
import { StoreNotFoundError } from '../errors.js';
import { compareNames, num } from '../kinds.js';
import type { Row } from '../kinds.js';
import type { DefenderHost } from '../records.js';
import type { DefenderQuery } from '../stores.js';
import type { MemoryContext } from './memory-context.js';
import type { MemoryState } from './memory-state.js';

function visible(row: Row, from: number): boolean {
  return num(row, 'updated_at') >= from || num(row, 'ban_time') > 0;
}

function toHost(state: MemoryState, row: Row, from: number): DefenderHost {
  const score = state.tables.defender_events
    .filter((e) => e['host_id'] === row['id'] && num(e, 'date_time') >= from)
    .reduce((sum, e) => sum + num(e, 'score'), 0);
  return {
    id: num(row, 'id'),
    ip: String(row['ip']),
    banTime: num(row, 'ban_time'),
    updatedAt: num(row, 'updated_at'),
    score,
  };
}

/** The defender engine of the memory driver. */
export class MemoryDefenderStore implements DefenderEngine {
  readonly #ctx: MemoryContext;

  constructor(ctx: MemoryContext) {
    this.#ctx = ctx;
  }

  async addEvent({
    ip,
    score,
    at,
  }: {
    readonly ip: string;
    readonly score: number;
    readonly at: number;
  }): Promise<void> {
    await this.#ctx.run((state) => {
      const hosts = state.tables.defender_hosts;
      const existing = hosts.byKey(ip);
      const host = existing
        ? hosts.replace({ ...existing, updated_at: at })
        : hosts.insert({ ip, ban_time: 0, updated_at: at });
      state.tables.defender_events.insert({ host_id: host['id'], date_time: at, score });
    });
  }

  async listHosts({ from, limit }: DefenderQuery & { readonly limit: number }): Promise<DefenderHost[]> {
    return this.#ctx.run((state) =>
      state.tables.defender_hosts
        .filter((row) => visible(row, from))
        .sort(
          (a, b) =>
            num(b, 'updated_at') - num(a, 'updated_at') || compareNames(String(a['ip']), String(b['ip'])),
        )
        .slice(0, limit)
        .map((row) => toHost(state, row, from)),
    );
  }

  async getHost(ip: string, { from }: DefenderQuery): Promise<DefenderHost | undefined> {
    return this.#ctx.run((state) => {
      const row = state.tables.defender_hosts.byKey(ip);
      return row && visible(row, from) ? toHost(state, row, from) : undefined;
    });
  }

  async isBanned(ip: string, at: number): Promise<boolean> {
    return this.#ctx.run((state) => {
      const row = state.tables.defender_hosts.byKey(ip);
      return row !== undefined && num(row, 'ban_time') >= at;
    });
  }

  async setBanTime(ip: string, banTime: number): Promise<void> {
    await this.#change(ip, (state, row) =>
      state.tables.defender_hosts.replace({ ...row, ban_time: banTime }),
    );
  }

  async incrementBanTime(ip: string, ms: number): Promise<void> {
    await this.#change(ip, (state, row) =>
      state.tables.defender_hosts.replace({ ...row, ban_time: num(row, 'ban_time') + ms }),
    );
  }

  async deleteHost(ip: string): Promise<void> {
    await this.#change(ip, (state, row) => state.deleteRow('defender_hosts', num(row, 'id')));
  }

  /** Applies a change to a known host. */
  async #change(ip: string, fn: (state: MemoryState, row: Row) => void): Promise<void> {
    await this.#ctx.run((state) => {
      const row = state.tables.defender_hosts.byKey(ip);
      if (!row) throw new StoreNotFoundError(`defender host ${ip} is unknown`);
      fn(state, row);
    });
  }

  async cleanup({ from, at }: { readonly from: number; readonly at: number }): Promise<void> {
    await this.#ctx.run((state) => {
      const events = state.tables.defender_events;
      for (const e of events.filter((row) => num(row, 'date_time') < from)) events.delete(num(e, 'id'));
      for (const host of state.tables.defender_hosts.filter((row) => num(row, 'ban_time') < at)) {
        const recent = events.filter((e) => e['host_id'] === host['id'] && num(e, 'date_time') > from);
        if (recent.length === 0) state.deleteRow('defender_hosts', num(host, 'id'));
      }
    });
  }
}
