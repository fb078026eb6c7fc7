/**
 * `sftpd.revoked_user_certs_file`: a JSON list of the SHA256 fingerprints (`SHA256:...`, as
 * `ssh-keygen -l` prints them) of certified keys whose certificates are refused. Re-read on SIGHUP.
 */
import { readFile, stat } from 'node:fs/promises';
import { SshAuthConfigError } from './errors.js';

/** Bigger files are refused: a revocation list is a few lines per certificate. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The revoked certificates; empty when no file is configured. */
export class RevokedUserCerts {
  readonly #path: string;
  #fingerprints: ReadonlySet<string> = new Set();

  /** @param path absolute path of the file; empty for none. */
  constructor(path: string) {
    this.#path = path;
  }

  /** Entries loaded. */
  get size(): number {
    return this.#fingerprints.size;
  }

  /**
   * (Re-)reads the file; on failure the list loaded before stays in use.
   * @throws {SshAuthConfigError} when the file cannot be read, is too big or is not a JSON list of
   *   strings.
   */
  async load(): Promise<void> {
    if (this.#path === '') return;
    const where = `sftpd.revoked_user_certs_file "${this.#path}"`;
    let text: string;
    try {
      const info = await stat(this.#path);
      if (info.size > MAX_FILE_BYTES) {
        throw new SshAuthConfigError(`${where}: ${info.size} bytes, more than ${MAX_FILE_BYTES}`);
      }
      text = await readFile(this.#path, 'utf8');
    } catch (err) {
      if (err instanceof SshAuthConfigError) throw err;
      throw new SshAuthConfigError(`${where}: cannot be read`, { cause: err });
    }
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch (err) {
      throw new SshAuthConfigError(`${where}: invalid JSON`, { cause: err });
    }
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      throw new SshAuthConfigError(`${where}: must be a JSON list of fingerprints`);
    }
    this.#fingerprints = new Set(list);
  }

  isRevoked(fingerprint: string): boolean {
    return this.#fingerprints.has(fingerprint);
  }
}
