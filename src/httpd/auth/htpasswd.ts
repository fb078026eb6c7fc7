/**
 * The `httpd.auth_user_file` of SFTPGo 1.x: an Apache htpasswd file whose users may use the REST
 * API as super admins (1.x had no admin accounts). bcrypt (`$2y$`, `$2a$`, `$2b$`) and `$apr1$`
 * MD5 entries are accepted, as 1.x did; other lines are skipped with a warning.
 */
import { readFile } from 'node:fs/promises';
import type { PasswordHasher } from '../../dataprovider/password/index.js';
import type { Logger } from '../../logger/index.js';

const SUPPORTED_PREFIXES = ['$2y$', '$2a$', '$2b$', '$apr1$'];
/** An htpasswd file bigger than this is refused: it is a handful of lines in practice. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The users of an htpasswd file, read at start and on reload. */
export class HtpasswdFile {
  readonly #path: string;
  readonly #hasher: PasswordHasher;
  readonly #logger: Logger;
  #entries = new Map<string, string>();

  constructor(path: string, hasher: PasswordHasher, logger: Logger) {
    this.#path = path;
    this.#hasher = hasher;
    this.#logger = logger;
  }

  /** (Re)reads the file. @throws Error when it cannot be read or is too big. */
  async load(): Promise<void> {
    const text = await readFile(this.#path, 'utf8');
    if (text.length > MAX_FILE_BYTES) throw new Error(`htpasswd file ${this.#path} is too big`);
    const entries = new Map<string, string>();
    text.split(/\r?\n/).forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const colon = trimmed.indexOf(':');
      const hash = trimmed.slice(colon + 1);
      if (colon <= 0 || !SUPPORTED_PREFIXES.some((p) => hash.startsWith(p))) {
        this.#logger.warn('httpd', 'htpasswd: unsupported line skipped', {
          file: this.#path,
          line: index + 1,
        });
        return;
      }
      entries.set(trimmed.slice(0, colon), hash);
    });
    this.#entries = entries;
  }

  /** Whether `username` is in the file with this password. */
  async verify(username: string, password: string): Promise<boolean> {
    const hash = this.#entries.get(username);
    if (hash === undefined || password === '') return false;
    try {
      return await this.#hasher.verify(password, hash);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#hasher.close();
  }
}
