/**
 * Storing validated models: reference checks, then the document and its mappings. Every function
 * here runs inside a transaction opened by the caller (a service, or a restore that stores a whole
 * dump at once), so a failure at any step stores nothing.
 */
import type { Admin } from '../models/admin.js';
import type { APIKey } from '../models/api-key.js';
import type { BaseVirtualFolder } from '../models/folder.js';
import type { Group } from '../models/group.js';
import type { User } from '../models/user.js';
import { ValidationError } from '../models/validation-error.js';
import { StoreConflictError, StoreNotFoundError } from '../store/index.js';
import type { FolderMount, ProviderStore } from './documents.js';
import { adminDocument, folderDocument, folderMappings, groupDocument, userDocument } from './documents.js';
import { ObjectConflictError, ObjectNotFoundError } from './errors.js';
import type { ProviderObjectType } from './events.js';

/**
 * Runs a store call, turning the store's "exists"/"missing" errors about the object itself into
 * the provider's errors.
 */
export async function guard<R>(
  objectType: ProviderObjectType,
  name: string,
  fn: () => Promise<R>,
): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StoreConflictError)
      throw new ObjectConflictError(objectType, name, err.message, { cause: err });
    if (err instanceof StoreNotFoundError) throw new ObjectNotFoundError(objectType, name, { cause: err });
    throw err;
  }
}

/** @throws {ValidationError} on `field` when the role does not exist. */
export async function checkRole(tx: ProviderStore, role: string, field = 'role'): Promise<void> {
  if (role !== '' && (await tx.roles.get(role)) === undefined) {
    throw new ValidationError(field, `the role ${JSON.stringify(role)} does not exist`);
  }
}

/** @throws {ValidationError} naming the first mount whose folder does not exist. */
export async function checkMountedFolders(tx: ProviderStore, mounts: readonly FolderMount[]): Promise<void> {
  for (const [i, mount] of mounts.entries()) {
    if ((await tx.folders.get(mount.name)) === undefined) {
      throw new ValidationError(
        `virtual_folders[${i}].name`,
        `the folder ${JSON.stringify(mount.name)} does not exist, add it first`,
      );
    }
  }
}

/** @throws {ValidationError} naming the first group that does not exist. */
export async function checkGroups(
  tx: ProviderStore,
  groups: readonly { readonly name: string }[],
): Promise<void> {
  for (const [i, group] of groups.entries()) {
    if ((await tx.groups.get(group.name)) === undefined) {
      throw new ValidationError(
        `groups[${i}].name`,
        `the group ${JSON.stringify(group.name)} does not exist`,
      );
    }
  }
}

/** Stores a user (new, or replacing the existing one) with its folder and group mappings. */
export async function writeUser(tx: ProviderStore, user: User, existing: boolean): Promise<void> {
  await checkRole(tx, user.role);
  await checkGroups(tx, user.groups);
  await checkMountedFolders(tx, user.virtual_folders);
  const name = user.username;
  const doc = userDocument(user);
  await guard('user', name, () => (existing ? tx.users.update(name, doc) : tx.users.add(name, doc)));
  await tx.users.setFolderMappings(name, folderMappings(user.virtual_folders));
  await tx.users.setGroupMappings(
    name,
    user.groups.map((g) => ({ group: g.name, type: g.type })),
  );
}

/** Stores a folder (new, or replacing the existing one). */
export async function writeFolder(
  tx: ProviderStore,
  folder: BaseVirtualFolder,
  existing: boolean,
): Promise<void> {
  const name = folder.name;
  const doc = folderDocument(folder);
  await guard('folder', name, () => (existing ? tx.folders.update(name, doc) : tx.folders.add(name, doc)));
}

/** Stores a group (new, or replacing the existing one) with its folder mappings. */
export async function writeGroup(tx: ProviderStore, group: Group, existing: boolean): Promise<void> {
  await checkMountedFolders(tx, group.virtual_folders);
  const name = group.name;
  const doc = groupDocument(group);
  await guard('group', name, () => (existing ? tx.groups.update(name, doc) : tx.groups.add(name, doc)));
  await tx.groups.setFolderMappings(name, folderMappings(group.virtual_folders));
}

/** Stores an admin (new, or replacing the existing one). */
export async function writeAdmin(tx: ProviderStore, admin: Admin, existing: boolean): Promise<void> {
  await checkRole(tx, admin.role);
  await checkGroups(tx, admin.groups);
  const name = admin.username;
  const doc = adminDocument(admin);
  await guard('admin', name, () => (existing ? tx.admins.update(name, doc) : tx.admins.add(name, doc)));
}

/** Stores an API key (new, or replacing the existing one); its user or admin must exist. */
export async function writeApiKey(tx: ProviderStore, apiKey: APIKey, existing: boolean): Promise<void> {
  if (apiKey.user !== '' && (await tx.users.get(apiKey.user)) === undefined) {
    throw new ValidationError('user', `the user ${JSON.stringify(apiKey.user)} does not exist`);
  }
  if (apiKey.admin !== '' && (await tx.admins.get(apiKey.admin)) === undefined) {
    throw new ValidationError('admin', `the admin ${JSON.stringify(apiKey.admin)} does not exist`);
  }
  const doc = { key: apiKey.key, scope: apiKey.scope, description: apiKey.description };
  const attributes = {
    label: apiKey.name,
    expiresAt: apiKey.expires_at,
    ...(apiKey.user === '' ? {} : { user: apiKey.user }),
    ...(apiKey.admin === '' ? {} : { admin: apiKey.admin }),
  };
  await guard('api_key', apiKey.id, () =>
    existing ? tx.apiKeys.update(apiKey.id, doc, attributes) : tx.apiKeys.add(apiKey.id, doc, attributes),
  );
}

/**
 * The users whose effective settings change with a folder: those mounting it directly and the
 * members of the groups mounting it.
 */
export async function usersOfFolder(tx: ProviderStore, folder: string): Promise<string[]> {
  const names = new Set(await tx.users.usersOfFolder(folder));
  for (const group of await tx.groups.groupsOfFolder(folder)) {
    for (const user of await tx.users.usersOfGroup(group)) names.add(user);
  }
  return [...names].sort();
}

/**
 * Sets the update time of users whose effective settings changed without their own document
 * changing (a folder or group they use was changed), as SFTPGo does so caches notice.
 */
export async function touchUsers(tx: ProviderStore, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const record = await tx.users.get(name);
    if (record !== undefined) await tx.users.update(name, record.data);
  }
}
