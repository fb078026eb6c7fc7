/** Errors of the login checks and the authentication hooks. */

/** Why {@link LoginDeniedError} refused a login; stable values for logs and tests. */
export type LoginDeniedReason =
  | 'disabled'
  | 'expired'
  | 'access_time'
  | 'protocol_denied'
  | 'login_method_denied'
  | 'second_factor_required'
  | 'password_change_required'
  | 'ip_not_allowed';

/**
 * The account exists and the credentials may be right, but a login restriction of the user refuses
 * this login. The message names the user and the restriction, for the server's logs; front ends
 * show clients a generic refusal.
 */
export class LoginDeniedError extends Error {
  readonly code = 'ERR_LOGIN_DENIED';
  readonly reason: LoginDeniedReason;
  readonly username: string;

  constructor(username: string, reason: LoginDeniedReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoginDeniedError';
    this.username = username;
    this.reason = reason;
  }
}

/** The authentication hooks, by their configuration key without the `_hook` suffix. */
export type AuthHookName =
  'external_auth' | 'pre_login' | 'check_password' | 'post_login' | 'post_connect' | 'post_disconnect';

/** What both hook outcomes share: the hook's name, and its name in the message. */
abstract class HookOutcomeError extends Error {
  readonly hook: AuthHookName;

  constructor(hook: AuthHookName, message: string, options?: { cause?: unknown }) {
    super(`${hook}_hook: ${message}`, options);
    this.name = new.target.name;
    this.hook = hook;
  }
}

/**
 * A hook could not give a usable answer: the program could not run, ran too long, exited non-zero
 * or printed something invalid; the URL failed, answered an unexpected status or invalid JSON; the
 * user it returned is invalid or could not be saved. A login (or connection) is refused then, as
 * SFTPGo does. `cause` holds the underlying error.
 */
export class AuthHookError extends HookOutcomeError {
  readonly code = 'ERR_AUTH_HOOK';
}

/**
 * A hook answered, and its answer refuses: the external auth hook returned an empty username, the
 * check password hook a status other than 1 or 2, the post-connect hook refused the client, or a
 * hook had nothing to say about an account that does not exist.
 */
export class AuthHookDeniedError extends HookOutcomeError {
  readonly code = 'ERR_AUTH_HOOK_DENIED';
}
