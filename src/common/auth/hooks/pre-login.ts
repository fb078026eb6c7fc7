/**
 * `data_provider.pre_login_hook`: a program or URL run before each login with the stored user (or a
 * placeholder for an unknown name), that may create or change the user; the credentials are then
 * checked here as usual. SFTPGo makes it and the external auth hook mutually exclusive: when both
 * are configured, the external auth hook wins for the logins in its scope.
 */
import type { User, UserService } from '../../../dataprovider/index.js';
import type { AuthHookOptions } from './hook-call.js';
import { callAuthHook, elapsedMs, parseJsonObject } from './hook-call.js';
import { AuthHookError } from '../errors.js';
import {
  keepStoredFields,
  mergeJSON,
  placeholderUserJSON,
  saveHookUser,
  storedUserJSON,
} from './user-json.js';

/** A login about to be checked. */
export interface PreLoginRequest {
  readonly username: string;
  /** `password`, `publickey`, `keyboard-interactive`, `TLSCertificate`…; `''` for FTP's USER command. */
  readonly loginMethod: string;
  readonly ip: string;
  /** SSH, FTP, DAV, HTTP or OIDC. */
  readonly protocol: string;
  /** Claims of an OpenID Connect token, passed to the hook inside the user as `oidc_custom_fields`. */
  readonly oidcCustomFields?: Readonly<Record<string, unknown>>;
}

/** What {@link PreLoginHook} needs besides the hook options. */
export interface PreLoginOptions extends AuthHookOptions {
  readonly users: UserService;
}

const name = 'pre_login';
const logSender = 'dataprovider';

/** The pre-login hook. */
export class PreLoginHook {
  readonly #options: PreLoginOptions;

  constructor(options: PreLoginOptions) {
    this.#options = options;
  }

  /** Whether a hook is configured; {@link run} is only for then. */
  get enabled(): boolean {
    return this.#options.hook !== '';
  }

  /**
   * Runs the hook for a login and applies its answer:
   * - a stored user with `filters.hooks.pre_login_disabled` is returned unchanged, without a call;
   * - an empty answer (or HTTP 204) changes nothing;
   * - otherwise the answer is a user JSON, full or partial: its fields replace the stored user's
   *   (objects merged key by key), usage counters and second factor settings are kept, and the result
   *   is validated and saved (added for a new name; a new user needs every mandatory field).
   * A user saved with `status` 0 is then refused by the login checks.
   * @returns the user to check the credentials of, or `undefined` when there is no such user and the
   *   hook created none (the caller refuses the login as for an unknown user).
   * @throws {AuthHookError} when the hook fails (time-out, non-zero exit, HTTP status other than 200
   *   or 204, invalid JSON) or the user it describes is invalid; the login is refused then.
   */
  async run(request: PreLoginRequest): Promise<User | undefined> {
    const options = this.#options;
    const { users, logger } = options;
    const stored = await users.get(request.username);
    if (stored?.filters.hooks.pre_login_disabled === true) return stored;
    const userJson = {
      ...(stored ? storedUserJSON(stored) : placeholderUserJSON(request.username)),
      ...(request.oidcCustomFields ? { oidc_custom_fields: request.oidcCustomFields } : {}),
    };
    const body = JSON.stringify(userJson);
    const started = performance.now();
    const answer = await callAuthHook(options, name, {
      method: 'POST',
      retry: false,
      query: { login_method: request.loginMethod, ip: request.ip, protocol: request.protocol },
      body,
      env: {
        SFTPGO_LOGIND_USER: body,
        SFTPGO_LOGIND_METHOD: request.loginMethod,
        SFTPGO_LOGIND_IP: request.ip,
        SFTPGO_LOGIND_PROTOCOL: request.protocol,
      },
    });
    if (answer.kind === 'http' && answer.status !== 200 && answer.status !== 204) {
      throw new AuthHookError(name, `unexpected HTTP status ${answer.status}, expected 200 or 204`);
    }
    logger.debug(logSender, `pre-login hook completed for user "${request.username}"`, {
      elapsed_ms: elapsedMs(started),
    });
    const output = answer.kind === 'http' && answer.status === 204 ? '' : answer.output;
    if (output.trim() === '') return stored;
    const patch = parseJsonObject(name, output);
    delete patch.oidc_custom_fields;
    const json = stored ? keepStoredFields(mergeJSON(storedUserJSON(stored), patch), stored) : patch;
    return saveHookUser(users, name, { json, stored, ip: request.ip });
  }
}
