import { argon2idScheme } from './argon2.js';
import { bcryptScheme } from './bcrypt.js';
import { digestScheme } from './digest.js';
import { PasswordFormatError } from './errors.js';
import type { HashScheme } from './hash-scheme.js';
import { pbkdf2Scheme } from './pbkdf2.js';
import { md5CryptScheme, shaCryptScheme } from './unix-crypt.js';

/**
 * yescrypt (`$y$`) is a hash SFTPGo recognises, so such a value is kept as given, but only special builds
 * of SFTPGo can check it, and no maintained JavaScript implementation exists: checking one is an error.
 */
const yescryptScheme: HashScheme = {
  name: 'yescrypt',
  prefixes: ['$y$'],
  parse() {
    throw new PasswordFormatError('yescrypt ($y$) hashes are recognised but cannot be checked');
  },
};

/** Every stored-hash format, in no particular order: their prefixes never overlap. */
export const hashSchemes: readonly HashScheme[] = [
  argon2idScheme,
  bcryptScheme,
  pbkdf2Scheme,
  md5CryptScheme,
  shaCryptScheme,
  digestScheme,
  yescryptScheme,
];

/** The scheme whose prefix `stored` starts with, if any. */
export function findHashScheme(stored: string): HashScheme | undefined {
  return hashSchemes.find((scheme) => scheme.prefixes.some((prefix) => stored.startsWith(prefix)));
}

/**
 * Tells whether `value` is already a password hash in a format this server knows (it starts with one of
 * the known prefixes, as in SFTPGo), in which case it is stored as given instead of being hashed.
 * It looks at the prefix only: a value that passes may still fail to parse when checked.
 */
export function isHashedPassword(value: string): boolean {
  return findHashScheme(value) !== undefined;
}
