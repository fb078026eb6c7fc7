/**
 * The login restrictions of a user, checked the same way for every protocol once the user is known
 * (and, for password logins, before the password is verified).
 */
import type { LoginMethod, Protocol, User, UserService } from '../../dataprovider/index.js';
import { CIDRSet, canonicalIP, parseIP } from '../../util/cidr.js';
import { LoginDeniedError } from './errors.js';

/** What is known of the login being checked. */
export interface LoginAttempt {
  /** The protocol family the user's `denied_protocols` refers to: SSH (SFTP, SCP, commands), FTP, DAV, HTTP. */
  readonly protocol: Protocol;
  readonly loginMethod: LoginMethod;
  /** The client address, without port. */
  readonly ip: string;
  /** Milliseconds since the epoch; default now. */
  readonly now?: number;
  /** `common.tz` is `local`: `filters.access_time` is read in the server's time zone instead of UTC. */
  readonly localTime?: boolean;
}

/** Login methods that end with a password check, to which a required password change applies. */
const PASSWORD_METHODS: ReadonlySet<LoginMethod> = new Set<LoginMethod>([
  'password',
  'password-over-SSH',
  'publickey+password',
  'TLSCertificate+password',
]);

const DAY_MS = 24 * 60 * 60 * 1000;

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Whether `filters.access_time` lets the user in at `now`: no window means always; otherwise a window
 * on the same day of the week whose `from`..`to` (both included, minute precision) holds the time.
 */
export function isAccessTimeAllowed(user: User, now: number, localTime = false): boolean {
  const windows = user.filters.access_time;
  if (windows.length === 0) return true;
  const when = new Date(now);
  const day = localTime ? when.getDay() : when.getUTCDay();
  const hhmm = localTime
    ? `${pad2(when.getHours())}:${pad2(when.getMinutes())}`
    : `${pad2(when.getUTCHours())}:${pad2(when.getUTCMinutes())}`;
  return windows.some((w) => w.day_of_week === day && hhmm >= w.from && hhmm <= w.to);
}

/**
 * Whether the user may log in with this method. `password` denied covers every protocol;
 * `password-over-SSH` denied refuses password logins over SSH only.
 */
export function isLoginMethodAllowed(user: User, method: LoginMethod, protocol: Protocol): boolean {
  const denied = user.filters.denied_login_methods;
  if (denied.includes(method)) return false;
  return !(protocol === 'SSH' && method === 'password' && denied.includes('password-over-SSH'));
}

/**
 * Whether the user may log in from `ip`: an address in `denied_ip` is refused, even when `allowed_ip`
 * also holds it (the product specification says so, as SFTPGo did before 2.3; later SFTPGo releases
 * let such an address in); otherwise, with `allowed_ip` set, only addresses inside it get in. An address
 * that does not parse is let in, as SFTPGo does: it never comes from a real socket.
 */
export function isLoginFromAddressAllowed(user: User, ip: string): boolean {
  const { allowed_ip: allowed, denied_ip: denied } = user.filters;
  if (allowed.length === 0 && denied.length === 0) return true;
  const address = canonicalIP(ip);
  if (parseIP(address) === undefined) return true;
  if (denied.length > 0 && new CIDRSet(denied).contains(address)) return false;
  return allowed.length === 0 || new CIDRSet(allowed).contains(address);
}

/** Whether the password must be changed first: `require_password_change`, or `password_expiration` days passed. */
export function mustChangePassword(user: User, now: number): boolean {
  if (user.filters.require_password_change) return true;
  const days = user.filters.password_expiration;
  return days > 0 && user.last_password_change + days * DAY_MS < now;
}

/**
 * Checks the user's login restrictions for this attempt, in SFTPGo's order: status, expiration,
 * access time windows, denied protocol, denied login method, a second factor required for the
 * protocol but not set up, a password change required (password logins, all protocols but HTTP,
 * where the Web Client lets the user change it), and the allowed/denied networks.
 * Session limits are the registry's business, credentials the caller's.
 * @throws {LoginDeniedError} with the `reason` of the first restriction that refuses the login.
 */
export function checkLoginConditions(user: User, attempt: LoginAttempt): void {
  const now = attempt.now ?? Date.now();
  const deny = denier(user);
  checkAccountUsable(user, now, attempt.localTime);
  if (user.filters.denied_protocols.includes(attempt.protocol)) {
    deny('protocol_denied', `protocol ${attempt.protocol} is not allowed (filters.denied_protocols)`);
  }
  if (!isLoginMethodAllowed(user, attempt.loginMethod, attempt.protocol)) {
    deny(
      'login_method_denied',
      `login method ${attempt.loginMethod} is not allowed (filters.denied_login_methods)`,
    );
  }
  if (mustSetSecondFactor(user, attempt.protocol)) {
    deny(
      'second_factor_required',
      `two-factor authentication is required for ${attempt.protocol} but not set up (filters.two_factor_protocols)`,
    );
  }
  if (
    attempt.protocol !== 'HTTP' &&
    PASSWORD_METHODS.has(attempt.loginMethod) &&
    mustChangePassword(user, now)
  ) {
    deny('password_change_required', 'the password must be changed first');
  }
  if (!isLoginFromAddressAllowed(user, attempt.ip)) {
    deny('ip_not_allowed', `login from ${attempt.ip} is not allowed (filters.allowed_ip, filters.denied_ip)`);
  }
}

function denier(user: User): (reason: LoginDeniedError['reason'], message: string) => never {
  const name = user.username;
  return (reason, message) => {
    throw new LoginDeniedError(name, reason, `login refused for user "${name}": ${message}`);
  };
}

/**
 * The part of the login restrictions that concerns the account rather than the attempt: status,
 * expiration and access time windows, in that order.
 * @throws {LoginDeniedError} `disabled`, `expired` or `access_time`.
 */
export function checkAccountUsable(user: User, now: number, localTime = false): void {
  const deny = denier(user);
  if (user.status < 1) deny('disabled', 'the account is disabled');
  if (user.expiration_date > 0 && user.expiration_date < now) {
    deny('expired', `the account expired at ${new Date(user.expiration_date).toISOString()}`);
  }
  if (!isAccessTimeAllowed(user, now, localTime)) {
    deny('access_time', 'access is not allowed at this time (filters.access_time)');
  }
}

function mustSetSecondFactor(user: User, protocol: Protocol): boolean {
  const required = user.filters.two_factor_protocols as readonly string[];
  if (!required.includes(protocol)) return false;
  const totp = user.filters.totp_config;
  return !totp.enabled || !(totp.protocols as readonly string[]).includes(protocol);
}

/** SFTPGo writes a user's last login at most this often, to spare the data provider a write per login. */
export const LAST_LOGIN_MIN_DELAY_MS = 10 * 60 * 1000;

/**
 * Records a successful login: writes `last_login` unless one was written recently (within 10 minutes,
 * or the user's `external_auth_cache_time` when set, since that cache reads it), and always when the
 * user changed after its last login or the stored time lies in the future.
 * @returns whether it was written.
 * @throws {ObjectNotFoundError} (from the provider) if the user was deleted meanwhile.
 */
export async function recordLogin(users: UserService, user: User, now = Date.now()): Promise<boolean> {
  const cacheTime = user.filters.external_auth_cache_time;
  const delay = cacheTime > 0 ? cacheTime * 1000 : LAST_LOGIN_MIN_DELAY_MS;
  if (user.last_login > user.updated_at && isRecent(user.last_login, delay, now)) return false;
  await users.setLastLogin(user.username);
  return true;
}

/** Whether `at` lies within `delay` before `now`; a time more than 10 s in the future is not recent. */
export function isRecent(at: number, delay: number, now: number): boolean {
  const elapsed = now - at;
  if (elapsed < -10_000) return false;
  return elapsed < delay;
}
