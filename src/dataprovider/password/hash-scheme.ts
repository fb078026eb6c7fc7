import type { RunHashJob } from './hash-job.js';

/** Checks one password (UTF-8 bytes) against a stored hash that was already parsed. */
export type HashCheck = (password: Buffer, run: RunHashJob) => Promise<boolean>;

/** One stored-hash format: the prefixes that identify it and its parser. */
export interface HashScheme {
  /** Name used in messages, e.g. `pbkdf2`. */
  readonly name: string;
  /** Prefixes that mark a stored value as this format; no prefix of one scheme starts another's. */
  readonly prefixes: readonly string[];
  /**
   * Parses `stored` and returns the check for it, so a malformed hash is reported before any work is done.
   * @throws PasswordFormatError when `stored` is not a well-formed hash of this format.
   */
  parse(stored: string): HashCheck;
}
