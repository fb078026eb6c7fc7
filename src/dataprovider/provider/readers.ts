/**
 * Reading models back from the store: documents merged with the store's columns, mounted folders
 * filled with the folders' current details, members listed.
 */
import type { Admin } from '../models/admin.js';
import type { APIKey } from '../models/api-key.js';
import type { BaseVirtualFolder } from '../models/folder.js';
import type { Group } from '../models/group.js';
import type { User } from '../models/user.js';
import type { VirtualFolder } from '../models/virtual-folders.js';
import type { FolderRecord, ListOptions, StoredRecord, UserRecord } from '../store/index.js';
import { MAX_LIST_LIMIT } from '../store/index.js';
import type { FolderDocument, FolderMount, GroupDocument, ProviderStore, UserDocument } from './documents.js';
import {
  adminFromRecord,
  apiKeyFromRecord,
  folderFromRecord,
  groupFromRecord,
  userFromRecord,
} from './documents.js';

/** Looks folders up once per read operation, however many users mount them. */
export class FolderLookup {
  readonly #store: ProviderStore;
  readonly #found = new Map<string, Promise<FolderRecord<FolderDocument> | undefined>>();

  constructor(store: ProviderStore) {
    this.#store = store;
  }

  /** The folder's record, or `undefined` when there is no such folder. */
  get(name: string): Promise<FolderRecord<FolderDocument> | undefined> {
    let found = this.#found.get(name);
    if (found === undefined) {
      found = this.#store.folders.get(name);
      this.#found.set(name, found);
    }
    return found;
  }
}

/**
 * The mounts with their folders' details. A mount whose folder has gone is left out: deleting a
 * folder unmounts it everywhere.
 */
export async function resolveMounts(
  lookup: FolderLookup,
  mounts: readonly FolderMount[],
): Promise<VirtualFolder[]> {
  const resolved: VirtualFolder[] = [];
  for (const mount of mounts) {
    const record = await lookup.get(mount.name);
    if (record === undefined) continue;
    resolved.push({ ...folderFromRecord(record, { users: [], groups: [] }), ...mount });
  }
  return resolved;
}

/** The user, or `undefined`. */
export async function readUser(
  store: ProviderStore,
  name: string,
  lookup = new FolderLookup(store),
): Promise<User | undefined> {
  const record = await store.users.get(name);
  return record === undefined ? undefined : userOfRecord(record, lookup);
}

/** A user record with its mounted folders resolved. */
export async function userOfRecord(record: UserRecord<UserDocument>, lookup: FolderLookup): Promise<User> {
  return userFromRecord(record, await resolveMounts(lookup, record.data.virtual_folders));
}

/** The folder with the names of the users and groups mounting it, or `undefined`. */
export async function readFolder(store: ProviderStore, name: string): Promise<BaseVirtualFolder | undefined> {
  const record = await store.folders.get(name);
  if (record === undefined) return undefined;
  return folderOfRecord(store, record);
}

/** A folder record with the names of the users and groups mounting it. */
export async function folderOfRecord(
  store: ProviderStore,
  record: FolderRecord<FolderDocument>,
): Promise<BaseVirtualFolder> {
  const users = await store.users.usersOfFolder(record.name);
  const groups = await store.groups.groupsOfFolder(record.name);
  return folderFromRecord(record, { users, groups });
}

/** The group with its members, or `undefined`. */
export async function readGroup(
  store: ProviderStore,
  name: string,
  lookup = new FolderLookup(store),
): Promise<Group | undefined> {
  const record = await store.groups.get(name);
  if (record === undefined) return undefined;
  return groupOfRecord(store, record, lookup);
}

/** A group record with its members and mounted folders. */
export async function groupOfRecord(
  store: ProviderStore,
  record: StoredRecord<GroupDocument>,
  lookup: FolderLookup,
): Promise<Group> {
  const users = await store.users.usersOfGroup(record.name);
  const folders = await resolveMounts(lookup, record.data.virtual_folders);
  return groupFromRecord(record, { users, folders });
}

/** The admin, or `undefined`. */
export async function readAdmin(store: ProviderStore, name: string): Promise<Admin | undefined> {
  const record = await store.admins.get(name);
  return record === undefined ? undefined : adminFromRecord(record);
}

/** The API key, or `undefined`. */
export async function readApiKey(store: ProviderStore, keyId: string): Promise<APIKey | undefined> {
  const record = await store.apiKeys.get(keyId);
  return record === undefined ? undefined : apiKeyFromRecord(record);
}

/** Every record of a kind, page by page in name order. */
export async function listAll<R>(list: (options: ListOptions) => Promise<R[]>): Promise<R[]> {
  const all: R[] = [];
  for (let offset = 0; ; offset += MAX_LIST_LIMIT) {
    const page = await list({ limit: MAX_LIST_LIMIT, offset });
    all.push(...page);
    if (page.length < MAX_LIST_LIMIT) return all;
  }
}
