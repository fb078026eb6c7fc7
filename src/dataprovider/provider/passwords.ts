/**
 * Password work shared by the services: hashing new passwords, checking passwords through the
 * credentials cache, and moving hashes of an older algorithm to the configured one.
 */
import { PasswordFormatError, isHashedPassword } from '../password/index.js';
import type { CredentialsCache } from './credentials-cache.js';
import { InvalidCredentialsError } from './errors.js';
import type { ServiceDeps } from './settings.js';
import { LOG_SENDER, isCurrentHash } from './settings.js';
import { errorMessage } from '../../util/error-message.js';

/**
 * The value to store for a password given by a client: a known hash is kept as is (dumps, and
 * accounts moved from other systems, carry hashes), anything else is hashed.
 * @returns the stored value and whether it was hashed here (a new password was set).
 * @throws the hasher's errors (password too long, pool failures).
 */
export async function storablePassword(
  deps: ServiceDeps,
  password: string,
): Promise<{ readonly value: string; readonly hashed: boolean }> {
  if (password === '' || isHashedPassword(password)) return { value: password, hashed: false };
  return { value: await deps.hasher.hash(password), hashed: true };
}

/** Where a password check needs its account's data. */
export interface PasswordSubject {
  /** The account's stored name (the cache key). */
  readonly name: string;
  /** The name as the client gave it, for the error. */
  readonly given: string;
  readonly storedHash: string;
}

/**
 * Checks a password against a stored hash, through the cache.
 * @throws {InvalidCredentialsError} `wrong_password` when it does not match, `unsupported_hash` when the
 *   stored value is in no known format.
 * @throws the hasher's pool errors.
 */
export async function verifyPassword(
  deps: ServiceDeps,
  cache: CredentialsCache,
  subject: PasswordSubject,
  password: string,
): Promise<void> {
  const cached = cache.check(subject.name, password, subject.storedHash);
  if (cached === 'match') return;
  if (cached === 'mismatch') throw new InvalidCredentialsError(subject.given, 'wrong_password');
  let ok: boolean;
  try {
    ok = await deps.hasher.verify(password, subject.storedHash);
  } catch (err) {
    if (err instanceof PasswordFormatError) {
      throw new InvalidCredentialsError(subject.given, 'unsupported_hash', { cause: err });
    }
    throw err;
  }
  if (!ok) throw new InvalidCredentialsError(subject.given, 'wrong_password');
  cache.remember(subject.name, password, subject.storedHash);
}

/**
 * After a successful login, re-hashes a password stored in another algorithm than the configured
 * one (as SFTPGo does), so old or imported hashes move to the current algorithm over time.
 * `replace` stores the new hash if the stored one is still `subject.storedHash`, and tells
 * whether it did. Failures are logged: the login itself already succeeded.
 * @returns the hash now stored.
 */
export async function upgradeHash(
  deps: ServiceDeps,
  cache: CredentialsCache,
  options: {
    readonly subject: PasswordSubject;
    readonly password: string;
    readonly replace: (hash: string) => Promise<boolean>;
  },
): Promise<string> {
  const { subject, password } = options;
  if (isCurrentHash(deps.settings, subject.storedHash)) return subject.storedHash;
  try {
    const hash = await deps.hasher.hash(password);
    if (!(await options.replace(hash))) return subject.storedHash;
    cache.remember(subject.name, password, hash);
    deps.logger.debug(LOG_SENDER, 'password hash converted to the configured algorithm', {
      name: subject.name,
    });
    return hash;
  } catch (err) {
    deps.logger.warn(LOG_SENDER, 'unable to convert the password hash', {
      name: subject.name,
      error: errorMessage(err),
    });
    return subject.storedHash;
  }
}
