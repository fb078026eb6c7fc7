/**
 * The server's host keys: the configured files, or `id_rsa`, `id_ecdsa` and `id_ed25519` in the
 * configuration directory, generated on first start (as SFTPGo does) and reused afterwards.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { resolveConfigPath } from '../config/index.js';
import type { Logger } from '../logger/index.js';
import { SftpdConfigError } from './errors.js';

// ssh2 is CommonJS: its named exports are read from the default export.
const { utils } = ssh2;

/** A host key ready for the SSH transport. */
export interface HostKey {
  /** Where it was read from. */
  readonly path: string;
  /** The private key file's content (OpenSSH or PEM). */
  readonly privateKey: Buffer;
  /** Its SSH key type: `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`... */
  readonly type: string;
}

/** The default host key files, in the order SFTPGo offers them. */
export const DEFAULT_HOST_KEYS = [
  { name: 'id_rsa', type: 'rsa', bits: 4096 },
  { name: 'id_ecdsa', type: 'ecdsa', bits: 256 },
  { name: 'id_ed25519', type: 'ed25519', bits: 256 },
] as const;

/** A key pair in OpenSSH formats. */
export interface OpenSshKeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` text. */
  readonly privateKey: string;
  /** authorized_keys line (`ssh-ed25519 AAAA…`). */
  readonly publicKey: string;
}

/**
 * Generates a key pair that ssh2 can read back, off the event loop (an RSA 4096 key takes about a
 * second). ssh2's generator drops a leading zero byte of an ed25519 public key (about one key in 256),
 * which makes the private key unreadable: such pairs are thrown away and generated again.
 * @throws {SftpdConfigError} (`ERR_SFTPD_HOST_KEY`) if no readable pair came out of ten tries.
 */
export async function generateKeyPair(
  type: 'rsa' | 'ecdsa' | 'ed25519',
  bits?: number,
): Promise<OpenSshKeyPair> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const pair = await new Promise<{ private: string; public: string }>((resolve, reject) => {
      const done = (err: Error | null, keys: { private: string; public: string }) =>
        err === null ? resolve(keys) : reject(err);
      if (type === 'ed25519') utils.generateKeyPair('ed25519', done);
      else utils.generateKeyPair(type, { bits: bits ?? (type === 'rsa' ? 4096 : 256) }, done);
    });
    if (!(utils.parseKey(pair.private) instanceof Error)) {
      return { privateKey: pair.private, publicKey: pair.public };
    }
  }
  throw new SftpdConfigError('ERR_SFTPD_HOST_KEY', `cannot generate a readable ${type} key`);
}

/** What {@link loadHostKeys} needs. */
export interface HostKeysOptions {
  /** `sftpd.host_keys`, relative to the config dir or absolute. */
  readonly hostKeys: readonly string[];
  readonly configDir: string;
  readonly logger: Logger;
}

function parsePrivateKey(path: string, content: Buffer): ParsedKey {
  const parsed = utils.parseKey(content);
  if (parsed instanceof Error) {
    throw new SftpdConfigError(
      'ERR_SFTPD_HOST_KEY',
      `host key "${path}" cannot be parsed: ${parsed.message}`,
      {
        cause: parsed,
      },
    );
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (key === undefined || !key.isPrivateKey()) {
    throw new SftpdConfigError('ERR_SFTPD_HOST_KEY', `host key "${path}" holds no private key`);
  }
  return key;
}

async function readHostKey(path: string): Promise<HostKey> {
  let privateKey: Buffer;
  try {
    privateKey = await readFile(path);
  } catch (err) {
    throw new SftpdConfigError('ERR_SFTPD_HOST_KEY', `host key "${path}" cannot be read: ${String(err)}`, {
      cause: err,
    });
  }
  return { path, privateKey, type: parsePrivateKey(path, privateKey).type };
}

/**
 * Reads the configured host keys; with none configured, the default ones in `configDir`, generating
 * each missing one (private key mode 0600, public key beside it as `<name>.pub`).
 * @throws {SftpdConfigError} (`ERR_SFTPD_HOST_KEY`) naming a key file that cannot be read, parsed
 *   or written.
 */
export async function loadHostKeys(options: HostKeysOptions): Promise<HostKey[]> {
  const { hostKeys, configDir, logger } = options;
  if (hostKeys.length > 0) {
    return Promise.all(hostKeys.map((p) => readHostKey(resolveConfigPath(configDir, p))));
  }
  const keys: HostKey[] = [];
  for (const spec of DEFAULT_HOST_KEYS) {
    const path = join(configDir, spec.name);
    if (!existsSync(path)) {
      logger.info('sftpd', `generating host key "${path}"`);
      const pair = await generateKeyPair(spec.type, spec.bits);
      try {
        await writeFile(path, pair.privateKey, { mode: 0o600, flag: 'wx' });
        await writeFile(`${path}.pub`, `${pair.publicKey}\n`, { mode: 0o644 });
      } catch (err) {
        throw new SftpdConfigError(
          'ERR_SFTPD_HOST_KEY',
          `host key "${path}" cannot be written: ${String(err)}`,
          {
            cause: err,
          },
        );
      }
    }
    keys.push(await readHostKey(path));
  }
  return keys;
}
