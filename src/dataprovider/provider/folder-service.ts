/** Virtual folders: validated CRUD and usage counters. */
import type { BaseVirtualFolder } from '../models/folder.js';
import { folderToJSON, parseFolder } from '../models/folder.js';
import type { ProviderStore } from './documents.js';
import { ObjectNotFoundError, QuotaTrackingDisabledError } from './errors.js';
import type { ActionContext, PendingEvent } from './events.js';
import { folderOfRecord, readFolder, readUser } from './readers.js';
import type { ListQuery } from './service-helpers.js';
import { withField } from './service-helpers.js';
import type { ServiceDeps } from './settings.js';
import { storedName } from './settings.js';
import type { QuotaUpdate } from './user-service.js';
import { userEvent } from './user-service.js';
import { guard, touchUsers, usersOfFolder, writeFolder } from './writes.js';

/**
 * Virtual folders. A change to a folder also changes the users that mount it (directly or through
 * a group): their update time is set and an `update` event is sent for each, as SFTPGo does.
 */
export interface FolderService {
  /**
   * @throws {ValidationError} naming the offending field.
   * @throws {ObjectConflictError} if the name is taken.
   */
  add(input: unknown, ctx: ActionContext): Promise<BaseVirtualFolder>;
  /**
   * Replaces the folder named `name` (the name in `input` is ignored); usage counters are kept.
   * @throws {ObjectNotFoundError} if there is no such folder.
   * @throws {ValidationError} naming the offending field.
   */
  update(name: string, input: unknown, ctx: ActionContext): Promise<BaseVirtualFolder>;
  /**
   * Deletes the folder even while users or groups mount it (as SFTPGo): it is unmounted from them.
   * @returns the deleted folder.
   * @throws {ObjectNotFoundError} if there is no such folder.
   */
  delete(name: string, ctx: ActionContext): Promise<BaseVirtualFolder>;
  /** The folder with the users and groups mounting it, or `undefined`. */
  get(name: string): Promise<BaseVirtualFolder | undefined>;
  /** A page of folders ordered by name. */
  list(query: ListQuery): Promise<BaseVirtualFolder[]>;
  count(): Promise<number>;
  /**
   * Adds to (or resets) the folder's disk usage atomically (with `track_quota` 1 or 2).
   * @returns whether the counters were changed.
   * @throws {QuotaTrackingDisabledError} when `track_quota` is 0.
   * @throws {ObjectNotFoundError} if there is no such folder.
   */
  updateQuota(name: string, change: QuotaUpdate): Promise<boolean>;
}

/** The {@link FolderService} of a provider. */
export class ProviderFolderService implements FolderService {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  async add(input: unknown, ctx: ActionContext): Promise<BaseVirtualFolder> {
    const deps = this.#deps;
    const folder = parseFolder(input, deps.settings.validation);
    const stored = await deps.store.transaction(async (tx) => {
      await writeFolder(tx, folder, false);
      return mustReadFolder(tx, folder.name);
    });
    deps.events.emit([folderEvent('add', stored)], ctx);
    return stored;
  }

  async update(name: string, input: unknown, ctx: ActionContext): Promise<BaseVirtualFolder> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const folder = parseFolder(withField(input, 'name', key), deps.settings.validation);
    const { stored, events } = await deps.store.transaction(async (tx) => {
      await mustReadFolder(tx, key);
      await writeFolder(tx, folder, true);
      const users = await usersOfFolder(tx, key);
      await touchUsers(tx, users);
      return { stored: await mustReadFolder(tx, key), events: await userEvents(tx, users) };
    });
    deps.events.emit([folderEvent('update', stored), ...events], ctx);
    return stored;
  }

  async delete(name: string, ctx: ActionContext): Promise<BaseVirtualFolder> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const { deleted, events } = await deps.store.transaction(async (tx) => {
      const folder = await mustReadFolder(tx, key);
      const users = await usersOfFolder(tx, key);
      await unmount(tx, key, folder);
      await guard('folder', key, () => tx.folders.delete(key));
      await touchUsers(tx, users);
      return { deleted: folder, events: await userEvents(tx, users) };
    });
    deps.events.emit([folderEvent('delete', deleted), ...events], ctx);
    return deleted;
  }

  get(name: string): Promise<BaseVirtualFolder | undefined> {
    return readFolder(this.#deps.store, storedName(this.#deps.settings, name));
  }

  async list(query: ListQuery): Promise<BaseVirtualFolder[]> {
    const store = this.#deps.store;
    const folders: BaseVirtualFolder[] = [];
    for (const record of await store.folders.list(query)) folders.push(await folderOfRecord(store, record));
    return folders;
  }

  count(): Promise<number> {
    return this.#deps.store.folders.count();
  }

  async updateQuota(name: string, change: QuotaUpdate): Promise<boolean> {
    const deps = this.#deps;
    if (deps.settings.trackQuota === 0) throw new QuotaTrackingDisabledError();
    if (change.reset !== true && change.size === 0 && change.files === 0) return false;
    await guard('folder', name, () => deps.store.folders.updateQuota(name, change));
    return true;
  }
}

/** @throws {ObjectNotFoundError} */
async function mustReadFolder(store: ProviderStore, name: string): Promise<BaseVirtualFolder> {
  const folder = await readFolder(store, name);
  if (folder === undefined) throw new ObjectNotFoundError('folder', name);
  return folder;
}

/** Removes the folder's mounts from the documents of the users and groups mounting it. */
async function unmount(tx: ProviderStore, name: string, folder: BaseVirtualFolder): Promise<void> {
  for (const user of folder.users) {
    const record = await tx.users.get(user);
    if (record === undefined) continue;
    const mounts = record.data.virtual_folders.filter((m) => m.name !== name);
    await tx.users.update(user, { ...record.data, virtual_folders: mounts });
  }
  for (const group of folder.groups) {
    const record = await tx.groups.get(group);
    if (record === undefined) continue;
    const mounts = record.data.virtual_folders.filter((m) => m.name !== name);
    await tx.groups.update(group, { ...record.data, virtual_folders: mounts });
  }
}

/** `update` events for users changed through a folder or group they use. */
export async function userEvents(tx: ProviderStore, names: readonly string[]): Promise<PendingEvent[]> {
  const events: PendingEvent[] = [];
  for (const name of names) {
    const user = await readUser(tx, name);
    if (user !== undefined) events.push(userEvent('update', user));
  }
  return events;
}

/** The event of a change to a folder. */
export function folderEvent(action: PendingEvent['action'], folder: BaseVirtualFolder): PendingEvent {
  return {
    action,
    objectType: 'folder',
    objectName: folder.name,
    object: folderToJSON(folder, { forDump: false }),
  };
}
