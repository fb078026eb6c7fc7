/**
 * Description of each kind of document: its table, key column, bounds and how a row becomes a
 * record. Shared by the SQL and memory drivers, whose rows use the same column names.
 */
import { StoreError } from './errors.js';
import { MAX_API_KEY_ID_LENGTH, MAX_NAME_LENGTH, MAX_SHARE_ID_LENGTH } from './limits.js';
import type {
  AdminRecord,
  ApiKeyRecord,
  FolderRecord,
  ShareRecord,
  StoredRecord,
  UserRecord,
} from './records.js';
import type { MappingSpec } from './engine.js';
import type { TableName } from './tables.js';

/** A row as read from a table, keyed by column name. */
export type Row = Readonly<Record<string, unknown>>;

/** A column pointing at the record of another kind, whose name the record shows. */
export interface Owner {
  readonly column: string;
  readonly kind: Kind<unknown>;
  /** The name under which the owner's key is read with the row. */
  readonly as: string;
}

/** How one kind is stored. */
export interface Kind<R> {
  readonly table: TableName;
  /** The unique key column. */
  readonly key: string;
  /** The kind's name in messages ("user", "API key"). */
  readonly label: string;
  readonly maxKeyLength: number;
  /** Counter columns, set to 0 when a record is added. */
  readonly counters: readonly string[];
  /** Owners whose names are read with each row (for API keys and shares). */
  readonly owners?: readonly Owner[];
  /** Builds the record from a row, including the owners' names. */
  toRecord(row: Row): R;
}

/** Reads a numeric column; some drivers return big integers and sums as strings. */
export function num(row: Row, column: string): number {
  const value = row[column];
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new StoreError(`column ${column} holds a non numeric value`);
  return n;
}

function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : String(value);
}

function base<T>(row: Row, key: string): StoredRecord<T> {
  const name = String(row[key]);
  let data: T;
  try {
    data = JSON.parse(String(row['data'])) as T;
  } catch (err) {
    throw new StoreError(`the stored document of "${name}" is not valid JSON`, { cause: err });
  }
  return {
    id: num(row, 'id'),
    name,
    data,
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
  };
}

function plainKind(table: TableName, label: string): Kind<StoredRecord<unknown>> {
  return {
    table,
    key: 'name',
    label,
    maxKeyLength: MAX_NAME_LENGTH,
    counters: [],
    toRecord: (row) => base(row, 'name'),
  };
}

const QUOTA_COLUMNS = ['used_quota_size', 'used_quota_files', 'last_quota_update'] as const;

/** Users: the counters live in columns so that they change atomically. */
export const userKind: Kind<UserRecord<unknown>> = {
  table: 'users',
  key: 'username',
  label: 'user',
  maxKeyLength: MAX_NAME_LENGTH,
  counters: [
    ...QUOTA_COLUMNS,
    'used_upload_data_transfer',
    'used_download_data_transfer',
    'last_login',
    'first_download',
    'first_upload',
  ],
  toRecord: (row) => ({
    ...base(row, 'username'),
    usedQuotaSize: num(row, 'used_quota_size'),
    usedQuotaFiles: num(row, 'used_quota_files'),
    lastQuotaUpdate: num(row, 'last_quota_update'),
    usedUploadDataTransfer: num(row, 'used_upload_data_transfer'),
    usedDownloadDataTransfer: num(row, 'used_download_data_transfer'),
    lastLogin: num(row, 'last_login'),
    firstDownload: num(row, 'first_download'),
    firstUpload: num(row, 'first_upload'),
  }),
};

/** Virtual folders. */
export const folderKind: Kind<FolderRecord<unknown>> = {
  table: 'folders',
  key: 'name',
  label: 'folder',
  maxKeyLength: MAX_NAME_LENGTH,
  counters: QUOTA_COLUMNS,
  toRecord: (row) => ({
    ...base(row, 'name'),
    usedQuotaSize: num(row, 'used_quota_size'),
    usedQuotaFiles: num(row, 'used_quota_files'),
    lastQuotaUpdate: num(row, 'last_quota_update'),
  }),
};

/** Admins. */
export const adminKind: Kind<AdminRecord<unknown>> = {
  table: 'admins',
  key: 'username',
  label: 'admin',
  maxKeyLength: MAX_NAME_LENGTH,
  counters: ['last_login'],
  toRecord: (row) => ({ ...base(row, 'username'), lastLogin: num(row, 'last_login') }),
};

/** API keys, keyed by key id. */
export const apiKeyKind: Kind<ApiKeyRecord<unknown>> = {
  table: 'api_keys',
  key: 'key_id',
  label: 'API key',
  maxKeyLength: MAX_API_KEY_ID_LENGTH,
  counters: ['last_use_at'],
  owners: [
    { column: 'user_id', kind: userKind as Kind<unknown>, as: 'owner_user' },
    { column: 'admin_id', kind: adminKind as Kind<unknown>, as: 'owner_admin' },
  ],
  toRecord: (row) => ({
    ...base(row, 'key_id'),
    label: String(row['name']),
    lastUseAt: num(row, 'last_use_at'),
    expiresAt: num(row, 'expires_at'),
    user: optionalText(row, 'owner_user'),
    admin: optionalText(row, 'owner_admin'),
  }),
};

/** Shares, keyed by share id. */
export const shareKind: Kind<ShareRecord<unknown>> = {
  table: 'shares',
  key: 'share_id',
  label: 'share',
  maxKeyLength: MAX_SHARE_ID_LENGTH,
  counters: ['used_tokens', 'last_use_at'],
  owners: [{ column: 'user_id', kind: userKind as Kind<unknown>, as: 'owner_username' }],
  toRecord: (row) => ({
    ...base(row, 'share_id'),
    username: String(row['owner_username']),
    usedTokens: num(row, 'used_tokens'),
    lastUseAt: num(row, 'last_use_at'),
    expiresAt: num(row, 'expires_at'),
  }),
};

/** Groups. */
export const groupKind = plainKind('groups', 'group');
/** Roles. */
export const roleKind = plainKind('roles', 'role');
/** Event actions. */
export const eventActionKind = plainKind('event_actions', 'event action');
/** Event rules. */
export const eventRuleKind = plainKind('event_rules', 'event rule');
/** IP list entries, named `<type>_<network>` (one network appears once per list). */
export const ipListKind = plainKind('ip_lists', 'IP list entry');

function mapping(
  table: MappingSpec['table'],
  owner: { readonly kind: Kind<unknown>; readonly column: string },
  target: { readonly kind: Kind<unknown>; readonly column: string },
): MappingSpec {
  return {
    table,
    owner: owner.kind,
    ownerColumn: owner.column,
    target: target.kind,
    targetColumn: target.column,
  };
}

const userRef = { kind: userKind as Kind<unknown>, column: 'user_id' };
const groupRef = { kind: groupKind as Kind<unknown>, column: 'group_id' };
const folderRef = { kind: folderKind as Kind<unknown>, column: 'folder_id' };

/** A user's virtual folders. */
export const userFoldersMapping = mapping('users_folders_mapping', userRef, folderRef);
/** A group's virtual folders. */
export const groupFoldersMapping = mapping('groups_folders_mapping', groupRef, folderRef);
/** A user's groups. */
export const userGroupsMapping = mapping('users_groups_mapping', userRef, groupRef);

/** Byte order of UTF-8 strings: what SQLite, PostgreSQL "C" and MySQL utf8mb4_bin sort by. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
