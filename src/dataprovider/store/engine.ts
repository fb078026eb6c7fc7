/**
 * The few table operations a driver provides. The stores of every kind (users, folders, API
 * keys…) are written once over these, in `kind-stores/`, so that all drivers check the same
 * arguments and follow the same rules; a driver only stores rows.
 *
 * Arguments reaching an engine are already checked. Engines throw store errors only.
 */
import type { ColumnChange } from './changes.js';
import type { Kind, Row } from './kinds.js';
import type { Page } from './limits.js';
import type { DefenderStore } from './stores.js';
import type { TableName } from './tables.js';

/** The id of a record of another kind, by its name; the engine throws StoreNotFoundError if it is missing. */
export interface Ref {
  readonly ref: Kind<unknown>;
  readonly name: string;
}

/** A value written to a column. */
export type ColumnValue = string | number | null | Ref;

/** Columns written with a record. */
export type Columns = Readonly<Record<string, ColumnValue>>;

/** A condition on the current row, checked in the same atomic step as the change. */
export type Condition =
  | { readonly column: string; readonly equals: number }
  | { readonly column: string; readonly plus: number; readonly atMost: number };

/** What a conditional change did. */
export type ChangeOutcome = 'changed' | 'refused' | 'missing';

/** Records that keep a record from being deleted while they point at it. */
export interface DeleteGuard {
  readonly table: TableName;
  readonly column: string;
  /** The message for `count` referencing rows. */
  readonly conflict: (count: number) => string;
}

/** Operations on the table of one kind. */
export interface KindEngine<R> {
  read(name: string): Promise<R | undefined>;
  /** Ordered by key; `where` keeps the rows whose column holds the referenced id. */
  page(page: Page, where?: { readonly column: string; readonly equals: Ref }): Promise<R[]>;
  count(): Promise<number>;
  /**
   * Adds a record (counters at 0, both timestamps now).
   * @throws {@link StoreConflictError} if the name is taken.
   */
  insert(name: string, document: string, columns: Columns): Promise<R>;
  /**
   * Replaces the document and columns, sets `updated_at`.
   * @throws {@link StoreNotFoundError} if there is no such record.
   */
  replace(name: string, document: string, columns: Columns): Promise<R>;
  /** Applies a counter change atomically, when the condition holds. */
  change(name: string, change: ColumnChange, condition?: Condition): Promise<ChangeOutcome>;
  /**
   * Deletes a record and what depends on it.
   * @throws {@link StoreNotFoundError} if there is no such record.
   * @throws {@link StoreConflictError} if the guard's table still points at it.
   */
  remove(name: string, guard?: DeleteGuard): Promise<void>;
}

/** A many-to-many table between an owner kind and a target kind, with extra columns. */
export interface MappingSpec {
  readonly table: TableName;
  readonly owner: Kind<unknown>;
  readonly ownerColumn: string;
  readonly target: Kind<unknown>;
  readonly targetColumn: string;
}

/** One mapping row: the target's name and the extra columns. */
export interface MappingRow {
  readonly target: string;
  readonly values: Row;
}

/** Operations on one mapping table. */
export interface MappingEngine {
  /**
   * Replaces all the owner's rows, atomically.
   * @throws {@link StoreNotFoundError} if the owner or a target does not exist.
   */
  replace(owner: string, rows: readonly MappingRow[]): Promise<void>;
  /** @throws {@link StoreNotFoundError} if the owner does not exist. */
  of(owner: string): Promise<MappingRow[]>;
  /** @throws {@link StoreNotFoundError} if the target does not exist. */
  ownersOf(target: string): Promise<string[]>;
}

/** A driver's table operations, bound to the database or to one transaction. */
export interface Engine {
  kind<R>(kind: Kind<R>): KindEngine<R>;
  mapping(spec: MappingSpec): MappingEngine;
}

/**
 * A driver's defender tables. Same methods as {@link DefenderStore}, with arguments already
 * checked by `kind-stores/defender-store.ts`.
 */
export type DefenderEngine = DefenderStore;
