/**
 * Counts per key (client IP, username) with a total; a key whose count drops to 0 is removed, so the
 * map holds only keys with something open and cannot grow without bound.
 */
export class CounterMap {
  readonly #counts = new Map<string, number>();
  #total = 0;

  /** Adds one for the key. */
  increment(key: string): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    this.#total++;
  }

  /** Removes one for the key; a key not counted is ignored (a double removal must not go negative). */
  decrement(key: string): void {
    const count = this.#counts.get(key);
    if (count === undefined) return;
    if (count <= 1) this.#counts.delete(key);
    else this.#counts.set(key, count - 1);
    this.#total--;
  }

  /** The count for one key (0 when absent). */
  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** The sum over all keys. */
  get total(): number {
    return this.#total;
  }

  /** Keys with a count, i.e. the map's size. */
  get keys(): number {
    return this.#counts.size;
  }
}
