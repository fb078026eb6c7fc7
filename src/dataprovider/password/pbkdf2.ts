// SFTPGo's PBKDF2 forms: `$pbkdf2-<digest>$<iterations>$<salt>$<key as standard base64>`, where the salt
// is used as written, and `$pbkdf2-b64salt-sha256$...`, where the salt is standard base64 of the raw
// bytes. The derived key is as long as the stored one.
import { equalBytes } from './constant-time.js';
import { PasswordFormatError } from './errors.js';
import type { Pbkdf2Job } from './hash-job.js';
import type { HashScheme } from './hash-scheme.js';

interface Pbkdf2Variant {
  readonly digest: Pbkdf2Job['digest'];
  readonly base64Salt: boolean;
}

const variants: ReadonlyMap<string, Pbkdf2Variant> = new Map([
  ['pbkdf2-sha1', { digest: 'sha1', base64Salt: false }],
  ['pbkdf2-sha256', { digest: 'sha256', base64Salt: false }],
  ['pbkdf2-sha512', { digest: 'sha512', base64Salt: false }],
  ['pbkdf2-b64salt-sha256', { digest: 'sha256', base64Salt: true }],
]);

/** Node's PBKDF2 takes a 32-bit signed count. */
const maxIterations = 2 ** 31 - 1;

// Padded standard base64 only, as Go's StdEncoding wants: Buffer.from would skip junk silently.
const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string, field: string): Buffer {
  if (!standardBase64.test(text)) {
    throw new PasswordFormatError(`pbkdf2: the ${field} is not padded standard base64`);
  }
  return Buffer.from(text, 'base64');
}

/** A parsed PBKDF2 hash. */
export interface Pbkdf2Hash {
  readonly digest: Pbkdf2Job['digest'];
  readonly iterations: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/**
 * Splits a stored PBKDF2 hash in one of SFTPGo's forms.
 * @throws PasswordFormatError when the digest name is unknown, a field is missing, the iteration count
 *   is not a number in 1..2^31-1, or the salt (b64salt form) or key is not padded standard base64.
 */
export function parsePbkdf2(stored: string): Pbkdf2Hash {
  const fields = stored.split('$');
  if (fields.length !== 5 || fields[0] !== '') {
    throw new PasswordFormatError('pbkdf2: expected $pbkdf2-<digest>$<iterations>$<salt>$<base64 key>');
  }
  const [, name = '', iterationsText = '', saltText = '', keyText = ''] = fields;
  const variant = variants.get(name);
  if (variant === undefined) {
    throw new PasswordFormatError(`pbkdf2: unknown variant "${name}"`);
  }
  const iterations = /^[0-9]{1,10}$/.test(iterationsText) ? Number(iterationsText) : Number.NaN;
  if (!(iterations >= 1 && iterations <= maxIterations)) {
    throw new PasswordFormatError(`pbkdf2: the iteration count must be a number from 1 to ${maxIterations}`);
  }
  const salt = variant.base64Salt ? decodeBase64(saltText, 'salt') : Buffer.from(saltText, 'utf8');
  const key = decodeBase64(keyText, 'derived key');
  if (key.length === 0) throw new PasswordFormatError('pbkdf2: the derived key is empty');
  return { digest: variant.digest, iterations, salt, key };
}

/** The PBKDF2 forms, checked through node:crypto in a worker. */
export const pbkdf2Scheme: HashScheme = {
  name: 'pbkdf2',
  prefixes: [...variants.keys()].map((name) => `$${name}$`),
  parse(stored) {
    const { digest, iterations, salt, key } = parsePbkdf2(stored);
    return async (password, run) =>
      equalBytes(await run({ kind: 'pbkdf2', password, salt, iterations, length: key.length, digest }), key);
  },
};
