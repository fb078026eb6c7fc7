/**
 * The memory driver: everything in this process's memory, nothing ever written to disk, lost when
 * the process ends. Same rules as the SQL drivers (unique names, ids never reused, ordering,
 * atomic counters, transactions). Transactions hold a lock that other operations wait for, and
 * roll back by restoring a snapshot taken when they began.
 */
import { StoreError } from '../errors.js';
import { StoreSet } from '../kind-stores/store-set.js';
import type { DataStore, DocumentTypes } from '../stores.js';
import { AsyncLock, MemoryContext } from './memory-context.js';
import { MemoryDefenderStore } from './memory-defender-store.js';
import { memoryEngine } from './memory-engine.js';
import { MemoryState } from './memory-state.js';

/** The DataStore of the memory driver. */
export class MemoryDataStore<D extends DocumentTypes = DocumentTypes>
  extends StoreSet<D>
  implements DataStore<D>
{
  readonly driver = 'memory' as const;
  readonly #ctx: MemoryContext;

  /** An empty store; pass `context` only for a transaction's store. */
  constructor(options: { now: () => number }, context?: MemoryContext) {
    const ctx =
      context ??
      new MemoryContext({ state: new MemoryState(), closed: false, lock: new AsyncLock(), now: options.now });
    super({ engine: memoryEngine(ctx), defender: new MemoryDefenderStore(ctx), now: options.now });
    this.#ctx = ctx;
  }

  async transaction<R>(fn: (tx: DataStore<D>) => Promise<R>): Promise<R> {
    const ctx = this.#ctx;
    if (ctx.inTransaction) return fn(this);
    const shared = ctx.shared;
    return shared.lock.run(async () => {
      if (shared.closed) throw new StoreError('the memory store is closed');
      const snapshot = shared.state.clone();
      const state = { active: true };
      const tx = new MemoryDataStore<D>({ now: shared.now }, new MemoryContext(shared, state));
      try {
        return await fn(tx);
      } catch (err) {
        shared.state = snapshot;
        throw err;
      } finally {
        state.active = false;
      }
    });
  }

  async ping(): Promise<void> {
    await this.#ctx.run(() => undefined);
  }

  async close(): Promise<void> {
    if (this.#ctx.inTransaction) throw new StoreError('a transaction cannot close the store');
    this.#ctx.shared.closed = true;
  }
}
