/**
 * Token ids invalidated by `/logout` until they would have expired anyway. Bounded: when full, the
 * entries closest to expiry go first (they are the least useful to keep).
 */
export class RevokedTokens {
  readonly #expiries = new Map<string, number>();
  readonly #max: number;

  constructor(max = 100_000) {
    this.#max = max;
  }

  /** Revokes `jti` until `exp` (seconds since the epoch). */
  revoke(jti: string, exp: number, nowSeconds: number): void {
    this.#prune(nowSeconds);
    if (this.#expiries.size >= this.#max) {
      const oldest = [...this.#expiries.entries()].sort((a, b) => a[1] - b[1])[0];
      if (oldest !== undefined) this.#expiries.delete(oldest[0]);
    }
    this.#expiries.set(jti, exp);
  }

  isRevoked(jti: string): boolean {
    return this.#expiries.has(jti);
  }

  #prune(nowSeconds: number): void {
    for (const [jti, exp] of this.#expiries) if (exp <= nowSeconds) this.#expiries.delete(jti);
  }
}
