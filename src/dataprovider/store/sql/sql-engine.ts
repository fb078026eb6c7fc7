/**
 * The table operations of the SQL drivers. Records are read through the alias `r`, joined with
 * their owners' tables (`o0`, `o1`…) to show the owners' names.
 */
import type { ColumnChange } from '../changes.js';
import type {
  ChangeOutcome,
  ColumnValue,
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
import type { Kind } from '../kinds.js';
import type { Page } from '../limits.js';
import type { SqlContext } from './sql-context.js';
import type { AnySelect, AnyUpdate, Db } from './sql-database.js';

function isRef(value: ColumnValue): value is Ref {
  return typeof value === 'object' && value !== null;
}

/** Ids of named records of one kind, throwing for the first missing one. */
async function requireIds(
  ctx: SqlContext,
  db: Db,
  kind: Kind<unknown>,
  names: readonly string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (names.length === 0) return ids;
  const rows = await db
    .selectFrom(ctx.tables[kind.table])
    .select(['id', `${kind.key} as name`])
    .where(kind.key, 'in', [...new Set(names)])
    .execute();
  for (const row of rows) ids.set(String(row.name), Number(row.id));
  const missing = names.find((n) => !ids.has(n));
  if (missing !== undefined) throw new StoreNotFoundError(`${kind.label} "${missing}" does not exist`);
  return ids;
}

async function requireId(ctx: SqlContext, db: Db, ref: Ref): Promise<number> {
  return (await requireIds(ctx, db, ref.ref, [ref.name])).get(ref.name) as number;
}

/** Replaces references by ids. */
async function resolve(
  ctx: SqlContext,
  db: Db,
  columns: Columns,
): Promise<Record<string, string | number | null>> {
  const out: Record<string, string | number | null> = {};
  for (const [column, value] of Object.entries(columns)) {
    out[column] = isRef(value) ? await requireId(ctx, db, value) : value;
  }
  return out;
}

function applyChange(query: AnyUpdate, change: ColumnChange): AnyUpdate {
  return query.set((eb) => ({
    ...Object.fromEntries(Object.entries(change.add ?? {}).map(([c, v]) => [c, eb(c, '+', v)])),
    ...change.set,
  }));
}

function applyCondition(query: AnyUpdate, condition: Condition | undefined): AnyUpdate {
  if (!condition) return query;
  if ('equals' in condition) return query.where(condition.column, '=', condition.equals);
  return query.where((eb) => eb(eb(condition.column, '+', condition.plus), '<=', condition.atMost));
}

class SqlKindEngine<R> implements KindEngine<R> {
  readonly #ctx: SqlContext;
  readonly #kind: Kind<R>;

  constructor(ctx: SqlContext, kind: Kind<R>) {
    this.#ctx = ctx;
    this.#kind = kind;
  }

  get #table(): string {
    return this.#ctx.tables[this.#kind.table];
  }

  #describe(name: string): string {
    return `${this.#kind.label} "${name}"`;
  }

  #select(db: Db): AnySelect {
    let query = db.selectFrom(`${this.#table} as r`).selectAll('r');
    (this.#kind.owners ?? []).forEach((owner, i) => {
      const alias = `o${i}`;
      query = query
        .leftJoin(`${this.#ctx.tables[owner.kind.table]} as ${alias}`, `${alias}.id`, `r.${owner.column}`)
        .select(`${alias}.${owner.kind.key} as ${owner.as}`);
    });
    return query;
  }

  async #readWith(db: Db, name: string): Promise<R | undefined> {
    const row = await this.#select(db).where(`r.${this.#kind.key}`, '=', name).executeTakeFirst();
    return row ? this.#kind.toRecord(row) : undefined;
  }

  async #mustRead(db: Db, name: string): Promise<R> {
    const record = await this.#readWith(db, name);
    if (!record) throw new StoreNotFoundError(`${this.#describe(name)} does not exist`);
    return record;
  }

  read(name: string): Promise<R | undefined> {
    return this.#ctx.run({ action: `read ${this.#describe(name)}` }, (db) => this.#readWith(db, name));
  }

  page(page: Page, where?: { readonly column: string; readonly equals: Ref }): Promise<R[]> {
    return this.#ctx.atomic({ action: `list ${this.#kind.label}s` }, async (db) => {
      let query = this.#select(db);
      if (where) query = query.where(`r.${where.column}`, '=', await requireId(this.#ctx, db, where.equals));
      const rows = await query
        .orderBy(`r.${this.#kind.key}`, page.order === 'DESC' ? 'desc' : 'asc')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return rows.map((row) => this.#kind.toRecord(row));
    });
  }

  count(): Promise<number> {
    return this.#ctx.run({ action: `count ${this.#kind.label}s` }, async (db) => {
      const row = await db
        .selectFrom(this.#table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  insert(name: string, document: string, columns: Columns): Promise<R> {
    const operation = {
      action: `add ${this.#describe(name)}`,
      conflict: `${this.#describe(name)} already exists`,
    };
    return this.#ctx.atomic(operation, async (db) => {
      const now = this.#ctx.now();
      const counters = Object.fromEntries(this.#kind.counters.map((c) => [c, 0]));
      const values = await resolve(this.#ctx, db, columns);
      await db
        .insertInto(this.#table)
        .values({
          ...counters,
          ...values,
          [this.#kind.key]: name,
          data: document,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return this.#mustRead(db, name);
    });
  }

  replace(name: string, document: string, columns: Columns): Promise<R> {
    return this.#ctx.atomic({ action: `update ${this.#describe(name)}` }, async (db) => {
      const values = await resolve(this.#ctx, db, columns);
      const result = await db
        .updateTable(this.#table)
        .set({ ...values, data: document, updated_at: this.#ctx.now() })
        .where(this.#kind.key, '=', name)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        throw new StoreNotFoundError(`${this.#describe(name)} does not exist`);
      return this.#mustRead(db, name);
    });
  }

  /** One UPDATE statement: concurrent changes from any process are never lost. */
  change(name: string, change: ColumnChange, condition?: Condition): Promise<ChangeOutcome> {
    return this.#ctx.run({ action: `change the counters of ${this.#describe(name)}` }, async (db) => {
      const query = applyCondition(applyChange(db.updateTable(this.#table), change), condition);
      const result = await query.where(this.#kind.key, '=', name).executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return 'changed';
      if (!condition) return 'missing';
      const found = await db
        .selectFrom(this.#table)
        .select('id')
        .where(this.#kind.key, '=', name)
        .executeTakeFirst();
      return found ? 'refused' : 'missing';
    });
  }

  async remove(name: string, guard?: DeleteGuard): Promise<void> {
    await this.#ctx.atomic({ action: `delete ${this.#describe(name)}` }, async (db) => {
      if (guard) {
        const id = await requireId(this.#ctx, db, { ref: this.#kind as Kind<unknown>, name });
        const row = await db
          .selectFrom(this.#ctx.tables[guard.table])
          .select((eb) => eb.fn.countAll().as('n'))
          .where(guard.column, '=', id)
          .executeTakeFirstOrThrow();
        if (Number(row.n) > 0) throw new StoreConflictError(guard.conflict(Number(row.n)));
      }
      const result = await db.deleteFrom(this.#table).where(this.#kind.key, '=', name).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0)
        throw new StoreNotFoundError(`${this.#describe(name)} does not exist`);
    });
  }
}

class SqlMappingEngine implements MappingEngine {
  readonly #ctx: SqlContext;
  readonly #spec: MappingSpec;

  constructor(ctx: SqlContext, spec: MappingSpec) {
    this.#ctx = ctx;
    this.#spec = spec;
  }

  #owner(name: string): Ref {
    return { ref: this.#spec.owner, name };
  }

  replace(owner: string, rows: readonly MappingRow[]): Promise<void> {
    const { owner: kind, target, ownerColumn, targetColumn } = this.#spec;
    return this.#ctx.atomic(
      { action: `set the ${target.label}s of ${kind.label} "${owner}"` },
      async (db) => {
        const ownerId = await requireId(this.#ctx, db, this.#owner(owner));
        const targetIds = await requireIds(
          this.#ctx,
          db,
          target,
          rows.map((r) => r.target),
        );
        const table = this.#ctx.tables[this.#spec.table];
        await db.deleteFrom(table).where(ownerColumn, '=', ownerId).execute();
        if (rows.length === 0) return;
        await db
          .insertInto(table)
          .values(
            rows.map((r) => ({
              ...r.values,
              [ownerColumn]: ownerId,
              [targetColumn]: targetIds.get(r.target),
            })),
          )
          .execute();
      },
    );
  }

  of(owner: string): Promise<MappingRow[]> {
    const { owner: kind, target, ownerColumn, targetColumn } = this.#spec;
    return this.#ctx.atomic(
      { action: `read the ${target.label}s of ${kind.label} "${owner}"` },
      async (db) => {
        const ownerId = await requireId(this.#ctx, db, this.#owner(owner));
        const rows = await db
          .selectFrom(`${this.#ctx.tables[this.#spec.table]} as m`)
          .innerJoin(`${this.#ctx.tables[target.table]} as t`, 't.id', `m.${targetColumn}`)
          .selectAll('m')
          .select(`t.${target.key} as target_name`)
          .where(`m.${ownerColumn}`, '=', ownerId)
          .execute();
        return rows.map((row) => ({ target: String(row.target_name), values: row }));
      },
    );
  }

  ownersOf(targetName: string): Promise<string[]> {
    const { owner: kind, target, ownerColumn, targetColumn } = this.#spec;
    return this.#ctx.atomic(
      { action: `read the ${kind.label}s of ${target.label} "${targetName}"` },
      async (db) => {
        const targetId = await requireId(this.#ctx, db, { ref: target, name: targetName });
        const rows = await db
          .selectFrom(`${this.#ctx.tables[this.#spec.table]} as m`)
          .innerJoin(`${this.#ctx.tables[kind.table]} as o`, 'o.id', `m.${ownerColumn}`)
          .select(`o.${kind.key} as name`)
          .where(`m.${targetColumn}`, '=', targetId)
          .execute();
        return rows.map((r) => String(r.name));
      },
    );
  }
}

/** The SQL engine over one context (the database or a transaction). */
export function sqlEngine(ctx: SqlContext): Engine {
  return {
    kind: <R>(kind: Kind<R>): KindEngine<R> => new SqlKindEngine(ctx, kind),
    mapping: (spec: MappingSpec): MappingEngine => new SqlMappingEngine(ctx, spec),
  };
}
