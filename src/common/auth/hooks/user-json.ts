/** The user JSON the authentication hooks send and receive. */
import type { User, UserService } from '../../../dataprovider/index.js';
import { SYSTEM_EXECUTOR, userToJSON } from '../../../dataprovider/index.js';
import type { AuthHookName } from '../errors.js';
import { AuthHookError } from '../errors.js';
import { errorMessage } from '../../../util/error-message.js';

/**
 * A stored user as the external auth and pre-login hooks receive it: everything, the password hash
 * included, as SFTPGo sends it (the hook may hand it back unchanged).
 */
export function storedUserJSON(user: User): Record<string, unknown> {
  return userToJSON(user, { forDump: true });
}

/** A user as the post-login hook receives it: no password hash, secrets without their key. */
export function renderedUserJSON(user: User): Record<string, unknown> {
  return userToJSON(user, { forDump: false });
}

/** What is sent for an account that does not exist (yet): id 0 and the login name, the rest empty. */
export function placeholderUserJSON(username: string): Record<string, unknown> {
  return {
    id: 0,
    status: 0,
    username,
    expiration_date: 0,
    password: '',
    public_keys: [],
    has_password: false,
    home_dir: '',
    uid: 0,
    gid: 0,
    max_sessions: 0,
    quota_size: 0,
    quota_files: 0,
    permissions: {},
    filters: {},
  };
}

/** Fields a hook's answer cannot change on an existing user: its usage counters and activity times. */
const KEPT_FIELDS = [
  'id',
  'used_quota_size',
  'used_quota_files',
  'used_upload_data_transfer',
  'used_download_data_transfer',
  'last_quota_update',
  'last_login',
  'last_password_change',
  'first_download',
  'first_upload',
  'created_at',
] as const;

/**
 * Copies onto a hook's answer what stays from the stored user, as SFTPGo does: usage counters,
 * activity times and the second factor settings (TOTP configuration and recovery codes).
 */
export function keepStoredFields(answer: Record<string, unknown>, stored: User): Record<string, unknown> {
  const storedJson = storedUserJSON(stored);
  const out: Record<string, unknown> = { ...answer };
  for (const key of KEPT_FIELDS) out[key] = storedJson[key];
  const filters = isPlainObject(out.filters) ? { ...out.filters } : {};
  const storedFilters = storedJson.filters as Record<string, unknown>;
  filters.totp_config = storedFilters.totp_config;
  if (storedFilters.recovery_codes === undefined) delete filters.recovery_codes;
  else filters.recovery_codes = storedFilters.recovery_codes;
  out.filters = filters;
  return out;
}

/** Whether a value is a JSON object (not an array or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `patch` applied over `base` the way decoding JSON into an existing Go struct does: objects are
 * merged key by key, anything else (arrays included) replaces.
 */
export function mergeJSON(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeJSON(current, value) : value;
  }
  return out;
}

/**
 * Saves a user a hook returned: adds it, or replaces the stored one, then reads it back. The data
 * provider validates it (the model parser) and hashes a clear password.
 * @throws {AuthHookError} naming the hook when the user is invalid or cannot be saved (`cause` holds
 *   the provider's error, with the offending field).
 */
export async function saveHookUser(
  users: UserService,
  name: AuthHookName,
  input: { readonly json: Record<string, unknown>; readonly stored: User | undefined; readonly ip: string },
): Promise<User> {
  const ctx = { executor: SYSTEM_EXECUTOR, ip: input.ip };
  try {
    const saved = input.stored
      ? await users.update(input.stored.username, input.json, ctx)
      : await users.add(input.json, ctx);
    return saved;
  } catch (err) {
    const reason = errorMessage(err);
    throw new AuthHookError(name, `the returned user cannot be saved: ${reason}`, { cause: err });
  }
}
