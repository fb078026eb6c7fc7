/**
 * What every memory store shares: the state, the clock and the lock that keeps a transaction's
 * changes invisible (and other changes out) until it ends.
 */
import { StoreError } from '../errors.js';
import type { MemoryState } from './memory-state.js';

/** Runs functions one at a time, in call order. */
export class AsyncLock {
  #tail: Promise<void> = Promise.resolve();

  async run<R>(fn: () => R | Promise<R>): Promise<R> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** State shared by a memory store and its transactions. */
export interface MemoryShared {
  state: MemoryState;
  closed: boolean;
  readonly lock: AsyncLock;
  readonly now: () => number;
}

/**
 * Access to the memory state for one store or transaction.
 * Throws StoreError once the store is closed or the transaction is over.
 */
export class MemoryContext {
  readonly shared: MemoryShared;
  /** Set for a transaction's context: whether the transaction is still running. */
  readonly #transaction: { active: boolean } | undefined;

  constructor(shared: MemoryShared, transaction?: { active: boolean }) {
    this.shared = shared;
    this.#transaction = transaction;
  }

  get inTransaction(): boolean {
    return this.#transaction !== undefined;
  }

  now(): number {
    return this.shared.now();
  }

  #state(): MemoryState {
    if (this.shared.closed) throw new StoreError('the memory store is closed');
    if (this.#transaction && !this.#transaction.active) throw new StoreError('the transaction is over');
    return this.shared.state;
  }

  /**
   * Runs one operation. Operations check everything before they change anything, so a failing
   * one leaves the state as it was. Outside a transaction they wait for the lock.
   */
  async run<R>(fn: (state: MemoryState) => R): Promise<R> {
    if (this.#transaction) return fn(this.#state());
    return this.shared.lock.run(() => fn(this.#state()));
  }
}
