import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { argon2KeyBytes, argon2SaltBytes, formatArgon2id } from './argon2.js';
import { bcryptMaxPasswordBytes, bcryptPasswordText, newBcryptSalt } from './bcrypt.js';
import {
  PasswordFormatError,
  PasswordHasherClosedError,
  PasswordTooLongError,
  PasswordWorkerError,
} from './errors.js';
import type { HashJob } from './hash-job.js';
import { resolveHashingOptions, type PasswordHashingOptions, type ResolvedHashing } from './options.js';
import { findHashScheme } from './schemes.js';
import { WorkerPool } from './worker-pool.js';

/**
 * Longest password, in UTF-8 bytes, that is hashed or checked. The crypt formats cost time in proportion
 * to the password's length, so an unbounded one would let a client buy seconds of CPU per attempt.
 */
export const maxPasswordBytes = 1024;

/** Sizing of the worker threads; the defaults suit a server. */
export interface PasswordHasherRuntimeOptions {
  /** Worker threads for hashing; default min(4, available CPUs). */
  readonly workers?: number;
  /** Jobs that may wait for a busy worker before new ones are refused; default 1000. */
  readonly maxQueued?: number;
}

/** Hashes new passwords and checks passwords against stored hashes, off the event loop. */
export interface PasswordHasher {
  /**
   * Hashes a new password with the configured algorithm: argon2id in SFTPGo's PHC form, or bcrypt as
   * `$2a$`. Callers store values for which {@link isHashedPassword} is true as given, without calling this.
   * @throws PasswordTooLongError (rejection) when the password is over {@link maxPasswordBytes} UTF-8
   *   bytes, or over 72 with bcrypt (which would ignore the rest).
   * @throws PasswordQueueFullError, PasswordHasherClosedError, PasswordWorkerError (rejections) from the pool.
   */
  hash(plain: string): Promise<string>;
  /**
   * Checks `plain` against a stored hash in any known format. Resolves false when it does not match,
   * when `stored` is empty, and when `plain` is over {@link maxPasswordBytes} UTF-8 bytes. An empty
   * `plain` is checked like any other: refusing empty passwords is the caller's decision. With bcrypt only
   * the first 72 bytes of `plain` count.
   * @throws PasswordFormatError (rejection) when `stored` has no known prefix or is malformed; the message
   *   never contains the stored value.
   * @throws PasswordQueueFullError, PasswordHasherClosedError, PasswordWorkerError (rejections) from the pool.
   */
  verify(plain: string, stored: string): Promise<boolean>;
  /** Stops the worker threads; pending and later calls reject with PasswordHasherClosedError. */
  close(): Promise<void>;
}

class PoolPasswordHasher implements PasswordHasher {
  readonly #hashing: ResolvedHashing;
  readonly #pool: WorkerPool;
  #closed = false;

  constructor(hashing: ResolvedHashing, pool: WorkerPool) {
    this.#hashing = hashing;
    this.#pool = pool;
  }

  async hash(plain: string): Promise<string> {
    this.#assertOpen();
    const password = Buffer.from(plain, 'utf8');
    const hashing = this.#hashing;
    const limit = hashing.algo === 'bcrypt' ? bcryptMaxPasswordBytes : maxPasswordBytes;
    if (password.length > limit) {
      throw new PasswordTooLongError(
        `the password is ${password.length} bytes long, ${hashing.algo} hashing accepts at most ${limit}`,
        { maxBytes: limit },
      );
    }
    if (hashing.algo === 'bcrypt') {
      const salt = newBcryptSalt(hashing.cost);
      const hashed = await this.#run({ kind: 'bcrypt', password: bcryptPasswordText(password), salt });
      return Buffer.from(hashed).toString('latin1');
    }
    const salt = randomBytes(argon2SaltBytes);
    const { memory, iterations, parallelism } = hashing;
    const key = await this.#run({
      kind: 'argon2id',
      password,
      salt,
      memory,
      iterations,
      parallelism,
      length: argon2KeyBytes,
    });
    return formatArgon2id(hashing, salt, key);
  }

  async verify(plain: string, stored: string): Promise<boolean> {
    this.#assertOpen();
    if (stored === '') return false;
    const scheme = findHashScheme(stored);
    if (scheme === undefined) {
      throw new PasswordFormatError(
        'the stored password does not start with the prefix of a known hash format',
      );
    }
    const check = scheme.parse(stored);
    const password = Buffer.from(plain, 'utf8');
    if (password.length > maxPasswordBytes) return false;
    return check(password, (job) => this.#run(job));
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#pool.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new PasswordHasherClosedError('the password hasher is closed');
  }

  async #run(job: HashJob): Promise<Uint8Array> {
    const value = await this.#pool.run(job);
    if (!(value instanceof Uint8Array)) {
      throw new PasswordWorkerError(
        `a password worker answered a ${job.kind} job with something other than bytes`,
      );
    }
    return value;
  }
}

/**
 * Builds a hasher from the `password_hashing` options. Its worker threads start on first use and never
 * keep the process alive while idle; call `close()` when done.
 * @throws PasswordOptionsError when the options for the chosen algorithm are unusable.
 * @throws RangeError when `runtime.workers` is below 1 or `runtime.maxQueued` below 0.
 */
export function createPasswordHasher(
  options: PasswordHashingOptions,
  runtime: PasswordHasherRuntimeOptions = {},
): PasswordHasher {
  const hashing = resolveHashingOptions(options);
  const pool = new WorkerPool({
    script: new URL('./hash-worker.js', import.meta.url),
    size: runtime.workers ?? Math.min(4, availableParallelism()),
    maxQueued: runtime.maxQueued ?? 1000,
  });
  return new PoolPasswordHasher(hashing, pool);
}
