import type { redactOptions } from 'pino';

/**
 * Field names whose values are never written: passwords, keys, tokens and the secret payloads of
 * SFTPGo's models (storage credentials, API keys, encrypted secrets). Matched exactly (case
 * included), at the top level of a record and inside nested objects (`{ user: { password } }`).
 */
export const secretFieldNames: readonly string[] = [
  'password',
  'new_password',
  'current_password',
  'passphrase',
  'key_passphrase',
  'private_key',
  'privateKey',
  'secret',
  'client_secret',
  'clientSecret',
  'access_secret',
  'accessSecret',
  'account_key',
  'accountKey',
  'sas_url',
  'credentials',
  'payload',
  'api_key',
  'apiKey',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
];

/** What a redacted value is replaced with. */
export const redactedValue = '[redacted]';

const secretNames: ReadonlySet<string> = new Set(secretFieldNames);

/** How deep {@link redactNested} looks into objects and arrays. */
const maxDepth = 6;

/**
 * pino's `redact` option for top-level secret fields. pino turns plain key paths into one
 * per-key check, which costs nothing measurable; its wildcard paths (`*.password`) instead cost
 * about half a microsecond per path on every record, so nested values are handled by
 * {@link redactNested} instead, and only when a field holds an object.
 */
export function secretRedaction(): redactOptions {
  return { paths: [...secretFieldNames], censor: redactedValue };
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Returns `value` with secret fields inside it (at any depth up to six levels) replaced by
 * {@link redactedValue}. Objects and arrays are copied only where something is replaced: the
 * caller's data is never changed, and values without secrets come back as the same reference.
 * Class instances (Error, Date, Buffer…) are left to pino's serializers.
 */
export function redactNested(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth >= maxDepth) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const redacted = redactNested(item, depth + 1);
      if (redacted !== item) {
        copy ??= [...value];
        copy[index] = redacted;
      }
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const redacted = secretNames.has(key) ? redactedValue : redactNested(item, depth + 1);
    if (redacted !== item) {
      copy ??= { ...value };
      copy[key] = redacted;
    }
  }
  return copy ?? value;
}
