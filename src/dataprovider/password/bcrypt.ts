// bcrypt: `$2a$`, `$2b$` (OpenBSD, libxcrypt) and `$2y$` (PHP, htpasswd) compute the same function for
// every password this module accepts; only the letter differs. New hashes use `$2a$` because that is the
// only one SFTPGo recognises, so a dump taken here still works there.
import { randomBytes } from 'node:crypto';
import { encodeBase64 } from 'bcryptjs';
import { equalBytes } from './constant-time.js';
import { PasswordFormatError } from './errors.js';
import type { HashScheme } from './hash-scheme.js';

/** bcrypt feeds at most this many bytes of the password into its key schedule; the rest is ignored. */
export const bcryptMaxPasswordBytes = 72;
/** Lowest cost (log2 of the rounds) bcrypt defines. */
export const bcryptMinCost = 4;
/** Highest cost bcrypt defines. */
export const bcryptMaxCost = 31;

const hashPattern = /^\$2[aby]\$([0-9]{2})\$[./A-Za-z0-9]{53}$/;
/** `$2a$10$` plus 22 characters of salt. */
const saltLength = 29;

/** bcryptjs takes text: re-decoding the UTF-8 bytes gives it a string whose UTF-8 encoding is `password`. */
export function bcryptPasswordText(password: Buffer): string {
  return password.toString('utf8');
}

/** A fresh `$2a$<cost>$<salt>` prefix for a new hash. */
export function newBcryptSalt(cost: number): string {
  return `$2a$${String(cost).padStart(2, '0')}$${encodeBase64(randomBytes(16), 16)}`;
}

/**
 * Checks a stored bcrypt hash's shape.
 * @throws PasswordFormatError when it is not `$2a$`, `$2b$` or `$2y$`, two cost digits within 4..31 and
 *   53 characters of bcrypt's base64.
 */
export function parseBcrypt(stored: string): { readonly cost: number; readonly salt: string } {
  const match = hashPattern.exec(stored);
  if (match === null) {
    throw new PasswordFormatError('bcrypt: expected $2a$, $2b$ or $2y$, a two-digit cost and 53 characters');
  }
  const cost = Number(match[1]);
  if (cost < bcryptMinCost || cost > bcryptMaxCost) {
    throw new PasswordFormatError(`bcrypt: cost ${cost} is outside ${bcryptMinCost}..${bcryptMaxCost}`);
  }
  return { cost, salt: stored.slice(0, saltLength) };
}

/** bcrypt, computed by bcryptjs in a worker: the whole hash is recomputed and compared. */
export const bcryptScheme: HashScheme = {
  name: 'bcrypt',
  prefixes: ['$2a$', '$2b$', '$2y$'],
  parse(stored) {
    const { salt } = parseBcrypt(stored);
    const expected = Buffer.from(stored, 'latin1');
    return async (password, run) =>
      equalBytes(await run({ kind: 'bcrypt', password: bcryptPasswordText(password), salt }), expected);
  },
};
