/**
 * One table of the memory driver: rows by id, plus an index on the unique key column. Rows are
 * never changed in place (a change stores a new row object), so copying the maps is enough to
 * snapshot a table.
 */
import type { Row } from '../kinds.js';

/** One table of the memory driver. */
export class MemoryTable {
  readonly #rows: Map<number, Row>;
  readonly #byKey: Map<string, number>;
  readonly #keyColumn: string | undefined;
  #nextId: number;

  constructor(keyColumn?: string, from?: MemoryTable) {
    this.#keyColumn = keyColumn;
    this.#rows = new Map(from ? from.#rows : undefined);
    this.#byKey = new Map(from ? from.#byKey : undefined);
    this.#nextId = from ? from.#nextId : 1;
  }

  /** An independent copy. */
  clone(): MemoryTable {
    return new MemoryTable(this.#keyColumn, this);
  }

  byId(id: number): Row | undefined {
    return this.#rows.get(id);
  }

  byKey(key: string): Row | undefined {
    const id = this.#byKey.get(key);
    return id === undefined ? undefined : this.#rows.get(id);
  }

  rows(): Row[] {
    return [...this.#rows.values()];
  }

  count(): number {
    return this.#rows.size;
  }

  filter(predicate: (row: Row) => boolean): Row[] {
    return this.rows().filter(predicate);
  }

  /** Adds a row with a new id; the caller has checked that its key is free. */
  insert(values: Row): Row {
    const id = this.#nextId++;
    const row: Row = { ...values, id };
    this.#rows.set(id, row);
    if (this.#keyColumn !== undefined) this.#byKey.set(String(row[this.#keyColumn]), id);
    return row;
  }

  /** Stores a new version of a row (same id, same key). */
  replace(row: Row): Row {
    this.#rows.set(Number(row['id']), row);
    return row;
  }

  delete(id: number): void {
    const row = this.#rows.get(id);
    if (!row) return;
    this.#rows.delete(id);
    if (this.#keyColumn !== undefined) this.#byKey.delete(String(row[this.#keyColumn]));
  }

  /** Deletes the rows whose column holds the value; returns their ids. */
  deleteWhere(column: string, value: unknown): number[] {
    const ids = this.filter((row) => row[column] === value).map((row) => Number(row['id']));
    for (const id of ids) this.delete(id);
    return ids;
  }
}
