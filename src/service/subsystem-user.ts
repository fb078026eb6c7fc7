/**
 * The account of an SFTP subsystem session. sshd already authenticated the operating-system user
 * running the command; that user's name is looked up in the data provider, added when missing, and
 * its home directory follows the system's unless told otherwise, as SFTPGo's `startsubsys` does.
 */
import { join, resolve } from 'node:path';
import { checkAccountUsable } from '../common/auth/index.js';
import type { User, UserService } from '../dataprovider/index.js';
import { SYSTEM_CONTEXT, userToJSON } from '../dataprovider/index.js';
import type { Logger } from '../logger/index.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'startsubsys';

/** The operating-system user running the subsystem. */
export interface OsAccount {
  readonly username: string;
  /** Absolute home directory from the system's user database. */
  readonly homeDir: string;
}

/** The `startsubsys` flags that shape the account. */
export interface SubsystemAccountOptions {
  /** Home of a user added here: `<baseHomeDir>/<username>`; empty for the system home directory. */
  readonly baseHomeDir: string;
  /** A stored user keeps its home directory instead of taking the system's. */
  readonly preserveHome: boolean;
  /** `common.tz` is `local`: access time windows are read in local time. */
  readonly localTime: boolean;
  readonly logger: Logger;
}

/** The session's account cannot be found, added or updated. */
export class SubsystemAccountError extends Error {
  readonly code = 'ERR_SUBSYSTEM_ACCOUNT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SubsystemAccountError';
  }
}

/**
 * The user to serve. A stored user must be usable (enabled, not expired, inside its access times);
 * unless `preserveHome`, its home directory is set to the system's when they differ (also with a
 * `baseHomeDir`, which only concerns new users: SFTPGo does the same). A missing user is added with
 * every permission on `/`, the system home directory or `<baseHomeDir>/<username>`, and no
 * credentials: sshd authenticated the session, and the account cannot log in to the other
 * servers until an administrator gives it a password or key (SFTPGo sets a random password, which
 * comes to the same but costs a password hash per session with the memory provider).
 * @throws {LoginDeniedError} for a disabled, expired or out-of-hours user.
 * @throws {SubsystemAccountError} when the user cannot be read, added or updated (the message says why).
 */
export async function subsystemUser(
  users: UserService,
  account: OsAccount,
  options: SubsystemAccountOptions,
): Promise<User> {
  const { username } = account;
  const systemHome = resolve(account.homeDir);
  let stored: User | undefined;
  try {
    stored = await users.get(username);
  } catch (err) {
    throw new SubsystemAccountError(`cannot read user "${username}": ${errorMessage(err)}`, { cause: err });
  }
  if (stored === undefined) {
    const homeDir = options.baseHomeDir === '' ? systemHome : join(options.baseHomeDir, username);
    options.logger.debug(logSender, `adding user "${username}" with home dir ${homeDir}`);
    try {
      return await users.add(
        {
          username,
          status: 1,
          home_dir: homeDir,
          permissions: { '/': ['*'] },
        },
        SYSTEM_CONTEXT,
      );
    } catch (err) {
      throw new SubsystemAccountError(`cannot add user "${username}": ${errorMessage(err)}`, { cause: err });
    }
  }
  checkAccountUsable(stored, Date.now(), options.localTime);
  if (options.preserveHome || stored.home_dir === systemHome) return stored;
  options.logger.debug(logSender, `home dir of user "${username}" changed to ${systemHome}`);
  try {
    return await users.update(
      username,
      { ...userToJSON(stored, { forDump: true }), home_dir: systemHome },
      SYSTEM_CONTEXT,
    );
  } catch (err) {
    throw new SubsystemAccountError(`cannot update user "${username}": ${errorMessage(err)}`, { cause: err });
  }
}
