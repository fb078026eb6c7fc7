import { availableParallelism } from 'node:os';
import { argon2MaxMemoryKiB, argon2MaxParallelism } from './argon2.js';
import { bcryptMaxCost, bcryptMinCost } from './bcrypt.js';
import { PasswordOptionsError } from './errors.js';

/**
 * How new passwords are hashed: the `data_provider.password_hashing` configuration section
 * (`algo`, `bcrypt_options`, `argon2_options`), with names in camel case.
 */
export interface PasswordHashingOptions {
  /** Algorithm for new hashes. Stored hashes of every known format are checked whatever this says. */
  algo: 'argon2id' | 'bcrypt';
  bcrypt: {
    /** log2 of the rounds, 4..31; below 4 means the default 10, as in SFTPGo. */
    cost: number;
  };
  argon2: {
    /** KiB of memory per hash, at least 8 per lane and at most 4 GiB. */
    memory: number;
    /** Passes over the memory, at least 1. */
    iterations: number;
    /** Lanes, 1..255; 0 means the number of CPUs, as in SFTPGo. */
    parallelism: number;
  };
}

/** SFTPGo's documented defaults for `password_hashing`, with argon2id for new passwords. */
export const defaultPasswordHashingOptions: Readonly<PasswordHashingOptions> = Object.freeze({
  algo: 'argon2id',
  bcrypt: Object.freeze({ cost: 10 }),
  argon2: Object.freeze({ memory: 65536, iterations: 1, parallelism: 2 }),
});

/** Options after defaults and checks: what the hasher uses. */
export type ResolvedHashing =
  | { readonly algo: 'bcrypt'; readonly cost: number }
  | {
      readonly algo: 'argon2id';
      readonly memory: number;
      readonly iterations: number;
      readonly parallelism: number;
    };

function requireInteger(value: number, key: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PasswordOptionsError(`password_hashing.${key} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/**
 * Checks the options for the chosen algorithm (the other one's options are not used, so not checked)
 * and fills SFTPGo's special values in.
 * @throws PasswordOptionsError naming the key that is unusable.
 */
export function resolveHashingOptions(options: PasswordHashingOptions): ResolvedHashing {
  if (options.algo === 'bcrypt') {
    const cost = requireInteger(options.bcrypt.cost, 'bcrypt_options.cost');
    if (cost > bcryptMaxCost) {
      throw new PasswordOptionsError(
        `password_hashing.bcrypt_options.cost ${cost} is above ${bcryptMaxCost}`,
      );
    }
    // Go's bcrypt replaces a cost below the minimum with its default, and SFTPGo relies on it.
    return { algo: 'bcrypt', cost: cost < bcryptMinCost ? 10 : cost };
  }
  if (options.algo !== 'argon2id') {
    throw new PasswordOptionsError(
      `password_hashing.algo must be "argon2id" or "bcrypt", got ${JSON.stringify(options.algo)}`,
    );
  }
  const memory = requireInteger(options.argon2.memory, 'argon2_options.memory');
  const iterations = requireInteger(options.argon2.iterations, 'argon2_options.iterations');
  let parallelism = requireInteger(options.argon2.parallelism, 'argon2_options.parallelism');
  if (parallelism === 0) parallelism = Math.min(availableParallelism(), argon2MaxParallelism);
  if (parallelism > argon2MaxParallelism) {
    throw new PasswordOptionsError(
      `password_hashing.argon2_options.parallelism ${parallelism} is above ${argon2MaxParallelism}`,
    );
  }
  if (iterations < 1 || iterations > 2 ** 32 - 1) {
    throw new PasswordOptionsError(
      `password_hashing.argon2_options.iterations ${iterations} must be from 1 to ${2 ** 32 - 1}`,
    );
  }
  if (memory < 8 * parallelism || memory > argon2MaxMemoryKiB) {
    throw new PasswordOptionsError(
      `password_hashing.argon2_options.memory ${memory} must be from ${8 * parallelism} (8 KiB per lane) to ${argon2MaxMemoryKiB}`,
    );
  }
  return { algo: 'argon2id', memory, iterations, parallelism };
}
