/**
 * Admin authentication for the REST API: JWT bearer tokens from `/token` (with the `X-SFTPGO-OTP`
 * passcode of admins with two-factor authentication), API keys
 * (`X-SFTPGO-API-KEY`, with SFTPGo's `<key>.<admin>` impersonation), and the htpasswd users of the
 * 1.x `auth_user_file`. Every failure is an {@link HttpError} with SFTPGo's status for it.
 */
import type { Admin, DataProvider } from '../../dataprovider/index.js';
import { InvalidCredentialsError } from '../../dataprovider/index.js';
import type { PasscodeVerifier } from '../../common/auth/index.js';
import { PasscodeError } from '../../common/auth/index.js';
import { CIDRSet } from '../../util/cidr.js';
import type { HttpError } from '../api/errors.js';
import { badRequest, forbidden, unauthorized } from '../api/errors.js';
import type { BasicCredentials } from './basic-credentials.js';
import { parseBasicAuth, parseBearer } from './basic-credentials.js';
import type { HtpasswdFile } from './htpasswd.js';
import type { ApiTokenClaims, TokenSigner } from './jwt.js';
import { InvalidTokenError, newTokenId } from './jwt.js';
import type { Principal } from './principal.js';
import type { RevokedTokens } from './revoked-tokens.js';

/** The audience of admin API tokens, as SFTPGo names it. */
export const API_AUDIENCE = 'API';
/** The header that carries API keys. */
export const API_KEY_HEADER = 'x-sftpgo-api-key';
/** The header that carries an admin's one-time passcode when asking for a token. */
export const OTP_HEADER = 'x-sftpgo-otp';

/** What a request offers to authenticate with. */
export interface AuthRequest {
  readonly authorization: string | undefined;
  readonly apiKey: string | undefined;
  /** The client address, without port. */
  readonly ip: string;
  /** `X-SFTPGO-OTP`: the passcode of an admin with two-factor authentication, for `/token`. */
  readonly otp?: string | undefined;
}

/** Why a login failed, as the defender scores it: unknown names score more than wrong secrets. */
export type LoginFailure = 'user_not_found' | 'invalid_credentials';

/** Told about each login that presents credentials (password or API key; not tokens). */
export interface LoginListener {
  failed(ip: string, failure: LoginFailure): Promise<void>;
  succeeded(ip: string): Promise<void>;
}

/** A token issued by `/token`. */
export interface IssuedToken {
  readonly access_token: string;
  /** RFC 3339. */
  readonly expires_at: string;
}

export interface AuthenticatorOptions {
  readonly provider: DataProvider;
  readonly signer: TokenSigner;
  readonly revoked: RevokedTokens;
  /** Minutes a token lives (`httpd.jwt_lifetime`). */
  readonly tokenLifetimeMinutes: number;
  /** `token_validation` bit 1 unset: a token only works from the address it was issued to. */
  readonly bindTokensToIp: boolean;
  readonly htpasswd?: HtpasswdFile;
  /** Checks the passcodes of admins with two-factor authentication; without it they cannot log in. */
  readonly passcodes?: PasscodeVerifier;
  /** Told about logins with credentials (for the defender); answers wait for it. */
  readonly logins?: LoginListener;
  readonly now?: () => number;
}

/** Checks an admin's own login conditions: enabled and connecting from an allowed network. */
function checkAdminCanLogin(admin: Admin, ip: string): void {
  if (admin.status !== 1) throw new Error(`admin ${JSON.stringify(admin.username)} is disabled`);
  const allowList = admin.filters.allow_list;
  if (allowList.length > 0 && !new CIDRSet(allowList).contains(ip)) {
    throw new Error(`login from IP ${ip} not allowed for admin ${JSON.stringify(admin.username)}`);
  }
}

/** The principal of a stored admin. */
function adminPrincipal(admin: Admin, source: Principal['source'], token?: Principal['token']): Principal {
  const { filters } = admin;
  const pending = filters.require_password_change
    ? 'password_change'
    : filters.require_two_factor && !filters.totp_config.enabled
      ? 'two_factor'
      : undefined;
  return {
    username: admin.username,
    permissions: admin.permissions,
    role: admin.role,
    source,
    ...(pending ? { pending } : {}),
    ...(token ? { token } : {}),
  };
}

/** Authenticates admins and issues their tokens. */
export class Authenticator {
  readonly #o: AuthenticatorOptions;
  readonly #now: () => number;

  constructor(options: AuthenticatorOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * `/token`: checks the basic-auth credentials of an admin (or htpasswd user) and issues a token.
   * @throws {HttpError} 401 for missing or wrong credentials and for admins that may not log in.
   */
  async issueToken(request: AuthRequest): Promise<IssuedToken> {
    const credentials = parseBasicAuth(request.authorization);
    if (credentials === undefined) throw unauthorized('no credentials given');
    const principal = await this.#basicPrincipal(credentials, request.ip, {
      htpasswdOnly: false,
      otp: request.otp,
    });
    const nowSeconds = Math.floor(this.#now() / 1000);
    const exp = nowSeconds + this.#o.tokenLifetimeMinutes * 60;
    const claims: ApiTokenClaims = {
      aud: this.#o.bindTokensToIp ? [API_AUDIENCE, request.ip] : [API_AUDIENCE],
      username: principal.username,
      permissions: principal.permissions,
      ...(principal.source === 'htpasswd' ? { htpasswd: true } : {}),
      jti: newTokenId(),
      iat: nowSeconds,
      nbf: nowSeconds,
      exp,
    };
    return { access_token: this.#o.signer.sign(claims), expires_at: new Date(exp * 1000).toISOString() };
  }

  /**
   * The admin a request acts as.
   * @throws {HttpError} 401 without valid credentials; 400/401/403 for bad API keys as SFTPGo answers.
   */
  async authenticate(request: AuthRequest): Promise<Principal> {
    if (request.apiKey !== undefined && request.apiKey !== '') return this.#apiKeyPrincipal(request);
    const bearer = parseBearer(request.authorization);
    if (bearer !== undefined) return this.#tokenPrincipal(bearer, request.ip);
    const basic = parseBasicAuth(request.authorization);
    if (basic !== undefined && this.#o.htpasswd !== undefined) {
      return this.#basicPrincipal(basic, request.ip, { htpasswdOnly: true });
    }
    throw unauthorized('no token found');
  }

  /** `/logout`: the token stops working now. */
  revoke(principal: Principal): void {
    if (principal.token === undefined) return;
    this.#o.revoked.revoke(principal.token.jti, principal.token.exp, Math.floor(this.#now() / 1000));
  }

  /**
   * The second factor of an admin with two-factor authentication: a valid, unused passcode in
   * `X-SFTPGO-OTP`. As SFTPGo, a missing or wrong one is answered as wrong credentials.
   */
  async #checkPasscode(admin: Admin, ip: string, otp: string | undefined): Promise<void> {
    try {
      if (otp === undefined || otp === '' || this.#o.passcodes === undefined) {
        throw new PasscodeError('wrong', 'no passcode given');
      }
      this.#o.passcodes.verifyAdmin(admin, otp);
    } catch (err) {
      if (!(err instanceof PasscodeError)) throw err;
      throw await this.#failed(ip, 'invalid_credentials', unauthorized('invalid credentials'));
    }
  }

  /** The error to throw for a failed login, once the listener has scored it. */
  async #failed(ip: string, failure: LoginFailure, error: HttpError): Promise<HttpError> {
    await this.#o.logins?.failed(ip, failure);
    return error;
  }

  async #basicPrincipal(
    credentials: BasicCredentials,
    ip: string,
    options: { readonly htpasswdOnly: boolean; readonly otp?: string | undefined },
  ): Promise<Principal> {
    const { username, password } = credentials;
    const htpasswd = this.#o.htpasswd;
    if (!options.htpasswdOnly) {
      let admin: Admin | undefined;
      try {
        admin = await this.#o.provider.admins.checkPassword(username, password);
      } catch (err) {
        if (!(err instanceof InvalidCredentialsError)) throw err;
        // Unknown admins may still be users of the htpasswd file.
        if (err.reason !== 'not_found' || htpasswd === undefined) {
          const failure = err.reason === 'not_found' ? 'user_not_found' : 'invalid_credentials';
          throw await this.#failed(ip, failure, unauthorized('invalid credentials'));
        }
      }
      if (admin !== undefined) {
        try {
          checkAdminCanLogin(admin, ip);
        } catch {
          throw await this.#failed(ip, 'invalid_credentials', unauthorized('invalid credentials'));
        }
        if (admin.filters.totp_config.enabled) await this.#checkPasscode(admin, ip, options.otp);
        await this.#o.provider.admins.setLastLogin(admin.username);
        await this.#o.logins?.succeeded(ip);
        return adminPrincipal(admin, 'token');
      }
    }
    if (htpasswd !== undefined && (await htpasswd.verify(username, password))) {
      return { username, permissions: ['*'], role: '', source: 'htpasswd' };
    }
    throw await this.#failed(ip, 'invalid_credentials', unauthorized('invalid credentials'));
  }

  async #tokenPrincipal(token: string, ip: string): Promise<Principal> {
    let claims: ApiTokenClaims;
    try {
      claims = this.#o.signer.verify(token, Math.floor(this.#now() / 1000));
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthorized('the token is not valid');
      throw err;
    }
    if (!claims.aud.includes(API_AUDIENCE)) throw unauthorized('the token is not valid for this audience');
    if (this.#o.bindTokensToIp && !claims.aud.includes(ip)) {
      throw unauthorized('the token is not valid for this IP address');
    }
    if (this.#o.revoked.isRevoked(claims.jti)) throw unauthorized('the token has been invalidated');
    const issued = { jti: claims.jti, exp: claims.exp };
    if (claims.htpasswd === true) {
      if (this.#o.htpasswd === undefined) throw unauthorized('the token is not valid');
      const permissions = claims.permissions;
      return { username: claims.username, permissions, role: '', source: 'htpasswd', token: issued };
    }
    return adminPrincipal(await this.#currentAdmin(claims.username, ip), 'token', issued);
  }

  /** The admin as stored now: a token dies with its admin's deletion, disabling or IP ban. */
  async #currentAdmin(username: string, ip: string): Promise<Admin> {
    const admin = await this.#o.provider.admins.get(username);
    if (admin === undefined) throw unauthorized('the admin of this token no longer exists');
    try {
      checkAdminCanLogin(admin, ip);
    } catch (err) {
      throw unauthorized(err instanceof Error ? err.message : 'login not allowed');
    }
    return admin;
  }

  async #apiKeyPrincipal(request: AuthRequest): Promise<Principal> {
    const header = request.apiKey ?? '';
    const parts = header.split('.');
    const [keyId = '', secret = ''] = parts;
    const impersonated = parts.slice(2).join('.');
    if (parts.length < 2 || keyId === '') throw badRequest('the provided api key is not valid');
    const stored = await this.#o.provider.apiKeys.get(keyId);
    const { ip } = request;
    if (stored === undefined) {
      throw await this.#failed(ip, 'user_not_found', badRequest('the provided api key is not valid'));
    }
    if (stored.scope !== 1) {
      const error = forbidden('the provided api key is invalid for this request');
      throw await this.#failed(ip, 'invalid_credentials', error);
    }
    try {
      await this.#o.provider.apiKeys.authenticate(`${keyId}.${secret}`);
    } catch (err) {
      if (!(err instanceof InvalidCredentialsError)) throw err;
      const error = unauthorized('the provided api key cannot be authenticated');
      throw await this.#failed(ip, 'invalid_credentials', error);
    }
    const username = stored.admin !== '' ? stored.admin : impersonated;
    const cannot = unauthorized('the admin associated with the provided api key cannot be authenticated');
    const admin = username === '' ? undefined : await this.#o.provider.admins.get(username);
    if (admin === undefined) throw await this.#failed(ip, 'user_not_found', cannot);
    if (!admin.filters.allow_api_key_auth) throw await this.#failed(ip, 'invalid_credentials', cannot);
    try {
      checkAdminCanLogin(admin, ip);
    } catch {
      throw await this.#failed(ip, 'invalid_credentials', cannot);
    }
    await this.#o.provider.apiKeys.setLastUse(keyId);
    await this.#o.logins?.succeeded(ip);
    return adminPrincipal(admin, 'api_key');
  }
}
