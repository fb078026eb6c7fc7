/**
 * Reading, listing and deleting the records of one kind, over a driver's engine.
 */
import type { ColumnChange } from '../changes.js';
import type { Condition, DeleteGuard, KindEngine } from '../engine.js';
import { StoreNotFoundError } from '../errors.js';
import type { Kind } from '../kinds.js';
import { checkName, checkPage } from '../limits.js';
import type { ListOptions, RecordStore } from '../stores.js';

/** What every kind store gets. */
export interface KindStoreOptions<R> {
  readonly engine: KindEngine<R>;
  readonly kind: Kind<R>;
  readonly now: () => number;
}

/**
 * The RecordStore part of every kind store: checks names and pages (StoreInvalidArgumentError),
 * then delegates to the engine.
 */
export class EngineRecordStore<R> implements RecordStore<R> {
  protected readonly engine: KindEngine<R>;
  protected readonly kind: Kind<R>;
  protected readonly now: () => number;

  constructor(options: KindStoreOptions<R>) {
    this.engine = options.engine;
    this.kind = options.kind;
    this.now = options.now;
  }

  /** `kind "name"`, for messages. */
  protected describe(name: string): string {
    return `${this.kind.label} "${name}"`;
  }

  protected checkKey(name: unknown): string {
    return checkName(`${this.kind.label} name`, name, this.kind.maxKeyLength);
  }

  /** What keeps a record from being deleted; none by default. */
  protected deleteGuard(_name: string): DeleteGuard | undefined {
    return undefined;
  }

  /**
   * Applies a counter change to a record that must exist.
   * @returns whether the condition held (always true without one).
   * @throws {@link StoreNotFoundError} if there is no such record.
   */
  protected async changeExisting(
    name: string,
    change: ColumnChange,
    condition?: Condition,
  ): Promise<boolean> {
    this.checkKey(name);
    const outcome = await this.engine.change(name, change, condition);
    if (outcome === 'missing') throw new StoreNotFoundError(`${this.describe(name)} does not exist`);
    return outcome === 'changed';
  }

  async get(name: string): Promise<R | undefined> {
    this.checkKey(name);
    return this.engine.read(name);
  }

  async delete(name: string): Promise<void> {
    this.checkKey(name);
    await this.engine.remove(name, this.deleteGuard(name));
  }

  async list(options: ListOptions): Promise<R[]> {
    return this.engine.page(checkPage(options));
  }

  async count(): Promise<number> {
    return this.engine.count();
  }
}
