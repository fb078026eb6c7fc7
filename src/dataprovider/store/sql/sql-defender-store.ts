/**
 * The defender's hosts and events on SQL, shared by all processes using the database.
 * Arguments are checked by the caller (`kind-stores/defender-store.ts`).
 */
import type { DefenderEngine } from '../engine.js';
import { StoreNotFoundError } from '../errors.js';
import { num } from '../kinds.js';
import type { Row } from '../kinds.js';
import type { DefenderHost } from '../records.js';
import type { DefenderQuery } from '../stores.js';
import type { SqlContext } from './sql-context.js';
import type { AnySelect, Db } from './sql-database.js';

function toHost(row: Row): DefenderHost {
  return {
    id: num(row, 'id'),
    ip: String(row['ip']),
    banTime: num(row, 'ban_time'),
    updatedAt: num(row, 'updated_at'),
    score: num(row, 'score'),
  };
}

/** The defender engine of the SQL drivers. Unknown hosts throw StoreNotFoundError where the contract says so. */
export class SqlDefenderStore implements DefenderEngine {
  readonly #ctx: SqlContext;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
  }

  get #hosts(): string {
    return this.#ctx.tables.defender_hosts;
  }

  get #events(): string {
    return this.#ctx.tables.defender_events;
  }

  /** Hosts with events since `from` or a ban, each with its score since `from`. */
  #select(db: Db, from: number): AnySelect {
    return db
      .selectFrom(`${this.#hosts} as h`)
      .select(['h.id', 'h.ip', 'h.ban_time', 'h.updated_at'])
      .select((eb) =>
        eb
          .selectFrom(`${this.#events} as e`)
          .select((sub) => sub.fn.coalesce(sub.fn.sum('e.score'), sub.lit(0)).as('total'))
          .whereRef('e.host_id', '=', 'h.id')
          .where('e.date_time', '>=', from)
          .as('score'),
      )
      .where((eb) => eb.or([eb('h.updated_at', '>=', from), eb('h.ban_time', '>', 0)]));
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
    await this.#ctx.atomic({ action: `add a defender event for ${ip}` }, async (db) => {
      const insert = db.insertInto(this.#hosts).values({ ip, ban_time: 0, updated_at: at });
      // Concurrent first events for a host, from any process, must not collide: upsert.
      await (
        this.#ctx.database.family === 'mysql'
          ? insert.onDuplicateKeyUpdate({ updated_at: at })
          : insert.onConflict((oc) => oc.column('ip').doUpdateSet({ updated_at: at }))
      ).execute();
      await db
        .insertInto(this.#events)
        .values((eb) => ({
          date_time: at,
          score,
          host_id: eb.selectFrom(this.#hosts).select('id').where('ip', '=', ip),
        }))
        .execute();
    });
  }

  async listHosts({ from, limit }: DefenderQuery & { readonly limit: number }): Promise<DefenderHost[]> {
    return this.#ctx.run({ action: 'list the defender hosts' }, async (db) => {
      const rows = await this.#select(db, from)
        .orderBy('h.updated_at', 'desc')
        .orderBy('h.ip')
        .limit(limit)
        .execute();
      return rows.map(toHost);
    });
  }

  async getHost(ip: string, { from }: DefenderQuery): Promise<DefenderHost | undefined> {
    return this.#ctx.run({ action: `read defender host ${ip}` }, async (db) => {
      const row = await this.#select(db, from).where('h.ip', '=', ip).executeTakeFirst();
      return row ? toHost(row) : undefined;
    });
  }

  async isBanned(ip: string, at: number): Promise<boolean> {
    return this.#ctx.run({ action: `check the ban of ${ip}` }, async (db) => {
      const row = await db
        .selectFrom(this.#hosts)
        .select('id')
        .where('ip', '=', ip)
        .where('ban_time', '>=', at)
        .executeTakeFirst();
      return row !== undefined;
    });
  }

  async setBanTime(ip: string, banTime: number): Promise<void> {
    await this.#change(`ban ${ip}`, ip, async (db) => {
      const result = await db
        .updateTable(this.#hosts)
        .set({ ban_time: banTime })
        .where('ip', '=', ip)
        .executeTakeFirst();
      return result.numUpdatedRows;
    });
  }

  async incrementBanTime(ip: string, ms: number): Promise<void> {
    await this.#change(`extend the ban of ${ip}`, ip, async (db) => {
      const result = await db
        .updateTable(this.#hosts)
        .set((eb) => ({ ban_time: eb('ban_time', '+', ms) }))
        .where('ip', '=', ip)
        .executeTakeFirst();
      return result.numUpdatedRows;
    });
  }

  async deleteHost(ip: string): Promise<void> {
    await this.#change(`delete defender host ${ip}`, ip, async (db) => {
      const result = await db.deleteFrom(this.#hosts).where('ip', '=', ip).executeTakeFirst();
      return result.numDeletedRows;
    });
  }

  /** Runs a one-row statement; no row means an unknown host. */
  async #change(action: string, ip: string, fn: (db: Db) => Promise<bigint>): Promise<void> {
    await this.#ctx.run({ action }, async (db) => {
      if (Number(await fn(db)) === 0) throw new StoreNotFoundError(`defender host ${ip} is unknown`);
    });
  }

  async cleanup({ from, at }: { readonly from: number; readonly at: number }): Promise<void> {
    await this.#ctx.atomic({ action: 'clean up the defender' }, async (db) => {
      await db.deleteFrom(this.#events).where('date_time', '<', from).execute();
      await db
        .deleteFrom(this.#hosts)
        .where('ban_time', '<', at)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom(`${this.#events} as e`)
                .select('e.id')
                .whereRef('e.host_id', '=', `${this.#hosts}.id`)
                .where('e.date_time', '>', from),
            ),
          ),
        )
        .execute();
    });
  }
}
