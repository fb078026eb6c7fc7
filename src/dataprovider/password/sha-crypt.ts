// sha256crypt ("$5$") and sha512crypt ("$6$") as specified by Ulrich Drepper and used in /etc/shadow.
// Written here, on bytes, so that passwords and salts that are not ASCII hash as glibc and OpenSSL do,
// and so that the round count is checked before any work is done.
import { createHash } from 'node:crypto';
import { cryptBase64Chars, encodeCryptBase64, type CryptByteGroup } from './crypt-base64.js';
import { PasswordFormatError } from './errors.js';

/** The digest behind the hash: `$5$` is SHA-256, `$6$` is SHA-512. */
export type ShaCryptAlgorithm = 'sha256' | 'sha512';

/** Rounds used when the hash does not say `rounds=N$`. */
export const shaCryptDefaultRounds = 5000;
/** The spec's lowest round count: implementations raise a smaller request to it, so none is ever stored. */
export const shaCryptMinRounds = 1000;
/** The spec's highest round count, likewise never exceeded by a stored hash. */
export const shaCryptMaxRounds = 999_999_999;
const maxSaltBytes = 16;

interface Variant {
  readonly prefix: '$5$' | '$6$';
  readonly digestBytes: number;
  readonly checksumLength: number;
  readonly groups: readonly CryptByteGroup[];
}

const variants: Readonly<Record<ShaCryptAlgorithm, Variant>> = {
  sha256: {
    prefix: '$5$',
    digestBytes: 32,
    checksumLength: 43,
    groups: [
      [0, 10, 20, 4],
      [21, 1, 11, 4],
      [12, 22, 2, 4],
      [3, 13, 23, 4],
      [24, 4, 14, 4],
      [15, 25, 5, 4],
      [6, 16, 26, 4],
      [27, 7, 17, 4],
      [18, 28, 8, 4],
      [9, 19, 29, 4],
      [-1, 31, 30, 3],
    ],
  },
  sha512: {
    prefix: '$6$',
    digestBytes: 64,
    checksumLength: 86,
    groups: [
      [0, 21, 42, 4],
      [22, 43, 1, 4],
      [44, 2, 23, 4],
      [3, 24, 45, 4],
      [25, 46, 4, 4],
      [47, 5, 26, 4],
      [6, 27, 48, 4],
      [28, 49, 7, 4],
      [50, 8, 29, 4],
      [9, 30, 51, 4],
      [31, 52, 10, 4],
      [53, 11, 32, 4],
      [12, 33, 54, 4],
      [34, 55, 13, 4],
      [56, 14, 35, 4],
      [15, 36, 57, 4],
      [37, 58, 16, 4],
      [59, 17, 38, 4],
      [18, 39, 60, 4],
      [40, 61, 19, 4],
      [62, 20, 41, 4],
      [-1, -1, 63, 2],
    ],
  },
};

/** The inputs of a sha-crypt computation besides the password. */
export interface ShaCryptParams {
  readonly algorithm: ShaCryptAlgorithm;
  readonly rounds: number;
  readonly salt: Uint8Array;
}

/** A parsed `$5$` or `$6$` hash. */
export interface ShaCryptHash extends ShaCryptParams {
  readonly checksum: string;
}

/** Repeats `block` to fill exactly `length` bytes. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += block.length) block.copy(out, offset);
  return out;
}

/**
 * Computes the checksum part of a sha-crypt hash (43 characters for SHA-256, 86 for SHA-512).
 * Runs `rounds` digests synchronously: call it from a worker thread.
 */
export function shaCryptChecksum(password: Uint8Array, params: ShaCryptParams): string {
  const { algorithm, rounds, salt } = params;
  const { digestBytes, groups } = variants[algorithm];
  const digestB = createHash(algorithm).update(password).update(salt).update(password).digest();

  const ctxA = createHash(algorithm).update(password).update(salt);
  let left = password.length;
  for (; left > digestBytes; left -= digestBytes) ctxA.update(digestB);
  ctxA.update(digestB.subarray(0, left));
  for (let bits = password.length; bits > 0; bits >>>= 1) {
    ctxA.update(bits & 1 ? digestB : password);
  }
  let digest = ctxA.digest();

  const ctxP = createHash(algorithm);
  for (let i = 0; i < password.length; i++) ctxP.update(password);
  const sequenceP = repeatTo(ctxP.digest(), password.length);

  const ctxS = createHash(algorithm);
  for (let i = 0; i < 16 + (digest[0] ?? 0); i++) ctxS.update(salt);
  const sequenceS = repeatTo(ctxS.digest(), salt.length);

  for (let i = 0; i < rounds; i++) {
    const round = createHash(algorithm);
    round.update(i & 1 ? sequenceP : digest);
    if (i % 3 !== 0) round.update(sequenceS);
    if (i % 7 !== 0) round.update(sequenceP);
    round.update(i & 1 ? digest : sequenceP);
    digest = round.digest();
  }
  return encodeCryptBase64(digest, groups);
}

function parseRounds(field: string): number {
  const digits = field.slice('rounds='.length);
  if (!/^[1-9][0-9]{0,9}$/.test(digits)) {
    throw new PasswordFormatError('sha-crypt: "rounds=" must be followed by a decimal number');
  }
  const rounds = Number(digits);
  if (rounds < shaCryptMinRounds || rounds > shaCryptMaxRounds) {
    throw new PasswordFormatError(
      `sha-crypt: rounds=${rounds} is outside ${shaCryptMinRounds}..${shaCryptMaxRounds}, no implementation writes it`,
    );
  }
  return rounds;
}

/**
 * Splits a stored `$5$[rounds=N$]salt$checksum` or `$6$...` hash.
 * @throws PasswordFormatError when a field is missing, the rounds are not a canonical number within
 *   1000..999999999, the salt is over 16 bytes or the checksum has the wrong length or characters.
 */
export function parseShaCrypt(stored: string): ShaCryptHash {
  const algorithm: ShaCryptAlgorithm | undefined = stored.startsWith('$5$')
    ? 'sha256'
    : stored.startsWith('$6$')
      ? 'sha512'
      : undefined;
  if (algorithm === undefined)
    throw new PasswordFormatError('sha-crypt: the hash does not start with $5$ or $6$');
  const { prefix, checksumLength } = variants[algorithm];
  const fields = stored.slice(prefix.length).split('$');
  let rounds = shaCryptDefaultRounds;
  if (fields.length === 3 && fields[0]?.startsWith('rounds=') === true) {
    rounds = parseRounds(fields.shift() ?? '');
  }
  if (fields.length !== 2) {
    throw new PasswordFormatError(`sha-crypt: expected ${prefix}[rounds=<n>$]<salt>$<checksum>`);
  }
  const [saltText = '', checksum = ''] = fields;
  const salt = Buffer.from(saltText, 'utf8');
  if (salt.length > maxSaltBytes) {
    throw new PasswordFormatError(
      `sha-crypt: the salt is ${salt.length} bytes, at most ${maxSaltBytes} allowed`,
    );
  }
  if (checksum.length !== checksumLength || !cryptBase64Chars.test(checksum)) {
    throw new PasswordFormatError(
      `sha-crypt: the checksum must be ${checksumLength} characters from [./0-9A-Za-z]`,
    );
  }
  return { algorithm, rounds, salt, checksum };
}
