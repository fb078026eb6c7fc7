/**
 * `data_provider.check_password_hook`: a program or URL that checks a password (or part of it, e.g.
 * a one-time code appended to it) before, or instead of, the data provider.
 */
import type { User, UserService } from '../../../dataprovider/index.js';
import { InvalidCredentialsError } from '../../../dataprovider/index.js';
import { AuthHookDeniedError, AuthHookError } from '../errors.js';
import type { AuthHookOptions } from './hook-call.js';
import { callAuthHook, elapsedMs, expectOk, parseJsonObject, scopeCovers } from './hook-call.js';

/** `check_password_scope` bits. HTTP has none: only scope 0 sends HTTP logins to the hook, as in SFTPGo. */
export const CHECK_PASSWORD_SCOPES: Readonly<Record<string, number>> = { SSH: 1, FTP: 2, DAV: 4 };

/** A password to check. */
export interface CheckPasswordRequest {
  readonly username: string;
  readonly password: string;
  readonly ip: string;
  /** SSH, FTP, DAV or HTTP. */
  readonly protocol: string;
}

/** The hook's verdict: accepted outright, or accepted provided `toVerify` matches the stored password. */
export type CheckPasswordVerdict =
  { readonly status: 'accepted' } | { readonly status: 'partial'; readonly toVerify: string };

/** What {@link CheckPasswordHook} needs besides the hook options. */
export interface CheckPasswordOptions extends AuthHookOptions {
  readonly users: UserService;
}

const name = 'check_password';
const logSender = 'dataprovider';

/** The check password hook. */
export class CheckPasswordHook {
  readonly #options: CheckPasswordOptions;

  constructor(options: CheckPasswordOptions) {
    this.#options = options;
  }

  /** Whether `check_password_scope` sends logins of this protocol to the hook. */
  inScope(protocol: string): boolean {
    const { hook, scope } = this.#options;
    if (hook === '') return false;
    if (scope === undefined || scope === 0) return true;
    const bit = CHECK_PASSWORD_SCOPES[protocol];
    return bit !== undefined && scopeCovers(scope, bit);
  }

  /**
   * Asks the hook. It answers `{"status": 0|1|2, "to_verify": "…"}`: 1 accepts, 2 accepts if
   * `to_verify` matches the stored password, anything else refuses.
   * @throws {AuthHookDeniedError} when it refuses.
   * @throws {AuthHookError} when it fails (time-out, non-zero exit, HTTP status other than 200,
   *   invalid JSON).
   */
  async ask(request: CheckPasswordRequest): Promise<CheckPasswordVerdict> {
    const started = performance.now();
    const answer = await callAuthHook(this.#options, name, {
      method: 'POST',
      retry: false,
      env: {
        SFTPGO_AUTHD_USERNAME: request.username,
        SFTPGO_AUTHD_PASSWORD: request.password,
        SFTPGO_AUTHD_IP: request.ip,
        SFTPGO_AUTHD_PROTOCOL: request.protocol,
      },
      body: JSON.stringify({
        username: request.username,
        password: request.password,
        ip: request.ip,
        protocol: request.protocol,
      }),
    });
    const json = parseJsonObject(name, expectOk(name, answer));
    this.#options.logger.debug(logSender, `check password hook completed for user "${request.username}"`, {
      elapsed_ms: elapsedMs(started),
      status: json.status,
    });
    if (json.status === 1) return { status: 'accepted' };
    if (json.status === 2) {
      if (json.to_verify !== undefined && typeof json.to_verify !== 'string') {
        throw new AuthHookError(name, '"to_verify" must be a string');
      }
      return { status: 'partial', toVerify: json.to_verify ?? '' };
    }
    throw new AuthHookDeniedError(
      name,
      `password refused for user "${request.username}" (status ${JSON.stringify(json.status)})`,
    );
  }

  /**
   * Checks a user's password the way SFTPGo does once the user is known: a user with no stored
   * password or an empty password given is refused first; then, when the hook covers the protocol
   * and the user has not `filters.hooks.check_password_disabled`, the hook decides (status 2 checks
   * `to_verify` against the stored password); otherwise the data provider checks the password.
   * @returns the user as stored.
   * @throws {InvalidCredentialsError} for a wrong, empty or missing password, or an unknown user.
   * @throws {AuthHookDeniedError} or {AuthHookError} from {@link ask}.
   */
  async verify(user: User, request: CheckPasswordRequest): Promise<User> {
    const { users } = this.#options;
    if (user.password === '') throw new InvalidCredentialsError(request.username, 'no_password');
    if (request.password.trim() === '') throw new InvalidCredentialsError(request.username, 'empty_password');
    if (user.filters.hooks.check_password_disabled || !this.inScope(request.protocol)) {
      return users.checkPassword(user.username, request.password);
    }
    const verdict = await this.ask({ ...request, username: user.username });
    if (verdict.status === 'accepted') return user;
    return users.checkPassword(user.username, verdict.toVerify);
  }
}
