// Unsalted digests as SFTPGo stores them: `{MD5}`, `{SHA256}` or `{SHA512}` followed by the hex digest of
// the password. One digest of a bounded password is cheap, so it is computed in place.
import { createHash } from 'node:crypto';
import { equalBytes } from './constant-time.js';
import { PasswordFormatError } from './errors.js';
import type { HashScheme } from './hash-scheme.js';

const digests: ReadonlyMap<string, { readonly algorithm: string; readonly bytes: number }> = new Map([
  ['{MD5}', { algorithm: 'md5', bytes: 16 }],
  ['{SHA256}', { algorithm: 'sha256', bytes: 32 }],
  ['{SHA512}', { algorithm: 'sha512', bytes: 64 }],
]);

/** `{MD5}`, `{SHA256}` and `{SHA512}` followed by hex (either case). */
export const digestScheme: HashScheme = {
  name: 'digest',
  prefixes: [...digests.keys()],
  parse(stored) {
    const prefix = stored.slice(0, stored.indexOf('}') + 1);
    const digest = digests.get(prefix);
    if (digest === undefined) throw new PasswordFormatError('digest: expected {MD5}, {SHA256} or {SHA512}');
    const hex = stored.slice(prefix.length);
    if (hex.length !== digest.bytes * 2 || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw new PasswordFormatError(`digest: ${prefix} must be followed by ${digest.bytes * 2} hex digits`);
    }
    const expected = Buffer.from(hex, 'hex');
    return async (password) => equalBytes(createHash(digest.algorithm).update(password).digest(), expected);
  },
};
