/**
 * What the provider keeps in the store for each kind, and how stored records become models again.
 *
 * The document of a user, folder, group, admin or API key is its validated model without what the
 * store manages in its own columns: the database id, the creation and update times, and the
 * counters that change atomically while sessions run (used quota, transfers, last login…). Those
 * are merged back from the record's columns on every read, so a stale document can never
 * overwrite a counter.
 *
 * A mounted virtual folder is kept in the mounting user's or group's document as its mount only
 * (name, virtual path, quotas, sub-path): the folder's own details are read from the folder store,
 * so every user sees the folder's current definition. The store's mapping tables hold one row per
 * mounted folder, which makes the store refuse mounts of folders that do not exist and lets it
 * find the users of a folder.
 */
import type { Admin } from '../models/admin.js';
import type { APIKey, APIKeyScope } from '../models/api-key.js';
import type { BaseVirtualFolder } from '../models/folder.js';
import type { Group } from '../models/group.js';
import type { IPListEntry } from '../models/ip-list.js';
import type { User } from '../models/user.js';
import type { VirtualFolder } from '../models/virtual-folders.js';
import type {
  AdminRecord,
  ApiKeyRecord,
  DataStore,
  DocumentTypes,
  FolderMapping,
  FolderRecord,
  StoredRecord,
  UserRecord,
} from '../store/index.js';

/** A folder mounted by a user or a group, without the folder's own details. */
export type FolderMount = Pick<
  VirtualFolder,
  'name' | 'virtual_path' | 'quota_size' | 'quota_files' | 'subpath'
>;

/** User fields kept in store columns (and those never stored). */
const USER_COLUMN_FIELDS = [
  'id',
  'has_password',
  'used_quota_size',
  'used_quota_files',
  'last_quota_update',
  'used_upload_data_transfer',
  'used_download_data_transfer',
  'last_login',
  'created_at',
  'updated_at',
  'first_download',
  'first_upload',
  'oidc_custom_fields',
  'virtual_folders',
] as const;
type UserColumnFields = (typeof USER_COLUMN_FIELDS)[number];

/** A copy of `value` without `keys`. */
function without<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy: Partial<T> = { ...value };
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}

/** A stored user. */
export type UserDocument = Omit<User, UserColumnFields> & {
  virtual_folders: FolderMount[];
};

/** A stored folder. */
export type FolderDocument = Omit<
  BaseVirtualFolder,
  'id' | 'used_quota_size' | 'used_quota_files' | 'last_quota_update' | 'users' | 'groups'
>;

/** A stored group. */
export type GroupDocument = Omit<
  Group,
  'id' | 'created_at' | 'updated_at' | 'users' | 'admins' | 'virtual_folders'
> & {
  virtual_folders: FolderMount[];
};

/** A stored admin. */
export type AdminDocument = Omit<Admin, 'id' | 'created_at' | 'updated_at' | 'last_login'>;

/** A stored API key: the rest lives in the store's columns (id, label, owner, expiration, last use). */
export type APIKeyDocument = Pick<APIKey, 'key' | 'scope' | 'description'>;

/** The JSON of kinds the models do not parse yet (roles, shares, event actions and rules), kept as given. */
export type RawDocument = Record<string, unknown>;

/** The documents of each kind, as the provider stores them. */
export interface ProviderDocuments extends DocumentTypes {
  readonly user: UserDocument;
  readonly folder: FolderDocument;
  readonly group: GroupDocument;
  readonly admin: AdminDocument;
  readonly apiKey: APIKeyDocument;
  readonly share: RawDocument;
  readonly role: RawDocument;
  readonly eventAction: RawDocument;
  readonly eventRule: RawDocument;
  readonly ipListEntry: IPListEntry;
}

/** The store as the provider uses it. */
export type ProviderStore = DataStore<ProviderDocuments>;

/** The mount part of a mounted folder. */
export function mountOf(folder: FolderMount): FolderMount {
  return {
    name: folder.name,
    virtual_path: folder.virtual_path,
    quota_size: folder.quota_size,
    quota_files: folder.quota_files,
    subpath: folder.subpath,
  };
}

/**
 * The store mappings of a list of mounts: one per folder (the store maps a folder once per owner),
 * from its first mount. Quotas are the same on every mount of a folder (the models check it).
 */
export function folderMappings(mounts: readonly FolderMount[]): FolderMapping[] {
  const seen = new Set<string>();
  const mappings: FolderMapping[] = [];
  for (const mount of mounts) {
    if (seen.has(mount.name)) continue;
    seen.add(mount.name);
    mappings.push({
      folder: mount.name,
      virtualPath: mount.virtual_path,
      quotaSize: mount.quota_size,
      quotaFiles: mount.quota_files,
    });
  }
  return mappings;
}

/** The document of a validated user. */
export function userDocument(user: User): UserDocument {
  const rest = without(user, USER_COLUMN_FIELDS);
  return { ...rest, virtual_folders: user.virtual_folders.map(mountOf) };
}

/** The user of a record, with its mounts resolved by the caller. */
export function userFromRecord(record: UserRecord<UserDocument>, folders: VirtualFolder[]): User {
  const doc = record.data;
  return {
    ...doc,
    id: record.id,
    has_password: doc.password !== '',
    used_quota_size: record.usedQuotaSize,
    used_quota_files: record.usedQuotaFiles,
    last_quota_update: record.lastQuotaUpdate,
    used_upload_data_transfer: record.usedUploadDataTransfer,
    used_download_data_transfer: record.usedDownloadDataTransfer,
    last_login: record.lastLogin,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    first_download: record.firstDownload,
    first_upload: record.firstUpload,
    virtual_folders: folders,
  };
}

/** The document of a validated folder. */
export function folderDocument(folder: BaseVirtualFolder): FolderDocument {
  return without(folder, [
    'id',
    'used_quota_size',
    'used_quota_files',
    'last_quota_update',
    'users',
    'groups',
  ] as const);
}

/** The folder of a record; `users` and `groups` are the names of those mounting it. */
export function folderFromRecord(
  record: FolderRecord<FolderDocument>,
  mountedBy: { readonly users: string[]; readonly groups: string[] },
): BaseVirtualFolder {
  return {
    ...record.data,
    id: record.id,
    used_quota_size: record.usedQuotaSize,
    used_quota_files: record.usedQuotaFiles,
    last_quota_update: record.lastQuotaUpdate,
    users: mountedBy.users,
    groups: mountedBy.groups,
  };
}

/** The document of a validated group. */
export function groupDocument(group: Group): GroupDocument {
  const rest = without(group, [
    'id',
    'created_at',
    'updated_at',
    'users',
    'admins',
    'virtual_folders',
  ] as const);
  return { ...rest, virtual_folders: group.virtual_folders.map(mountOf) };
}

/** The group of a record, with its members and resolved mounts. */
export function groupFromRecord(
  record: StoredRecord<GroupDocument>,
  details: { readonly users: string[]; readonly folders: VirtualFolder[] },
): Group {
  return {
    ...record.data,
    id: record.id,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    users: details.users,
    admins: [],
    virtual_folders: details.folders,
  };
}

/** The document of a validated admin. */
export function adminDocument(admin: Admin): AdminDocument {
  return without(admin, ['id', 'created_at', 'updated_at', 'last_login'] as const);
}

/** The admin of a record. */
export function adminFromRecord(record: AdminRecord<AdminDocument>): Admin {
  return {
    ...record.data,
    id: record.id,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    last_login: record.lastLogin,
  };
}

/** The API key of a record. */
export function apiKeyFromRecord(record: ApiKeyRecord<APIKeyDocument>): APIKey {
  return {
    id: record.name,
    name: record.label,
    key: record.data.key,
    scope: record.data.scope as APIKeyScope,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    last_use_at: record.lastUseAt,
    expires_at: record.expiresAt,
    description: record.data.description,
    user: record.user ?? '',
    admin: record.admin ?? '',
  };
}
