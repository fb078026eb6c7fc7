/** Users: validated CRUD, password checks and usage counters. */
import type { User } from '../models/user.js';
import { parseUser, userToJSON } from '../models/user.js';
import { CredentialsCache } from './credentials-cache.js';
import { InvalidCredentialsError, ObjectNotFoundError, QuotaTrackingDisabledError } from './errors.js';
import type { ActionContext, PendingEvent } from './events.js';
import { upgradeHash, storablePassword, verifyPassword } from './passwords.js';
import { FolderLookup, readUser, userOfRecord } from './readers.js';
import type { ListQuery } from './service-helpers.js';
import { withField } from './service-helpers.js';
import type { ServiceDeps } from './settings.js';
import { storedName } from './settings.js';
import { guard, writeUser } from './writes.js';

/** A change of a user's (or folder's) disk usage. */
export interface QuotaUpdate {
  /** Bytes to add (negative to remove), or the new total when `reset`. */
  readonly size: number;
  /** Files to add (negative to remove), or the new total when `reset`. */
  readonly files: number;
  /** Set the counters instead of adding to them (quota scans). */
  readonly reset?: boolean;
}

/** A change of a user's data transfer counters, in bytes. */
export interface TransferQuotaUpdate {
  readonly upload: number;
  readonly download: number;
  readonly reset?: boolean;
}

/** The parts of a user that decide whether its disk usage is tracked. */
export type QuotaSubject = Pick<User, 'username' | 'quota_size' | 'quota_files'>;

/** The parts of a user that decide whether its data transfers are tracked. */
export type TransferQuotaSubject = Pick<
  User,
  'username' | 'upload_data_transfer' | 'download_data_transfer' | 'total_data_transfer'
>;

/**
 * Users. Names given to every method have the naming rules applied first (as SFTPGo does), so
 * with the lowercase rule `Alice` finds `alice`.
 *
 * Returned users carry their mounted folders with the folders' current details and the usage
 * counters from the store.
 */
export interface UserService {
  /**
   * Adds a user from its JSON (REST API body, hook response…). A clear password is hashed (and
   * `last_password_change` set); a known hash is stored as is. Usage counters in the input are
   * ignored. Its role, groups and mounted folders must exist.
   * @throws {ValidationError} naming the offending field (including a missing folder, group or role).
   * @throws {ObjectConflictError} if the username is taken.
   */
  add(input: unknown, ctx: ActionContext): Promise<User>;
  /**
   * Replaces the user named `name` (the username in `input` is ignored). An empty or missing
   * password keeps the stored one.
   * @throws {ObjectNotFoundError} if there is no such user.
   * @throws {ValidationError} as {@link UserService.add}.
   */
  update(name: string, input: unknown, ctx: ActionContext): Promise<User>;
  /**
   * Deletes the user, with its shares and API keys.
   * @returns the deleted user.
   * @throws {ObjectNotFoundError} if there is no such user.
   */
  delete(name: string, ctx: ActionContext): Promise<User>;
  /** The user, or `undefined`. */
  get(name: string): Promise<User | undefined>;
  /** A page of users ordered by username. @throws {StoreInvalidArgumentError} for a bad page. */
  list(query: ListQuery): Promise<User[]>;
  count(): Promise<number>;
  /**
   * Checks a password (only the password: status, expiration, allowed IPs and protocols are the
   * caller's business). Successful checks are cached per `data_provider.password_caching`; a hash
   * of another algorithm than the configured one is re-hashed.
   * @returns the user.
   * @throws {InvalidCredentialsError} with `reason` `not_found`, `no_password`, `empty_password`,
   *   `wrong_password` or `unsupported_hash`.
   */
  checkPassword(username: string, password: string): Promise<User>;
  /**
   * Adds to (or resets) the user's disk usage, atomically, per `track_quota`: with 2, only for
   * users with a size or file limit (resets always apply).
   * @returns whether the counters were changed.
   * @throws {QuotaTrackingDisabledError} when `track_quota` is 0.
   * @throws {ObjectNotFoundError} if there is no such user.
   */
  updateQuota(user: QuotaSubject, change: QuotaUpdate): Promise<boolean>;
  /**
   * Adds to (or resets) the user's transferred bytes, atomically, per `track_quota`: with 2, only
   * for users with a data transfer limit (resets always apply).
   * @returns whether the counters were changed.
   * @throws {QuotaTrackingDisabledError} when `track_quota` is 0.
   * @throws {ObjectNotFoundError} if there is no such user.
   */
  updateTransferQuota(user: TransferQuotaSubject, change: TransferQuotaUpdate): Promise<boolean>;
  /** Records a login now. @throws {ObjectNotFoundError} if there is no such user. */
  setLastLogin(username: string): Promise<void>;
  /**
   * Records the first download, if none is recorded yet.
   * @returns whether it was recorded now. @throws {ObjectNotFoundError} if there is no such user.
   */
  setFirstDownload(username: string): Promise<boolean>;
  /** Same as {@link UserService.setFirstDownload}, for uploads. */
  setFirstUpload(username: string): Promise<boolean>;
}

/** Accounts whose successful password check is remembered, as in SFTPGo. */
const CACHED_USERS = 500;

/** The {@link UserService} of a provider. */
export class ProviderUserService implements UserService {
  readonly #deps: ServiceDeps;
  readonly #cache: CredentialsCache;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
    this.#cache = new CredentialsCache({ enabled: deps.settings.passwordCaching, maxEntries: CACHED_USERS });
  }

  /** Forgets cached passwords of a user changed behind the service's back (restore). */
  forgetPassword(username: string): void {
    this.#cache.forget(username);
  }

  /** Forgets every cached password (the memory driver's content was replaced). */
  forgetAllPasswords(): void {
    this.#cache.clear();
  }

  async add(input: unknown, ctx: ActionContext): Promise<User> {
    const deps = this.#deps;
    const user = parseUser(input, deps.settings.validation);
    await this.#hashPassword(user);
    const stored = await deps.store.transaction(async (tx) => {
      await writeUser(tx, user, false);
      return this.#mustRead(tx, user.username);
    });
    this.#cache.forget(stored.username);
    deps.events.emit([userEvent('add', stored)], ctx);
    return stored;
  }

  async update(name: string, input: unknown, ctx: ActionContext): Promise<User> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const user = parseUser(withField(input, 'username', key), deps.settings.validation);
    // Check before spending a hash on a user that does not exist.
    if ((await deps.store.users.get(key)) === undefined) throw new ObjectNotFoundError('user', key);
    await this.#hashPassword(user);
    const stored = await deps.store.transaction(async (tx) => {
      const current = await tx.users.get(key);
      if (current === undefined) throw new ObjectNotFoundError('user', key);
      if (user.password === '') {
        user.password = current.data.password;
        user.last_password_change = current.data.last_password_change;
      }
      await writeUser(tx, user, true);
      return this.#mustRead(tx, key);
    });
    this.#cache.forget(key);
    deps.events.emit([userEvent('update', stored)], ctx);
    return stored;
  }

  async delete(name: string, ctx: ActionContext): Promise<User> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const deleted = await deps.store.transaction(async (tx) => {
      const user = await this.#mustRead(tx, key);
      await guard('user', key, () => tx.users.delete(key));
      return user;
    });
    this.#cache.forget(key);
    deps.events.emit([userEvent('delete', deleted)], ctx);
    return deleted;
  }

  get(name: string): Promise<User | undefined> {
    return readUser(this.#deps.store, storedName(this.#deps.settings, name));
  }

  async list(query: ListQuery): Promise<User[]> {
    const store = this.#deps.store;
    const lookup = new FolderLookup(store);
    const users: User[] = [];
    for (const record of await store.users.list(query)) users.push(await userOfRecord(record, lookup));
    return users;
  }

  count(): Promise<number> {
    return this.#deps.store.users.count();
  }

  async checkPassword(username: string, password: string): Promise<User> {
    const deps = this.#deps;
    const key = storedName(deps.settings, username);
    const user = await readUser(deps.store, key);
    if (user === undefined) throw new InvalidCredentialsError(username, 'not_found');
    if (user.password === '') throw new InvalidCredentialsError(username, 'no_password');
    if (password.trim() === '') throw new InvalidCredentialsError(username, 'empty_password');
    const subject = { name: key, given: username, storedHash: user.password };
    await verifyPassword(deps, this.#cache, subject, password);
    user.password = await upgradeHash(deps, this.#cache, {
      subject,
      password,
      replace: (hash) =>
        deps.store.transaction(async (tx) => {
          const current = await tx.users.get(key);
          if (current === undefined || current.data.password !== subject.storedHash) return false;
          await tx.users.update(key, { ...current.data, password: hash });
          return true;
        }),
    });
    return user;
  }

  async updateQuota(user: QuotaSubject, change: QuotaUpdate): Promise<boolean> {
    const mode = this.#trackingMode();
    const limited = user.quota_size > 0 || user.quota_files > 0;
    if (change.reset !== true) {
      if (mode === 2 && !limited) return false;
      if (change.size === 0 && change.files === 0) return false;
    }
    await guard('user', user.username, () => this.#deps.store.users.updateQuota(user.username, change));
    return true;
  }

  async updateTransferQuota(user: TransferQuotaSubject, change: TransferQuotaUpdate): Promise<boolean> {
    const mode = this.#trackingMode();
    const limited =
      user.upload_data_transfer > 0 || user.download_data_transfer > 0 || user.total_data_transfer > 0;
    if (change.reset !== true) {
      if (mode === 2 && !limited) return false;
      if (change.upload === 0 && change.download === 0) return false;
    }
    await guard('user', user.username, () =>
      this.#deps.store.users.updateTransferQuota(user.username, change),
    );
    return true;
  }

  async setLastLogin(username: string): Promise<void> {
    const deps = this.#deps;
    await guard('user', username, () => deps.store.users.setLastLogin(username, deps.now()));
  }

  setFirstDownload(username: string): Promise<boolean> {
    const deps = this.#deps;
    return guard('user', username, () => deps.store.users.setFirstDownload(username, deps.now()));
  }

  setFirstUpload(username: string): Promise<boolean> {
    const deps = this.#deps;
    return guard('user', username, () => deps.store.users.setFirstUpload(username, deps.now()));
  }

  #trackingMode(): 1 | 2 {
    const mode = this.#deps.settings.trackQuota;
    if (mode === 0) throw new QuotaTrackingDisabledError();
    return mode;
  }

  async #hashPassword(user: User): Promise<void> {
    const { value, hashed } = await storablePassword(this.#deps, user.password);
    user.password = value;
    if (hashed) user.last_password_change = this.#deps.now();
  }

  async #mustRead(store: ServiceDeps['store'], name: string): Promise<User> {
    const user = await readUser(store, name);
    if (user === undefined) throw new ObjectNotFoundError('user', name);
    return user;
  }
}

/** The event of a change to a user: the user as the REST API shows it. */
export function userEvent(action: PendingEvent['action'], user: User): PendingEvent {
  return {
    action,
    objectType: 'user',
    objectName: user.username,
    object: userToJSON(user, { forDump: false }),
  };
}
