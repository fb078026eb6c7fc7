/** `sftpd.trusted_user_ca_keys`: the CA public keys trusted to sign user certificates. */
import { readFile } from 'node:fs/promises';
import { resolveConfigPath } from '../../config/index.js';
import { SshAuthConfigError } from './errors.js';
import { parsePublicKey } from './ssh-public-key.js';

/** The trusted CA keys, compared by their wire blobs. */
export class TrustedUserCAs {
  readonly #blobs: ReadonlySet<string>;

  private constructor(blobs: ReadonlySet<string>) {
    this.#blobs = blobs;
  }

  /**
   * Reads the CA key files (authorized_keys format; every key line of a file is trusted; paths
   * relative to `configDir`).
   * @throws {SshAuthConfigError} naming the file that cannot be read or holds no usable key.
   */
  static async load(paths: readonly string[], configDir: string): Promise<TrustedUserCAs> {
    const blobs = new Set<string>();
    for (const configured of paths) {
      const path = resolveConfigPath(configDir, configured.trim());
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        throw new SshAuthConfigError(`sftpd.trusted_user_ca_keys: cannot read "${path}"`, { cause: err });
      }
      const before = blobs.size;
      for (const line of text.split('\n')) {
        const key = keyFields(line);
        if (key === undefined) continue;
        const { type, data } = key;
        try {
          const parsed = parsePublicKey(Buffer.from(data, 'base64'));
          if (parsed.type !== type) throw new Error(`the key is a ${parsed.type}, not a ${type}`);
          blobs.add(parsed.blob.toString('base64'));
        } catch (err) {
          throw new SshAuthConfigError(`sftpd.trusted_user_ca_keys: invalid key in "${path}"`, {
            cause: err,
          });
        }
      }
      if (blobs.size === before) {
        throw new SshAuthConfigError(`sftpd.trusted_user_ca_keys: no public key in "${path}"`);
      }
    }
    return new TrustedUserCAs(blobs);
  }

  /** Number of trusted keys; 0 means certificate logins are refused. */
  get size(): number {
    return this.#blobs.size;
  }

  /** Whether the CA key blob is one of the trusted keys. */
  has(caKeyBlob: Buffer): boolean {
    return this.#blobs.has(caKeyBlob.toString('base64'));
  }
}

/**
 * The key type and base64 blob of an authorized_keys line, skipping leading options
 * (`cert-authority ssh-ed25519 AAAA...`); undefined for blank and comment lines.
 */
function keyFields(line: string): { type: string; data: string } | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return undefined;
  // A line without a known key type is kept whole, to be refused as invalid.
  const at = Math.max(
    0,
    fields.findIndex((f) => /^(ssh-|ecdsa-|sk-)/.test(f)),
  );
  return { type: fields[at] ?? '', data: fields[at + 1] ?? '' };
}
