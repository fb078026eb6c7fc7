/**
 * `data_provider.post_login_hook`: a notification after each login attempt (per
 * `post_login_scope`), run in the background; it never changes the login's outcome.
 */
import type { User } from '../../../dataprovider/index.js';
import type { BackgroundLimits } from './background.js';
import { BackgroundHooks } from './background.js';
import type { AuthHookOptions } from './hook-call.js';
import { callAuthHook, elapsedMs } from './hook-call.js';
import { placeholderUserJSON, renderedUserJSON } from './user-json.js';

/** `post_login_scope`: 0 every login, 1 failed ones only, 2 successful ones only. */
export const POST_LOGIN_SCOPES = { all: 0, failed: 1, successful: 2 } as const;

/** A login attempt that ended. */
export interface PostLoginEvent {
  /** The user, when it is known (successful logins, and failed ones of an existing user). */
  readonly user?: User;
  /** The login name tried, for an unknown user; `''` when the client never tried (login time-out). */
  readonly username: string;
  /** `password`, `publickey`, `keyboard-interactive`, `publickey+password`, …, or `no_auth_tried`. */
  readonly loginMethod: string;
  readonly ip: string;
  /** SSH, FTP, DAV or HTTP. */
  readonly protocol: string;
  readonly success: boolean;
}

const name = 'post_login';
const logSender = 'dataprovider';

/** The post-login hook. */
export class PostLoginHook {
  readonly #options: AuthHookOptions;
  readonly #background: BackgroundHooks;

  constructor(options: AuthHookOptions, limits?: BackgroundLimits) {
    this.#options = options;
    this.#background = new BackgroundHooks(options.logger, logSender, limits);
  }

  /** Whether `post_login_scope` notifies this outcome. */
  inScope(success: boolean): boolean {
    const { hook, scope } = this.#options;
    if (hook === '') return false;
    if (scope === POST_LOGIN_SCOPES.failed) return !success;
    if (scope === POST_LOGIN_SCOPES.successful) return success;
    return true;
  }

  /**
   * Notifies a login outcome in the background and returns at once. The program gets
   * `SFTPGO_LOGIND_USER` (the user JSON without password hash), `_IP`, `_METHOD`, `_STATUS` (1 success,
   * 0 failure) and `_PROTOCOL`; a URL gets the user JSON POSTed with `login_method`, `ip`, `protocol`
   * and `status` in the query string, with retries. Failures are logged only.
   * @returns whether a notification was queued (false: out of scope, or dropped as too many wait).
   */
  notify(event: PostLoginEvent): boolean {
    if (!this.inScope(event.success)) return false;
    const userJson = JSON.stringify(
      event.user ? renderedUserJSON(event.user) : placeholderUserJSON(event.username),
    );
    const status = event.success ? '1' : '0';
    return this.#background.submit(name, async () => {
      const started = performance.now();
      const answer = await callAuthHook(this.#options, name, {
        method: 'POST',
        retry: true,
        captureOutput: false,
        query: { login_method: event.loginMethod, ip: event.ip, protocol: event.protocol, status },
        body: userJson,
        env: {
          SFTPGO_LOGIND_USER: userJson,
          SFTPGO_LOGIND_IP: event.ip,
          SFTPGO_LOGIND_METHOD: event.loginMethod,
          SFTPGO_LOGIND_STATUS: status,
          SFTPGO_LOGIND_PROTOCOL: event.protocol,
        },
      });
      this.#options.logger.debug(
        logSender,
        `post login hook executed for user "${event.user?.username ?? event.username}"`,
        {
          elapsed_ms: elapsedMs(started),
          ...(answer.kind === 'http' ? { response_code: answer.status } : {}),
        },
      );
    });
  }

  /** Waits for queued notifications (tests, graceful stop). */
  idle(): Promise<void> {
    return this.#background.idle();
  }
}
