// argon2id in the PHC string form SFTPGo reads and writes:
// `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<key>`, salt and key in unpadded standard base64.
import { equalBytes } from './constant-time.js';
import { PasswordFormatError } from './errors.js';
import type { HashScheme } from './hash-scheme.js';

/** The cost parameters of an argon2id hash. */
export interface Argon2idParams {
  /** Memory in KiB. */
  readonly memory: number;
  readonly iterations: number;
  readonly parallelism: number;
}

/** A parsed argon2id hash. */
export interface Argon2idHash extends Argon2idParams {
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** Lanes are a byte in SFTPGo's configuration and in Go's implementation. */
export const argon2MaxParallelism = 255;
/**
 * A stored hash asking for more memory than this (4 GiB) is refused rather than computed: one such hash
 * could exhaust the server's memory at every login attempt.
 */
export const argon2MaxMemoryKiB = 4 * 1024 * 1024;
/** The reference implementation refuses shorter salts and keys. */
const minSaltBytes = 8;
const minKeyBytes = 4;
const maxUint32 = 2 ** 32 - 1;

/** Length of the salt of new hashes, as SFTPGo makes them. */
export const argon2SaltBytes = 16;
/** Length of the key of new hashes, as SFTPGo makes them. */
export const argon2KeyBytes = 32;

function encodeRawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

function decodeRawBase64(text: string, field: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  // Re-encoding catches what Buffer.from forgives: padding, stray characters and unused low bits.
  if (!/^[A-Za-z0-9+/]*$/.test(text) || encodeRawBase64(bytes) !== text) {
    throw new PasswordFormatError(`argon2id: the ${field} is not unpadded standard base64`);
  }
  return bytes;
}

function checkParams(params: Argon2idParams): void {
  const { memory, iterations, parallelism } = params;
  if (parallelism < 1 || parallelism > argon2MaxParallelism) {
    throw new PasswordFormatError(`argon2id: p=${parallelism} is outside 1..${argon2MaxParallelism}`);
  }
  if (iterations < 1 || iterations > maxUint32) {
    throw new PasswordFormatError(`argon2id: t=${iterations} is outside 1..${maxUint32}`);
  }
  if (memory < 8 * parallelism || memory > argon2MaxMemoryKiB) {
    throw new PasswordFormatError(
      `argon2id: m=${memory} is outside ${8 * parallelism}..${argon2MaxMemoryKiB} (at least 8 KiB per lane)`,
    );
  }
}

/**
 * Splits a stored argon2id hash.
 * @throws PasswordFormatError when a field is missing, the version is not 19, a parameter is out of range
 *   (memory above 4 GiB or below 8 KiB per lane, lanes above 255), the salt is under 8 bytes, the key under
 *   4 bytes, or either is not unpadded standard base64.
 */
export function parseArgon2id(stored: string): Argon2idHash {
  const fields = stored.split('$');
  if (fields.length !== 6 || fields[0] !== '' || fields[1] !== 'argon2id') {
    throw new PasswordFormatError('argon2id: expected $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<key>');
  }
  const [, , versionText = '', paramsText = '', saltText = '', keyText = ''] = fields;
  if (versionText !== 'v=19') {
    throw new PasswordFormatError('argon2id: only version 19 ("v=19") hashes are supported');
  }
  const match = /^m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})$/.exec(paramsText);
  if (match === null) {
    throw new PasswordFormatError('argon2id: the parameters must read m=<KiB>,t=<passes>,p=<lanes>');
  }
  const params = { memory: Number(match[1]), iterations: Number(match[2]), parallelism: Number(match[3]) };
  checkParams(params);
  const salt = decodeRawBase64(saltText, 'salt');
  const key = decodeRawBase64(keyText, 'key');
  if (salt.length < minSaltBytes) {
    throw new PasswordFormatError(`argon2id: salts shorter than ${minSaltBytes} bytes are not supported`);
  }
  if (key.length < minKeyBytes) {
    throw new PasswordFormatError(`argon2id: keys shorter than ${minKeyBytes} bytes are not supported`);
  }
  return { ...params, salt, key };
}

/** Writes an argon2id hash in the PHC form that {@link parseArgon2id} and SFTPGo read. */
export function formatArgon2id(params: Argon2idParams, salt: Uint8Array, key: Uint8Array): string {
  const { memory, iterations, parallelism } = params;
  return `$argon2id$v=19$m=${memory},t=${iterations},p=${parallelism}$${encodeRawBase64(salt)}$${encodeRawBase64(key)}`;
}

/** argon2id, computed by the Rust argon2 binding in a worker. */
export const argon2idScheme: HashScheme = {
  name: 'argon2id',
  prefixes: ['$argon2id$'],
  parse(stored) {
    const { memory, iterations, parallelism, salt, key } = parseArgon2id(stored);
    return async (password, run) =>
      equalBytes(
        await run({ kind: 'argon2id', password, salt, memory, iterations, parallelism, length: key.length }),
        key,
      );
  },
};
