/** Admins: validated CRUD and password checks. */
import type { Admin } from '../models/admin.js';
import { adminToJSON, parseAdmin } from '../models/admin.js';
import { CredentialsCache } from './credentials-cache.js';
import type { ProviderStore } from './documents.js';
import { InvalidCredentialsError, ObjectNotFoundError } from './errors.js';
import type { ActionContext, PendingEvent } from './events.js';
import { storablePassword, upgradeHash, verifyPassword } from './passwords.js';
import { readAdmin } from './readers.js';
import type { ListQuery } from './service-helpers.js';
import { fieldOf, withField } from './service-helpers.js';
import type { ServiceDeps } from './settings.js';
import { storedName } from './settings.js';
import { guard, writeAdmin } from './writes.js';
import { adminFromRecord } from './documents.js';

/** Admins. Names have the naming rules applied first, as for users. */
export interface AdminService {
  /**
   * Adds an admin; a clear password is hashed, a known hash stored as is. Its role and groups must
   * exist.
   * @throws {ValidationError} naming the offending field.
   * @throws {ObjectConflictError} if the username is taken.
   */
  add(input: unknown, ctx: ActionContext): Promise<Admin>;
  /**
   * Replaces the admin named `name` (the username in `input` is ignored). An empty or missing
   * password keeps the stored one.
   * @throws {ObjectNotFoundError} if there is no such admin.
   * @throws {ValidationError} naming the offending field.
   */
  update(name: string, input: unknown, ctx: ActionContext): Promise<Admin>;
  /**
   * Deletes the admin and its API keys.
   * @returns the deleted admin.
   * @throws {ObjectNotFoundError} if there is no such admin.
   */
  delete(name: string, ctx: ActionContext): Promise<Admin>;
  get(name: string): Promise<Admin | undefined>;
  /** A page of admins ordered by username. */
  list(query: ListQuery): Promise<Admin[]>;
  count(): Promise<number>;
  /**
   * Checks an admin's password (only the password), with the same caching and re-hashing as users.
   * @throws {InvalidCredentialsError} with `reason` `not_found`, `empty_password`, `wrong_password`
   *   or `unsupported_hash`.
   */
  checkPassword(username: string, password: string): Promise<Admin>;
  /** Records a login now. @throws {ObjectNotFoundError} if there is no such admin. */
  setLastLogin(username: string): Promise<void>;
}

/** Admins whose successful password check is remembered, as in SFTPGo. */
const CACHED_ADMINS = 100;

/** The {@link AdminService} of a provider. */
export class ProviderAdminService implements AdminService {
  readonly #deps: ServiceDeps;
  readonly #cache: CredentialsCache;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
    this.#cache = new CredentialsCache({ enabled: deps.settings.passwordCaching, maxEntries: CACHED_ADMINS });
  }

  /** Forgets cached passwords of an admin changed behind the service's back (restore). */
  forgetPassword(username: string): void {
    this.#cache.forget(username);
  }

  /** Forgets every cached password (the memory driver's content was replaced). */
  forgetAllPasswords(): void {
    this.#cache.clear();
  }

  async add(input: unknown, ctx: ActionContext): Promise<Admin> {
    const deps = this.#deps;
    const admin = parseAdmin(input, deps.settings.validation);
    admin.password = (await storablePassword(deps, admin.password)).value;
    const stored = await deps.store.transaction(async (tx) => {
      await writeAdmin(tx, admin, false);
      return mustReadAdmin(tx, admin.username);
    });
    this.#cache.forget(stored.username);
    deps.events.emit([adminEvent('add', stored)], ctx);
    return stored;
  }

  async update(name: string, input: unknown, ctx: ActionContext): Promise<Admin> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const current = await mustReadAdmin(deps.store, key);
    const given = fieldOf(input, 'password');
    const keepPassword =
      given === undefined || given === null || (typeof given === 'string' && given.trim() === '');
    // The parser requires a password: give it the stored hash, then re-read it under the transaction.
    let raw = withField(input, 'username', key);
    if (keepPassword) raw = withField(raw, 'password', current.password);
    const admin = parseAdmin(raw, deps.settings.validation);
    if (!keepPassword) admin.password = (await storablePassword(deps, admin.password)).value;
    const stored = await deps.store.transaction(async (tx) => {
      const latest = await mustReadAdmin(tx, key);
      if (keepPassword) admin.password = latest.password;
      await writeAdmin(tx, admin, true);
      return mustReadAdmin(tx, key);
    });
    this.#cache.forget(key);
    deps.events.emit([adminEvent('update', stored)], ctx);
    return stored;
  }

  async delete(name: string, ctx: ActionContext): Promise<Admin> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const deleted = await deps.store.transaction(async (tx) => {
      const admin = await mustReadAdmin(tx, key);
      await guard('admin', key, () => tx.admins.delete(key));
      return admin;
    });
    this.#cache.forget(key);
    deps.events.emit([adminEvent('delete', deleted)], ctx);
    return deleted;
  }

  get(name: string): Promise<Admin | undefined> {
    return readAdmin(this.#deps.store, storedName(this.#deps.settings, name));
  }

  async list(query: ListQuery): Promise<Admin[]> {
    return (await this.#deps.store.admins.list(query)).map(adminFromRecord);
  }

  count(): Promise<number> {
    return this.#deps.store.admins.count();
  }

  async checkPassword(username: string, password: string): Promise<Admin> {
    const deps = this.#deps;
    const key = storedName(deps.settings, username);
    const admin = await readAdmin(deps.store, key);
    if (admin === undefined) throw new InvalidCredentialsError(username, 'not_found');
    if (password.trim() === '') throw new InvalidCredentialsError(username, 'empty_password');
    const subject = { name: key, given: username, storedHash: admin.password };
    await verifyPassword(deps, this.#cache, subject, password);
    admin.password = await upgradeHash(deps, this.#cache, {
      subject,
      password,
      replace: (hash) =>
        deps.store.transaction(async (tx) => {
          const current = await tx.admins.get(key);
          if (current === undefined || current.data.password !== subject.storedHash) return false;
          await tx.admins.update(key, { ...current.data, password: hash });
          return true;
        }),
    });
    return admin;
  }

  async setLastLogin(username: string): Promise<void> {
    const deps = this.#deps;
    await guard('admin', username, () => deps.store.admins.setLastLogin(username, deps.now()));
  }
}

/** @throws {ObjectNotFoundError} */
async function mustReadAdmin(store: ProviderStore, name: string): Promise<Admin> {
  const admin = await readAdmin(store, name);
  if (admin === undefined) throw new ObjectNotFoundError('admin', name);
  return admin;
}

/** The event of a change to an admin. */
export function adminEvent(action: PendingEvent['action'], admin: Admin): PendingEvent {
  return {
    action,
    objectType: 'admin',
    objectName: admin.username,
    object: adminToJSON(admin, { forDump: false }),
  };
}
