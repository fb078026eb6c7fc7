/**
 * The table operations of the memory driver. Each operation checks everything it needs before
 * it changes anything, so a failing operation leaves the state as it was.
 */
import { applyColumnChange } from '../changes.js';
import type { ColumnChange } from '../changes.js';
import type {
  ChangeOutcome,
  Columns,
  Condition,
  DeleteGuard,
  Engine,
  KindEngine,
  MappingEngine,
  MappingRow,
  MappingSpec,
  Ref,
} from '../engine.js';
import { StoreConflictError, StoreNotFoundError } from '../errors.js';
import { compareNames, num } from '../kinds.js';
import type { Kind, Row } from '../kinds.js';
import type { Page } from '../limits.js';
import type { MemoryContext } from './memory-context.js';
import type { MemoryState, MemoryTableName } from './memory-state.js';
import type { MemoryTable } from './memory-table.js';

function tableOf(state: MemoryState, kind: Kind<unknown>): MemoryTable {
  return state.tables[kind.table as MemoryTableName];
}

function requireRow(state: MemoryState, ref: Ref): Row {
  const row = tableOf(state, ref.ref).byKey(ref.name);
  if (!row) throw new StoreNotFoundError(`${ref.ref.label} "${ref.name}" does not exist`);
  return row;
}

function resolve(state: MemoryState, columns: Columns): Row {
  return Object.fromEntries(
    Object.entries(columns).map(([column, value]) => [
      column,
      typeof value === 'object' && value !== null ? requireRow(state, value)['id'] : value,
    ]),
  );
}

function holds(row: Row, condition: Condition | undefined): boolean {
  if (!condition) return true;
  if ('equals' in condition) return num(row, condition.column) === condition.equals;
  return num(row, condition.column) + condition.plus <= condition.atMost;
}

class MemoryKindEngine<R> implements KindEngine<R> {
  readonly #ctx: MemoryContext;
  readonly #kind: Kind<R>;

  constructor(ctx: MemoryContext, kind: Kind<R>) {
    this.#ctx = ctx;
    this.#kind = kind;
  }

  #table(state: MemoryState): MemoryTable {
    return tableOf(state, this.#kind as Kind<unknown>);
  }

  #missing(name: string): StoreNotFoundError {
    return new StoreNotFoundError(`${this.#kind.label} "${name}" does not exist`);
  }

  /** The record, with its owners' names as the SQL drivers join them. */
  #record(state: MemoryState, row: Row): R {
    const owners = (this.#kind.owners ?? []).map((owner) => {
      const id = row[owner.column];
      const found = id === null || id === undefined ? undefined : tableOf(state, owner.kind).byId(Number(id));
      return [owner.as, found?.[owner.kind.key]];
    });
    return this.#kind.toRecord({ ...row, ...Object.fromEntries(owners) });
  }

  read(name: string): Promise<R | undefined> {
    return this.#ctx.run((state) => {
      const row = this.#table(state).byKey(name);
      return row ? this.#record(state, row) : undefined;
    });
  }

  page(page: Page, where?: { readonly column: string; readonly equals: Ref }): Promise<R[]> {
    return this.#ctx.run((state) => {
      const id = where ? requireRow(state, where.equals)['id'] : undefined;
      const key = this.#kind.key;
      const sign = page.order === 'DESC' ? -1 : 1;
      return this.#table(state)
        .filter((row) => !where || row[where.column] === id)
        .sort((a, b) => sign * compareNames(String(a[key]), String(b[key])))
        .slice(page.offset, page.offset + page.limit)
        .map((row) => this.#record(state, row));
    });
  }

  count(): Promise<number> {
    return this.#ctx.run((state) => this.#table(state).count());
  }

  insert(name: string, document: string, columns: Columns): Promise<R> {
    return this.#ctx.run((state) => {
      const table = this.#table(state);
      if (table.byKey(name)) throw new StoreConflictError(`${this.#kind.label} "${name}" already exists`);
      const values = resolve(state, columns);
      const now = this.#ctx.now();
      const counters = Object.fromEntries(this.#kind.counters.map((c) => [c, 0]));
      const row = table.insert({
        ...counters,
        ...values,
        [this.#kind.key]: name,
        data: document,
        created_at: now,
        updated_at: now,
      });
      return this.#record(state, row);
    });
  }

  replace(name: string, document: string, columns: Columns): Promise<R> {
    return this.#ctx.run((state) => {
      const row = this.#table(state).byKey(name);
      if (!row) throw this.#missing(name);
      const values = resolve(state, columns);
      const next = this.#table(state).replace({
        ...row,
        ...values,
        data: document,
        updated_at: this.#ctx.now(),
      });
      return this.#record(state, next);
    });
  }

  change(name: string, change: ColumnChange, condition?: Condition): Promise<ChangeOutcome> {
    return this.#ctx.run((state) => {
      const row = this.#table(state).byKey(name);
      if (!row) return 'missing';
      if (!holds(row, condition)) return 'refused';
      this.#table(state).replace(applyColumnChange(row, change));
      return 'changed';
    });
  }

  async remove(name: string, guard?: DeleteGuard): Promise<void> {
    await this.#ctx.run((state) => {
      const row = this.#table(state).byKey(name);
      if (!row) throw this.#missing(name);
      if (guard) {
        const count = state.tables[guard.table as MemoryTableName].filter(
          (r) => r[guard.column] === row['id'],
        ).length;
        if (count > 0) throw new StoreConflictError(guard.conflict(count));
      }
      state.deleteRow(this.#kind.table as MemoryTableName, num(row, 'id'));
    });
  }
}

class MemoryMappingEngine implements MappingEngine {
  readonly #ctx: MemoryContext;
  readonly #spec: MappingSpec;

  constructor(ctx: MemoryContext, spec: MappingSpec) {
    this.#ctx = ctx;
    this.#spec = spec;
  }

  #table(state: MemoryState): MemoryTable {
    return state.tables[this.#spec.table as MemoryTableName];
  }

  async replace(owner: string, rows: readonly MappingRow[]): Promise<void> {
    const { ownerColumn, targetColumn } = this.#spec;
    await this.#ctx.run((state) => {
      const ownerId = requireRow(state, { ref: this.#spec.owner, name: owner })['id'];
      const targetIds = rows.map((r) => requireRow(state, { ref: this.#spec.target, name: r.target })['id']);
      const table = this.#table(state);
      table.deleteWhere(ownerColumn, ownerId);
      rows.forEach((r, i) =>
        table.insert({ ...r.values, [ownerColumn]: ownerId, [targetColumn]: targetIds[i] }),
      );
    });
  }

  of(owner: string): Promise<MappingRow[]> {
    const { ownerColumn, targetColumn, target } = this.#spec;
    return this.#ctx.run((state) => {
      const ownerId = requireRow(state, { ref: this.#spec.owner, name: owner })['id'];
      return this.#table(state)
        .filter((row) => row[ownerColumn] === ownerId)
        .map((row) => ({
          target: String(tableOf(state, target).byId(num(row, targetColumn))?.[target.key]),
          values: row,
        }));
    });
  }

  ownersOf(targetName: string): Promise<string[]> {
    const { ownerColumn, targetColumn, owner } = this.#spec;
    return this.#ctx.run((state) => {
      const targetId = requireRow(state, { ref: this.#spec.target, name: targetName })['id'];
      return this.#table(state)
        .filter((row) => row[targetColumn] === targetId)
        .map((row) => String(tableOf(state, owner).byId(num(row, ownerColumn))?.[owner.key]));
    });
  }
}

/** The memory engine over one context (the store's or a transaction's). */
export function memoryEngine(ctx: MemoryContext): Engine {
  return {
    kind: <R>(kind: Kind<R>): KindEngine<R> => new MemoryKindEngine(ctx, kind),
    mapping: (spec: MappingSpec): MappingEngine => new MemoryMappingEngine(ctx, spec),
  };
}
