/**
 * HS256 JSON Web Tokens (RFC 7519) for the REST API: signed with a key derived from
 * `httpd.signing_passphrase`, or a random key per start so that a restart logs everybody out,
 * as SFTPGo does.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What our API tokens carry. Times are seconds since the epoch, as RFC 7519 wants. */
export interface ApiTokenClaims {
  /** `["API", "<client ip>"]`: the token kind and, unless IP binding is off, the client address. */
  readonly aud: readonly string[];
  /** The admin's username. */
  readonly username: string;
  /** The admin's permissions when the token was issued. */
  readonly permissions: readonly string[];
  /** Set for users of the htpasswd file, who have no admin account to check the token against. */
  readonly htpasswd?: boolean;
  /** Unique id, used to revoke the token on logout. */
  readonly jti: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

/** A token failed verification; the reason is for logs. */
export class InvalidTokenError extends Error {
  readonly code = 'ERR_INVALID_TOKEN';
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Tokens are short: anything longer is refused before any parsing or hashing. */
const MAX_TOKEN_LENGTH = 8192;

/** Signs and verifies API tokens with one key. */
export class TokenSigner {
  readonly #key: Buffer;

  /** @param passphrase empty for a random key (tokens die with the process). */
  constructor(passphrase: string) {
    this.#key = passphrase === '' ? randomBytes(32) : createHash('sha256').update(passphrase).digest();
  }

  sign(claims: ApiTokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${HEADER}.${payload}.${this.#mac(`${HEADER}.${payload}`).toString('base64url')}`;
  }

  /**
   * @returns the claims of a token signed with this key and valid at `nowSeconds`.
   * @throws {InvalidTokenError} for anything else.
   */
  verify(token: string, nowSeconds: number): ApiTokenClaims {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('token too long');
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidTokenError('malformed token');
    const [header = '', payload = '', signature = ''] = parts;
    if (header !== HEADER) throw new InvalidTokenError('unsupported token header');
    const expected = this.#mac(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidTokenError('bad token signature');
    }
    let claims: ApiTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ApiTokenClaims;
    } catch {
      throw new InvalidTokenError('malformed token payload');
    }
    if (typeof claims !== 'object' || claims === null || typeof claims.username !== 'string') {
      throw new InvalidTokenError('malformed token claims');
    }
    if (!(claims.exp > nowSeconds)) throw new InvalidTokenError('token expired');
    if (!(claims.nbf <= nowSeconds + 60)) throw new InvalidTokenError('token not valid yet');
    if (!Array.isArray(claims.aud) || !Array.isArray(claims.permissions)) {
      throw new InvalidTokenError('malformed token claims');
    }
    return claims;
  }

  #mac(data: string): Buffer {
    return createHmac('sha256', this.#key).update(data).digest();
  }
}

/** A new random token id. */
export function newTokenId(): string {
  return randomBytes(16).toString('base64url');
}
