// md5crypt ("$1$", from FreeBSD and glibc) and Apache's variant ("$apr1$"), which differs only in the
// magic string mixed into the hash. Written here, on bytes, because the npm packages for it mangle
// passwords that are not ASCII.
import { createHash } from 'node:crypto';
import { cryptBase64Chars, encodeCryptBase64, type CryptByteGroup } from './crypt-base64.js';
import { PasswordFormatError } from './errors.js';

/** The two magic strings, which are also the hash prefixes. */
export type Md5CryptMagic = '$1$' | '$apr1$';

/** The salt is cut to this many bytes by every implementation, so a stored one is never longer. */
const maxSaltBytes = 8;
const checksumLength = 22;
const rounds = 1000;

const outputGroups: readonly CryptByteGroup[] = [
  [0, 6, 12, 4],
  [1, 7, 13, 4],
  [2, 8, 14, 4],
  [3, 9, 15, 4],
  [4, 10, 5, 4],
  [-1, -1, 11, 2],
];

/** A parsed md5crypt or apr1 hash. */
export interface Md5CryptHash {
  readonly magic: Md5CryptMagic;
  readonly salt: Buffer;
  readonly checksum: string;
}

function md5(...parts: Uint8Array[]): Buffer {
  const h = createHash('md5');
  for (const part of parts) h.update(part);
  return h.digest();
}

/**
 * Computes the 22-character checksum of `password` with `salt` (both raw bytes) as md5crypt does, for
 * the given magic. Runs 1000 MD5 rounds synchronously: call it from a worker thread.
 */
export function md5CryptChecksum(password: Uint8Array, salt: Uint8Array, magic: Md5CryptMagic): string {
  const alternate = md5(password, salt, password);
  const ctx = createHash('md5').update(password).update(magic).update(salt);
  for (let left = password.length; left > 0; left -= 16) {
    ctx.update(alternate.subarray(0, Math.min(16, left)));
  }
  // The original code meant to add the digest's first byte here but added the (zeroed) buffer; every
  // implementation keeps that quirk, so a set bit adds a zero byte and a clear bit the password's first.
  const zero = new Uint8Array(1);
  for (let bits = password.length; bits > 0; bits >>>= 1) {
    ctx.update(bits & 1 ? zero : password.subarray(0, 1));
  }
  let digest = ctx.digest();
  for (let i = 0; i < rounds; i++) {
    const round = createHash('md5');
    round.update(i & 1 ? password : digest);
    if (i % 3 !== 0) round.update(salt);
    if (i % 7 !== 0) round.update(password);
    round.update(i & 1 ? digest : password);
    digest = round.digest();
  }
  return encodeCryptBase64(digest, outputGroups);
}

/**
 * Splits a stored `$1$salt$checksum` or `$apr1$salt$checksum` hash.
 * @throws PasswordFormatError when the prefix, the salt (at most 8 bytes, no `$`) or the checksum
 *   (22 characters of the crypt alphabet) is wrong.
 */
export function parseMd5Crypt(stored: string): Md5CryptHash {
  const magic: Md5CryptMagic | undefined = stored.startsWith('$1$')
    ? '$1$'
    : stored.startsWith('$apr1$')
      ? '$apr1$'
      : undefined;
  if (magic === undefined)
    throw new PasswordFormatError('md5crypt: the hash does not start with $1$ or $apr1$');
  const fields = stored.slice(magic.length).split('$');
  if (fields.length !== 2) {
    throw new PasswordFormatError(`md5crypt: expected ${magic}<salt>$<checksum>`);
  }
  const [saltText = '', checksum = ''] = fields;
  const salt = Buffer.from(saltText, 'utf8');
  if (salt.length > maxSaltBytes) {
    throw new PasswordFormatError(
      `md5crypt: the salt is ${salt.length} bytes, at most ${maxSaltBytes} allowed`,
    );
  }
  if (checksum.length !== checksumLength || !cryptBase64Chars.test(checksum)) {
    throw new PasswordFormatError(
      `md5crypt: the checksum must be ${checksumLength} characters from [./0-9A-Za-z]`,
    );
  }
  return { magic, salt, checksum };
}
