/**
 * Remembers which password last matched an account's stored hash, so repeated logins (WebDAV and
 * the REST API authenticate every request) skip the deliberately slow hash check.
 *
 * Only an HMAC of the password is kept, under a key drawn at random when the cache is built and
 * never stored, so a memory dump does not reveal passwords nor allow checking guesses offline
 * without the key. Each entry is tied to the stored hash it was checked against: once the hash
 * changes (password changed, by this process or another one sharing the database), the entry no
 * longer applies.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the cache knows about a password. */
export type CachedCheck = 'match' | 'mismatch' | 'unknown';

interface Entry {
  readonly storedHash: string;
  readonly mac: Buffer;
}

/** A bounded cache of successful password checks, least recently used entries evicted first. */
export class CredentialsCache {
  readonly #key = randomBytes(32);
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #enabled: boolean;

  /**
   * @param options.enabled `data_provider.password_caching`; when false nothing is remembered.
   * @param options.maxEntries accounts remembered at most (at least 1).
   */
  constructor(options: { readonly enabled: boolean; readonly maxEntries: number }) {
    this.#enabled = options.enabled;
    this.#maxEntries = Math.max(1, options.maxEntries);
  }

  /** How many accounts are remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * `match` when this password matched `storedHash` before; `mismatch` when another password did
   * (only one password is remembered per account, as SFTPGo does, so a wrong guess against a
   * cached account costs no hashing); `unknown` otherwise.
   */
  check(name: string, password: string, storedHash: string): CachedCheck {
    if (!this.#enabled || password === '' || storedHash === '') return 'unknown';
    const entry = this.#entries.get(name);
    if (entry === undefined) return 'unknown';
    if (entry.storedHash !== storedHash) {
      this.#entries.delete(name);
      return 'unknown';
    }
    if (!timingSafeEqual(entry.mac, this.#mac(name, password))) return 'mismatch';
    // Refresh its place: the map's order is the eviction order.
    this.#entries.delete(name);
    this.#entries.set(name, entry);
    return 'match';
  }

  /** Records that `password` matched `storedHash`. */
  remember(name: string, password: string, storedHash: string): void {
    if (!this.#enabled || password === '' || storedHash === '') return;
    this.#entries.delete(name);
    this.#entries.set(name, { storedHash, mac: this.#mac(name, password) });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Forgets an account (after it is updated or deleted). */
  forget(name: string): void {
    this.#entries.delete(name);
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }

  #mac(name: string, password: string): Buffer {
    return createHmac('sha256', this.#key).update(name).update('\0').update(password).digest();
  }
}
