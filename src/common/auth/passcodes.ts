/**
 * Checks of a TOTP passcode (second factor) of a user or an admin: the algorithm of the account's
 * `mfa.totp` configuration, one step of clock drift each way, and each passcode accepted once only.
 */
import { createHash } from 'node:crypto';
import type { MfaConfig } from '../../config/index.js';
import type { Admin, AdminTOTPConfig, Protocol, User } from '../../dataprovider/index.js';
import { matchTotp } from '../../util/totp.js';
import type { TotpAlgorithm } from '../../util/totp.js';

/** Why {@link PasscodeVerifier.verify} refused; stable values for logs and tests. */
export type PasscodeRefusal = 'not_enabled' | 'secret_unavailable' | 'wrong' | 'reused';

/** A passcode was refused; the message is for the server's logs. */
export class PasscodeError extends Error {
  readonly code = 'ERR_PASSCODE';
  readonly reason: PasscodeRefusal;

  constructor(reason: PasscodeRefusal, message: string) {
    super(message);
    this.name = 'PasscodeError';
    this.reason = reason;
  }
}

/** Passcodes remembered as used: long enough to cover the steps still accepted. */
const USED_FOR_MS = 2 * 60 * 1000;
/** Bound of the used-passcode memory; beyond it, the oldest entries are forgotten first. */
const MAX_USED = 10_000;

/** Verifies passcodes; one per server set, it remembers used passcodes. */
export class PasscodeVerifier {
  readonly #algorithms: ReadonlyMap<string, TotpAlgorithm>;
  readonly #now: () => number;
  /** Digest of user, secret and passcode → when it may be used again. */
  readonly #used = new Map<string, number>();

  constructor(mfa: Pick<MfaConfig, 'totp'>, now: () => number = Date.now) {
    this.#algorithms = new Map(mfa.totp.map((c) => [c.name, c.algo]));
    this.#now = now;
  }

  /** Whether the user has TOTP enabled for the protocol. */
  static enabledFor(user: User, protocol: Protocol): boolean {
    const totp = user.filters.totp_config;
    return totp.enabled && (totp.protocols as readonly string[]).includes(protocol);
  }

  /**
   * @throws {PasscodeError} when TOTP is not enabled for the protocol, the secret cannot be read
   *   (encrypted by a key management service this server does not have), the passcode is wrong or
   *   was already used.
   */
  verify(user: User, passcode: string, protocol: Protocol): void {
    if (!PasscodeVerifier.enabledFor(user, protocol)) {
      throw new PasscodeError('not_enabled', `TOTP is not enabled for ${protocol}`);
    }
    this.#check(`user\0${user.username}`, user.filters.totp_config, passcode);
  }

  /**
   * An admin's passcode (REST API `X-SFTPGO-OTP`); admins and users never share a used passcode.
   * @throws {PasscodeError} as {@link verify}.
   */
  verifyAdmin(admin: Admin, passcode: string): void {
    if (!admin.filters.totp_config.enabled) throw new PasscodeError('not_enabled', 'TOTP is not enabled');
    this.#check(`admin\0${admin.username}`, admin.filters.totp_config, passcode);
  }

  #check(account: string, totp: AdminTOTPConfig, passcode: string): void {
    const { secret, config_name: configName } = totp;
    if (secret.status !== 'Plain') {
      throw new PasscodeError(
        'secret_unavailable',
        `the TOTP secret (status ${secret.status}) cannot be read`,
      );
    }
    const now = this.#now();
    const step = matchTotp(secret.payload, passcode.trim(), {
      algorithm: this.#algorithms.get(configName) ?? 'sha1',
      now,
    });
    if (step === undefined) throw new PasscodeError('wrong', 'invalid passcode');
    const key = createHash('sha256').update(`${account}\0${secret.payload}\0${step}`).digest('base64');
    this.#forgetExpired(now);
    if (this.#used.has(key)) throw new PasscodeError('reused', 'this passcode was already used');
    this.#used.set(key, now + USED_FOR_MS);
  }

  #forgetExpired(now: number): void {
    for (const [key, until] of this.#used) {
      if (until <= now || this.#used.size >= MAX_USED) this.#used.delete(key);
      else break;
    }
  }
}
