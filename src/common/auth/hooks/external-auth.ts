/**
 * `data_provider.external_auth_hook`: a program or URL that checks the credentials itself and
 * returns the user to log in, which is then added or updated in the data provider.
 */
import type { User, UserService } from '../../../dataprovider/index.js';
import { InvalidCredentialsError } from '../../../dataprovider/index.js';
import { AuthHookDeniedError } from '../errors.js';
import { isRecent } from '../login-checks.js';
import type { AuthHookOptions } from './hook-call.js';
import { callAuthHook, elapsedMs, expectOk, parseJsonObject, scopeCovers } from './hook-call.js';
import { keepStoredFields, saveHookUser, storedUserJSON } from './user-json.js';

/** `external_auth_scope` bits: which credentials the hook checks. */
export const EXTERNAL_AUTH_SCOPES = {
  password: 1,
  publicKey: 2,
  keyboardInteractive: 4,
  tlsCertificate: 8,
} as const;
/** One of {@link EXTERNAL_AUTH_SCOPES}' keys. */
export type ExternalAuthScope = keyof typeof EXTERNAL_AUTH_SCOPES;

/** A login attempt handed to the hook; give the one credential being checked. */
export interface ExternalAuthRequest {
  /** The login name as the client sent it (after the naming rules). */
  readonly username: string;
  readonly ip: string;
  /** SSH, FTP, DAV or HTTP. */
  readonly protocol: string;
  /** Clear password, for password logins. */
  readonly password?: string;
  /** The public key in authorized_keys format (`ssh-ed25519 AAAA…`), for public key logins. */
  readonly publicKey?: string;
  /** True for keyboard-interactive logins (the hook then only says whether the user may try). */
  readonly keyboardInteractive?: boolean;
  /** The client certificate, PEM encoded, for TLS certificate logins. */
  readonly tlsCert?: string;
}

/** What {@link ExternalAuthHook} needs besides the hook options. */
export interface ExternalAuthOptions extends AuthHookOptions {
  readonly users: UserService;
  /** Clock in milliseconds since the epoch, for `external_auth_cache_time`; default `Date.now`. */
  readonly now?: () => number;
}

const name = 'external_auth';
const logSender = 'dataprovider';

/** The external authentication hook. */
export class ExternalAuthHook {
  readonly #options: ExternalAuthOptions;

  constructor(options: ExternalAuthOptions) {
    this.#options = options;
  }

  /** Whether `external_auth_scope` sends logins of this kind to the hook. */
  inScope(kind: ExternalAuthScope): boolean {
    return this.#options.hook !== '' && scopeCovers(this.#options.scope, EXTERNAL_AUTH_SCOPES[kind]);
  }

  /**
   * Authenticates through the hook, as SFTPGo does:
   * - a stored user with `filters.hooks.external_auth_disabled`, or that logged in less than its
   *   `filters.external_auth_cache_time` seconds ago, is returned as stored without calling the hook
   *   (the caller verifies the credentials itself then);
   * - an empty answer keeps the stored user (refused when there is none); a password given then
   *   becomes the stored password if it differs;
   * - an answer with an empty `username` refuses the login;
   * - any other answer is the user: the password or public key just used is added to it, what the
   *   answer cannot change (usage counters, second factor) is kept from the stored user, and it is
   *   added or updated in the data provider. The answer may name another account than the login
   *   name (several login names mapped onto one account).
   * The returned user has passed no login restriction yet: run the login checks next. Call this only
   * for logins {@link inScope} (without a hook it fails with {@link AuthHookError}).
   * @throws {AuthHookDeniedError} when the hook refuses, or answers nothing for an unknown user.
   * @throws {AuthHookError} when the hook fails (time-out, non-zero exit, HTTP status other than
   *   200, invalid JSON) or the user it returns is invalid.
   */
  async authenticate(request: ExternalAuthRequest): Promise<User> {
    const options = this.#options;
    const { users, logger } = options;
    const stored = await users.get(request.username);
    if (stored && this.#skip(stored)) return stored;
    const started = performance.now();
    const answer = await callAuthHook(options, name, {
      method: 'POST',
      retry: false,
      env: {
        SFTPGO_AUTHD_USERNAME: request.username,
        SFTPGO_AUTHD_USER: stored ? JSON.stringify(storedUserJSON(stored)) : '',
        SFTPGO_AUTHD_IP: request.ip,
        SFTPGO_AUTHD_PASSWORD: request.password ?? '',
        SFTPGO_AUTHD_PUBLIC_KEY: request.publicKey ?? '',
        SFTPGO_AUTHD_PROTOCOL: request.protocol,
        // Environment values are single lines for many shells' tools: SFTPGo escapes the PEM's newlines.
        SFTPGO_AUTHD_TLS_CERT: (request.tlsCert ?? '').replaceAll('\n', '\\n'),
        SFTPGO_AUTHD_KEYBOARD_INTERACTIVE: request.keyboardInteractive === true ? '1' : '',
      },
      body: JSON.stringify({
        username: request.username,
        ip: request.ip,
        password: request.password ?? '',
        public_key: request.publicKey ?? '',
        protocol: request.protocol,
        keyboard_interactive: request.keyboardInteractive === true ? '1' : '',
        tls_cert: request.tlsCert ?? '',
        ...(stored ? { user: storedUserJSON(stored) } : {}),
      }),
    });
    const output = expectOk(name, answer);
    logger.debug(logSender, `external auth completed for user "${request.username}"`, {
      elapsed_ms: elapsedMs(started),
    });
    if (output.trim() === '') return this.#keepStored(stored, request);
    const json = parseJsonObject(name, output);
    const username = typeof json.username === 'string' ? json.username : '';
    if (username === '') {
      throw new AuthHookDeniedError(name, `authentication refused for user "${request.username}"`);
    }
    if (request.password) json.password = request.password;
    if (request.publicKey) json.public_keys = withKey(json.public_keys, request.publicKey);
    const target = username === request.username ? stored : await users.get(username);
    return saveHookUser(users, name, {
      json: target ? keepStoredFields(json, target) : json,
      stored: target,
      ip: request.ip,
    });
  }

  #skip(stored: User): boolean {
    if (stored.filters.hooks.external_auth_disabled) return true;
    const cacheTime = stored.filters.external_auth_cache_time;
    const now = (this.#options.now ?? Date.now)();
    return cacheTime > 0 && isRecent(stored.last_login, cacheTime * 1000, now);
  }

  async #keepStored(stored: User | undefined, request: ExternalAuthRequest): Promise<User> {
    if (stored === undefined) {
      throw new AuthHookDeniedError(name, `empty answer and user "${request.username}" does not exist`);
    }
    const password = request.password ?? '';
    if (password === '') return stored;
    const { users } = this.#options;
    try {
      return await users.checkPassword(stored.username, password);
    } catch (err) {
      if (!(err instanceof InvalidCredentialsError)) throw err;
    }
    // The hook accepted a password the provider does not know: it becomes the stored one.
    return saveHookUser(users, name, {
      json: { ...storedUserJSON(stored), password },
      stored,
      ip: request.ip,
    });
  }
}

function withKey(keys: unknown, key: string): unknown {
  if (keys !== undefined && keys !== null && !Array.isArray(keys)) return keys;
  const list = (keys ?? []) as unknown[];
  const present = list.some((k) => typeof k === 'string' && k.startsWith(key.trim()));
  return present ? list : [...list, key];
}
