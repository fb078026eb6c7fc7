/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as authenticator apps compute
 * them: base32 secret, 30-second steps, 6 digits.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC hash of a TOTP configuration (`mfa.totp[].algo`). */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  readonly algorithm: TotpAlgorithm;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** Steps accepted before and after the current one (clock drift); default 1. */
  readonly skew?: number;
}

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case and padding ignored); undefined for any other character. */
export function decodeBase32(text: string): Buffer | undefined {
  const clean = text.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) return undefined;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The HOTP code of `counter` (RFC 4226 §5.3). */
export function hotp(key: Buffer, counter: number, algorithm: TotpAlgorithm): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The time step of `now` (milliseconds). */
export function totpStep(now: number): number {
  return Math.floor(now / 1000 / PERIOD_SECONDS);
}

/**
 * The time step whose code is `code`, within the accepted skew around `now`, or undefined. Codes are
 * compared in constant time.
 */
export function matchTotp(secret: string, code: string, options: TotpOptions): number | undefined {
  const key = decodeBase32(secret);
  if (key === undefined || key.length === 0 || !/^[0-9]{6}$/.test(code)) return undefined;
  const given = Buffer.from(code);
  const current = totpStep(options.now);
  const skew = options.skew ?? 1;
  let matched: number | undefined;
  for (let step = current - skew; step <= current + skew; step++) {
    // Every step is computed and compared, matched or not, so the time taken says nothing.
    if (timingSafeEqual(Buffer.from(hotp(key, step, options.algorithm)), given)) matched ??= step;
  }
  return matched;
}
