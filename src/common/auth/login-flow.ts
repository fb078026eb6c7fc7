/**
 * The steps of a login, composed once for every protocol: the checks at connect time, the
 * credential checks with the authentication hooks in SFTPGo's order, the login restrictions, the
 * last login record, the post-login hook and a `connection_failed` log record for every failure
 * (what fail2ban reads).
 */
import type { SftpGoConfig } from '../../config/index.js';
import type { HttpClient } from '../hooks/http-client.js';
import type { LoginMethod, Protocol, User, UserService } from '../../dataprovider/index.js';
import { InvalidCredentialsError } from '../../dataprovider/provider/errors.js';
import type { Logger, LoginType } from '../../logger/index.js';
import type { ConnectionGuards } from '../guards/index.js';
import type { HostEvent } from '../defender/index.js';
import type { ConnectionRegistry } from '../registry/index.js';
import {
  checkLoginConditions,
  isAccessTimeAllowed,
  isLoginMethodAllowed,
  recordLogin,
} from './login-checks.js';
import {
  CheckPasswordHook,
  ExternalAuthHook,
  PostConnectHook,
  PostDisconnectHook,
  PostLoginHook,
  PreLoginHook,
} from './hooks/index.js';
import type { DisconnectEvent } from './hooks/index.js';
import { PasscodeError, PasscodeVerifier } from './passcodes.js';

/** Who is trying to log in, besides the login name. */
export interface LoginContext {
  /** Client address without port. */
  readonly ip: string;
  /** The protocol family (`SSH` for SFTP, SCP and SSH commands). */
  readonly protocol: Protocol;
}

/** The two-step SSH logins: a public key, then a password asked one way or the other. */
export type SecondStepMethod = 'publickey+password' | 'publickey+keyboard-interactive';

/** The checks a keyboard-interactive conversation runs on the user's answers. */
export interface InteractiveChecks {
  /** Whether the user has TOTP enabled for the protocol (a second question is due). */
  readonly hasSecondFactor: boolean;
  /**
   * @throws {InvalidCredentialsError} or an `AuthHookError`/`AuthHookDeniedError` of the check
   *   password hook when the answer is not the user's password.
   */
  password(answer: string): Promise<void>;
  /** @throws {PasscodeError} when the answer is not a valid, unused TOTP passcode of the user. */
  passcode(answer: string): void;
}

/**
 * The questions and answers of a keyboard-interactive login, run by the front end once the user is
 * known and allowed to try.
 * @throws when the answers do not authenticate the user (the error is logged as the reason).
 */
export type InteractiveConversation = (user: User, checks: InteractiveChecks) => Promise<void>;

/** The outcome of {@link LoginFlow.publicKey}. */
export interface PublicKeyLogin {
  readonly user: User;
  /** Empty when the key alone logged the user in; otherwise the second steps it may take. */
  readonly secondSteps: readonly SecondStepMethod[];
}

/**
 * The second steps a user must take after a valid public key: none when `publickey` alone is
 * allowed; otherwise the allowed ones of `publickey+password` and `publickey+keyboard-interactive`
 * (none allowed: the key alone is refused by the login restrictions).
 */
export function secondStepsAfterKey(user: User, protocol: Protocol): SecondStepMethod[] {
  if (isLoginMethodAllowed(user, 'publickey', protocol)) return [];
  const steps: SecondStepMethod[] = ['publickey+password', 'publickey+keyboard-interactive'];
  return steps.filter((m) => isLoginMethodAllowed(user, m, protocol));
}

/** The hooks a {@link LoginFlow} runs; a hook built with an empty `hook` does nothing. */
export interface LoginHooks {
  readonly preLogin: PreLoginHook;
  readonly externalAuth: ExternalAuthHook;
  readonly checkPassword: CheckPasswordHook;
  readonly postLogin: PostLoginHook;
  readonly postConnect: PostConnectHook;
  readonly postDisconnect: PostDisconnectHook;
}

/** What a {@link LoginFlow} is built from. */
export interface LoginFlowOptions {
  readonly users: UserService;
  readonly registry: ConnectionRegistry;
  readonly hooks: LoginHooks;
  readonly logger: Logger;
  /**
   * Defender, allow list and rate limits: checked at connect time, told of every login failure
   * (the defender's scores) and applying the login delays. None when omitted.
   */
  readonly guards?: ConnectionGuards;
  /** `common.tz` is `local`. */
  readonly localTime?: boolean;
  /** Checks TOTP passcodes; without it, a passcode is never accepted. */
  readonly passcodes?: PasscodeVerifier;
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A login was refused. The message is generic ("authentication failed") so front ends may show it;
 * `cause` holds the real reason (an {@link InvalidCredentialsError}, a `LoginDeniedError`, an
 * `AuthHookError`...) for the server's logs.
 */
export class LoginFailedError extends Error {
  readonly code = 'ERR_LOGIN_FAILED';
  readonly username: string;
  readonly loginMethod: LoginType;

  constructor(username: string, loginMethod: LoginType, options: { cause: unknown }) {
    super('authentication failed', options);
    this.name = 'LoginFailedError';
    this.username = username;
    this.loginMethod = loginMethod;
  }
}

/** What {@link loginHooksFromConfig} needs: the service's runtime has all of it. */
export interface LoginHooksSources {
  readonly config: Pick<SftpGoConfig, 'data_provider' | 'common' | 'command'>;
  /** The client built from the `http` section. */
  readonly http: HttpClient;
  readonly logger: Logger;
  readonly users: UserService;
}

/** Builds the hooks from the `data_provider` and `common` sections (empty hooks do nothing). */
export function loginHooksFromConfig({ config, http, logger, users }: LoginHooksSources): LoginHooks {
  const dp = config.data_provider;
  const base = { commands: config.command, http, logger };
  return {
    preLogin: new PreLoginHook({ ...base, hook: dp.pre_login_hook, users }),
    externalAuth: new ExternalAuthHook({
      ...base,
      hook: dp.external_auth_hook,
      scope: dp.external_auth_scope,
      users,
    }),
    checkPassword: new CheckPasswordHook({
      ...base,
      hook: dp.check_password_hook,
      scope: dp.check_password_scope,
      users,
    }),
    postLogin: new PostLoginHook({ ...base, hook: dp.post_login_hook, scope: dp.post_login_scope }),
    postConnect: new PostConnectHook({ ...base, hook: config.common.post_connect_hook }),
    postDisconnect: new PostDisconnectHook({ ...base, hook: config.common.post_disconnect_hook }),
  };
}

/** A stored public key matches when its type and key blob equal the given key's (comments ignored). */
function keyId(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

/** Whether `user.public_keys` holds `publicKey` (authorized_keys format). */
export function hasPublicKey(user: User, publicKey: string): boolean {
  const wanted = keyId(publicKey);
  return wanted !== '' && user.public_keys.some((k) => keyId(k) === wanted);
}

/**
 * The login steps of every protocol front end. One object per server set, shared by its
 * connections; it holds no per-connection state.
 */
export class LoginFlow {
  readonly #options: LoginFlowOptions;

  constructor(options: LoginFlowOptions) {
    this.#options = options;
  }

  /**
   * A client was accepted at the TCP level: counts it, checks the defender's bans and the allow
   * list, the connection limits and the rate limiters, and asks the post-connect hook.
   * @returns the function to call once when the client's socket closes (it uncounts the client).
   * @throws {ConnectionDeniedError}, {ConnectionLimitError}, {RateLimitedError} or the post-connect
   *   hook's `AuthHookDeniedError`/`AuthHookError`;
   *   the client is uncounted then, and a `connection_failed` record written.
   */
  async onConnect(ip: string, protocol: Protocol): Promise<() => void> {
    const { registry, hooks, logger, guards } = this.#options;
    registry.addClientConnection(ip);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      registry.removeClientConnection(ip);
    };
    try {
      await guards?.checkAdmission(ip, protocol);
      try {
        await registry.admit(ip);
      } catch (err) {
        if (!(await guards?.excuseLimit(err, ip, protocol))) throw err;
      }
      await guards?.limitRate(ip, protocol);
      await hooks.postConnect.check(ip, protocol);
    } catch (err) {
      release();
      logger.connectionFailed({ clientIp: ip, loginType: 'no_auth_tried', protocol, error: errorOf(err) });
      throw err;
    }
    return release;
  }

  /**
   * A password login: external auth hook (when its scope has passwords), else pre-login hook, else
   * the stored user; then the login restrictions, then the password (check password hook or the
   * data provider), then the last login record.
   * @returns the user as stored.
   * @throws {LoginFailedError} whose `cause` says why.
   */
  async password(username: string, password: string, ctx: LoginContext): Promise<User> {
    return this.#attempt(username, 'password', ctx, async () => {
      const { hooks } = this.#options;
      const user = hooks.externalAuth.inScope('password')
        ? await hooks.externalAuth.authenticate({ username, password, ip: ctx.ip, protocol: ctx.protocol })
        : await this.#findUser(username, 'password', ctx);
      checkLoginConditions(user, this.#attemptOf('password', ctx));
      return this.#checkPassword(user, password, ctx);
    });
  }

  /**
   * A keyboard-interactive login (SSH): external auth hook (scope keyboard-interactive, told only
   * that such a login is tried), else pre-login hook, else the stored user; then the login
   * restrictions; then `converse` asks its questions and checks the answers; then the last login
   * record. After a public key that asked for it ({@link PublicKeyLogin.secondSteps}), pass that
   * user as `afterKey`: the login method is then `publickey+keyboard-interactive`.
   * @returns the user as stored.
   * @throws {LoginFailedError} whose `cause` says why (the conversation's error when it refused).
   */
  async keyboardInteractive(
    username: string,
    ctx: LoginContext,
    converse: InteractiveConversation,
    afterKey?: User,
  ): Promise<User> {
    const method = afterKey ? 'publickey+keyboard-interactive' : 'keyboard-interactive';
    return this.#attempt(username, method, ctx, async () => {
      const { hooks, passcodes } = this.#options;
      const user =
        afterKey ??
        (hooks.externalAuth.inScope('keyboardInteractive')
          ? await hooks.externalAuth.authenticate({
              username,
              keyboardInteractive: true,
              ip: ctx.ip,
              protocol: ctx.protocol,
            })
          : await this.#findUser(username, method, ctx));
      checkLoginConditions(user, this.#attemptOf(method, ctx));
      await converse(user, {
        hasSecondFactor: PasscodeVerifier.enabledFor(user, ctx.protocol),
        password: async (answer) => {
          await this.#checkPassword(user, answer, ctx);
        },
        passcode: (answer) => {
          if (!passcodes) throw new PasscodeError('not_enabled', 'no TOTP configuration');
          passcodes.verify(user, answer, ctx.protocol);
        },
      });
      return user;
    });
  }

  /**
   * A public key login, for a key whose possession the caller already proved (SSH: a verified
   * signature). `publicKey` is in authorized_keys format (`ssh-ed25519 AAAA…`). External auth
   * hook (scope public key), else pre-login hook, else the stored user; the key must be one of the
   * user's `public_keys`; then the login restrictions. When the user may log in with the key alone,
   * the login is complete (last login recorded, post-login hook told); when its
   * `denied_login_methods` ask for a second step (`publickey+password`...), `secondSteps` lists
   * them and {@link secondStep} or {@link keyboardInteractive} finishes the login. With
   * `certificate`, `publicKey` is an OpenSSH user certificate the caller already checked (trusted
   * CA, principals, validity): the user need not list it.
   * @throws {LoginFailedError} whose `cause` says why.
   */
  async publicKey(
    username: string,
    publicKey: string,
    ctx: LoginContext,
    options: { readonly certificate?: boolean } = {},
  ): Promise<PublicKeyLogin> {
    let secondSteps: SecondStepMethod[] = [];
    const user = await this.#attempt(
      username,
      'publickey',
      ctx,
      async () => {
        const { hooks } = this.#options;
        const external = hooks.externalAuth.inScope('publicKey');
        const found = external
          ? await hooks.externalAuth.authenticate({ username, publicKey, ip: ctx.ip, protocol: ctx.protocol })
          : await this.#findUser(username, 'publickey', ctx);
        // A certificate the front end verified stands for the user's keys.
        if (!options.certificate && !hasPublicKey(found, publicKey)) {
          throw new InvalidCredentialsError(username, 'wrong_password');
        }
        secondSteps = secondStepsAfterKey(found, ctx.protocol);
        checkLoginConditions(found, this.#attemptOf(secondSteps[0] ?? 'publickey', ctx));
        return found;
      },
      () => secondSteps.length === 0,
    );
    return { user, secondSteps };
  }

  /**
   * The password step after a public key that asked for `publickey+password`:
   * login restrictions for the combined method, the password (check password hook or stored
   * password), then the last login record and the post-login hook.
   * @returns the user as stored.
   * @throws {LoginFailedError} whose `cause` says why.
   */
  async secondStep(user: User, password: string, ctx: LoginContext): Promise<User> {
    const method = 'publickey+password';
    return this.#attempt(user.username, method, ctx, async () => {
      checkLoginConditions(user, this.#attemptOf(method, ctx));
      return this.#checkPassword(user, password, ctx);
    });
  }

  #checkPassword(user: User, password: string, ctx: LoginContext): Promise<User> {
    return this.#options.hooks.checkPassword.verify(user, {
      username: user.username,
      password,
      ip: ctx.ip,
      protocol: ctx.protocol,
    });
  }

  /**
   * Reports a client that left (or was refused) without any login attempt, as SFTPGo does for
   * fail2ban: a `connection_failed` record with login type `no_auth_tried`, and the post-login hook.
   */
  noAuthTried(ctx: LoginContext, reason: string): void {
    this.#failed('', 'no_auth_tried', ctx, reason, undefined);
    void this.#options.guards?.scoreEvent(ctx.ip, ctx.protocol, 'NoLoginTried');
  }

  /**
   * Reports a login the front end refused itself before any step here (an SSH signature that does
   * not verify, a key algorithm not allowed...): `connection_failed` record and post-login hook.
   */
  reportFailure(username: string, method: LoginType, ctx: LoginContext, error: Error | string): void {
    this.#failed(username, method, ctx, error, undefined);
    void this.#options.guards?.scoreEvent(ctx.ip, ctx.protocol, 'LoginFailed');
  }

  /**
   * For the registry's idle checker: whether `user`'s session may go on at `now` (still enabled,
   * not expired, inside its access times).
   */
  sessionAllowed(user: User): (now: number) => boolean {
    const localTime = this.#options.localTime;
    return (now) =>
      user.status >= 1 &&
      !(user.expiration_date > 0 && user.expiration_date < now) &&
      isAccessTimeAllowed(user, now, localTime);
  }

  /** A session ended: runs the post-disconnect hook in the background. */
  onDisconnect(event: DisconnectEvent): void {
    this.#options.hooks.postDisconnect.notify(event);
  }

  async #findUser(username: string, method: LoginMethod, ctx: LoginContext): Promise<User> {
    const { hooks, users } = this.#options;
    const user = hooks.preLogin.enabled
      ? await hooks.preLogin.run({ username, loginMethod: method, ip: ctx.ip, protocol: ctx.protocol })
      : await users.get(username);
    if (user === undefined) throw new InvalidCredentialsError(username, 'not_found');
    return user;
  }

  #attemptOf(method: LoginMethod, ctx: LoginContext) {
    const { localTime, now } = this.#options;
    return { protocol: ctx.protocol, loginMethod: method, ip: ctx.ip, localTime, now: now?.() };
  }

  async #attempt(
    username: string,
    method: LoginType,
    ctx: LoginContext,
    check: () => Promise<User>,
    complete: () => boolean = () => true,
  ): Promise<User> {
    const { users, now, guards } = this.#options;
    let user: User;
    try {
      user = await check();
      // A first step (key accepted, password still to come) is neither recorded nor notified.
      if (!complete()) return user;
      await recordLogin(users, user, (now ?? Date.now)());
    } catch (err) {
      const known = await users.get(username).catch(() => undefined);
      this.#failed(username, method, ctx, errorOf(err), known);
      await guards?.scoreEvent(ctx.ip, ctx.protocol, defenderEventOf(err));
      if (PASSWORD_STEPS.has(method)) await guards?.delayLogin('password_failed');
      throw new LoginFailedError(username, method, { cause: err });
    }
    await guards?.delayLogin('success');
    this.#notify({ user, username, method, ctx, success: true });
    return user;
  }

  #failed(
    username: string,
    method: LoginType,
    ctx: LoginContext,
    error: Error | string,
    user: User | undefined,
  ): void {
    const { logger } = this.#options;
    logger.connectionFailed({ clientIp: ctx.ip, username, loginType: method, protocol: ctx.protocol, error });
    this.#notify({ user, username, method, ctx, success: false });
  }

  #notify(o: {
    user: User | undefined;
    username: string;
    method: LoginType;
    ctx: LoginContext;
    success: boolean;
  }): void {
    const { ip, protocol } = o.ctx;
    this.#options.hooks.postLogin.notify({
      user: o.user,
      username: o.username,
      loginMethod: o.method,
      ip,
      protocol,
      success: o.success,
    });
  }
}

/** Login methods that check a password: a failure waits `login_delay.password_failed`. */
const PASSWORD_STEPS: ReadonlySet<LoginType> = new Set<LoginType>([
  'password',
  'keyboard-interactive',
  'publickey+password',
  'publickey+keyboard-interactive',
]);

/** An unknown user scores `score_invalid`; any other refusal `score_valid`, as SFTPGo does. */
function defenderEventOf(err: unknown): HostEvent {
  return err instanceof InvalidCredentialsError && err.reason === 'not_found'
    ? 'UserNotFound'
    : 'LoginFailed';
}

function errorOf(err: unknown): Error | string {
  if (err instanceof InvalidCredentialsError) return `${err.message} (${err.reason})`;
  return err instanceof Error ? err : String(err);
}
