// The /etc/shadow and htpasswd families: md5crypt ($1$), Apache apr1 ($apr1$), sha256crypt ($5$) and
// sha512crypt ($6$). The digest rounds run in a worker; the checksum comparison happens here.
import { equalBytes } from './constant-time.js';
import type { HashScheme } from './hash-scheme.js';
import { parseMd5Crypt } from './md5crypt.js';
import { parseShaCrypt } from './sha-crypt.js';

/** md5crypt (`$1$`) and Apache's apr1 (`$apr1$`). */
export const md5CryptScheme: HashScheme = {
  name: 'md5crypt',
  prefixes: ['$1$', '$apr1$'],
  parse(stored) {
    const { magic, salt, checksum } = parseMd5Crypt(stored);
    const expected = Buffer.from(checksum, 'latin1');
    return async (password, run) =>
      equalBytes(await run({ kind: 'md5crypt', password, salt, magic }), expected);
  },
};

/** sha256crypt (`$5$`) and sha512crypt (`$6$`), with optional `rounds=N$`. */
export const shaCryptScheme: HashScheme = {
  name: 'sha-crypt',
  prefixes: ['$5$', '$6$'],
  parse(stored) {
    const { algorithm, rounds, salt, checksum } = parseShaCrypt(stored);
    const expected = Buffer.from(checksum, 'latin1');
    return async (password, run) =>
      equalBytes(await run({ kind: 'sha-crypt', password, salt, rounds, algorithm }), expected);
  },
};
