/**
 * The DataStore of the SQL drivers: the kind stores over one executor (the database, or a
 * transaction), and transactions that hand out a store bound to their own executor.
 */
import { StoreError } from '../errors.js';
import { StoreSet } from '../kind-stores/store-set.js';
import type { DataStore, DocumentTypes } from '../stores.js';
import { SqlContext } from './sql-context.js';
import type { Liveness } from './sql-context.js';
import type { Db, SqlDatabase } from './sql-database.js';
import { SqlDefenderStore } from './sql-defender-store.js';
import { sqlEngine } from './sql-engine.js';

/**
 * A DataStore over an open SQL database (or, inside `transaction`, over one transaction).
 * Errors are the store errors of the contract; database errors never escape untranslated.
 */
export class SqlDataStore<D extends DocumentTypes = DocumentTypes>
  extends StoreSet<D>
  implements DataStore<D>
{
  readonly driver: SqlDatabase['driver'];
  readonly #ctx: SqlContext;
  readonly #owner: { closed: boolean } | undefined;

  /**
   * @param options.owner the open/closed state, for the top-level store; absent for a
   * transaction's store, which is bound to its transaction's liveness instead.
   */
  constructor(options: {
    database: SqlDatabase;
    executor: Db;
    now: () => number;
    liveness: Liveness;
    owner?: { closed: boolean };
  }) {
    const ctx = new SqlContext(options);
    super({ engine: sqlEngine(ctx), defender: new SqlDefenderStore(ctx), now: options.now });
    this.#ctx = ctx;
    this.#owner = options.owner;
    this.driver = options.database.driver;
  }

  /** A store over a whole database. */
  static open<D extends DocumentTypes>(database: SqlDatabase, now: () => number): SqlDataStore<D> {
    const owner = { closed: false };
    return new SqlDataStore<D>({
      database,
      executor: database.db,
      now,
      owner,
      liveness: { ended: () => (owner.closed ? `the ${database.description} store is closed` : undefined) },
    });
  }

  async transaction<R>(fn: (tx: DataStore<D>) => Promise<R>): Promise<R> {
    const ctx = this.#ctx;
    if (ctx.inTransaction) return fn(this);
    const db = ctx.db;
    const state = { active: true };
    const outer = this.#owner;
    let failedInside = false;
    try {
      return await db.transaction().execute(async (trx) => {
        const tx = new SqlDataStore<D>({
          database: ctx.database,
          executor: trx,
          now: ctx.now,
          liveness: {
            ended: () =>
              outer?.closed
                ? `the ${ctx.database.description} store is closed`
                : state.active
                  ? undefined
                  : 'the transaction is over',
          },
        });
        try {
          return await fn(tx);
        } catch (err) {
          failedInside = true;
          throw err;
        }
      });
    } catch (err) {
      // The caller's own errors come back unchanged; only begin/commit failures are translated.
      if (failedInside) throw err;
      throw ctx.translate({ action: 'run a transaction' }, err);
    } finally {
      state.active = false;
    }
  }

  async ping(): Promise<void> {
    await this.#ctx.run({ action: 'reach the database' }, async (db) => {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    });
  }

  async close(): Promise<void> {
    if (!this.#owner) throw new StoreError('a transaction cannot close the store');
    if (this.#owner.closed) return;
    this.#owner.closed = true;
    await this.#ctx.database.destroy();
  }
}
