/**
 * The first admin of a new installation, from `SFTPGO_DEFAULT_ADMIN_USERNAME` and
 * `SFTPGO_DEFAULT_ADMIN_PASSWORD` (`data_provider.create_default_admin`).
 */
import { parseAdmin } from '../models/admin.js';
import { ValidationError } from '../models/validation-error.js';
import { ObjectConflictError } from './errors.js';
import { storablePassword } from './passwords.js';
import type { ServiceDeps } from './settings.js';
import { LOG_SENDER } from './settings.js';
import { writeAdmin } from './writes.js';

/** The variables the default admin is read from. */
export const DEFAULT_ADMIN_ENV = {
  username: 'SFTPGO_DEFAULT_ADMIN_USERNAME',
  password: 'SFTPGO_DEFAULT_ADMIN_PASSWORD',
} as const;

/**
 * Creates a super admin (`*`) from the environment when there is no admin at all. Without both
 * variables (or with values the admin rules refuse) nothing is created and a warning is logged, so
 * the server still starts. No provider event is sent, as in SFTPGo.
 * @returns the admin's username, or `undefined` when none was created.
 * @throws the store's and hasher's errors.
 */
export async function ensureDefaultAdmin(
  deps: ServiceDeps,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  if ((await deps.store.admins.count()) > 0) return undefined;
  const username = (env[DEFAULT_ADMIN_ENV.username] ?? '').trim();
  const password = (env[DEFAULT_ADMIN_ENV.password] ?? '').trim();
  if (username === '' || password === '') {
    deps.logger.warn(
      LOG_SENDER,
      `no admin exists and the default admin cannot be created: set ${DEFAULT_ADMIN_ENV.username} and ${DEFAULT_ADMIN_ENV.password}`,
    );
    return undefined;
  }
  let admin;
  try {
    admin = parseAdmin({ username, password, status: 1, permissions: ['*'] }, deps.settings.validation);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    deps.logger.warn(
      LOG_SENDER,
      `the default admin from ${DEFAULT_ADMIN_ENV.username} is not valid: ${err.message}`,
    );
    return undefined;
  }
  admin.password = (await storablePassword(deps, admin.password)).value;
  let created: boolean;
  try {
    created = await deps.store.transaction(async (tx) => {
      // Another process sharing the database may have created one meanwhile.
      if ((await tx.admins.count()) > 0) return false;
      await writeAdmin(tx, admin, false);
      return true;
    });
  } catch (err) {
    if (err instanceof ObjectConflictError) return undefined;
    throw err;
  }
  if (!created) return undefined;
  deps.logger.info(LOG_SENDER, 'default admin created', { username: admin.username });
  return admin.username;
}
