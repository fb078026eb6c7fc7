/** SFTPGo users: the JSON of the REST API and of dumps, parsed, normalised and validated. */
import { tmpdir } from 'node:os';
import { isSecretRedacted } from '../../kms/secret.js';
import { LOGIN_METHODS } from './auth-options.js';
import { checkOneOf, checkRange, unique } from './checks.js';
import type { ValidationContext } from './context.js';
import type { FilesystemConfig } from './filesystem.js';
import { FS_PROVIDERS, filesystemToJSON, readFilesystem, validateFilesystem } from './filesystem.js';
import type { UserFilters } from './filters.js';
import { readUserFilters, userFiltersToJSON, validateBaseUserFilters } from './filters.js';
import { checkNoRedactedSecrets } from './folder.js';
import { withLegacyFilesystem } from './legacy-fs.js';
import { applyNamingRules, checkEmail, checkName, checkNotReserved } from './names.js';
import type { ToJSONOptions } from './output.js';
import { secretWriter } from './output.js';
import { cleanFsPath, isAbsoluteFsPath, joinFsPath } from './paths.js';
import type { Permissions } from './permissions.js';
import { ANONYMOUS_PERMISSIONS, validatePermissions } from './permissions.js';
import { validatePublicKeys } from './public-keys.js';
import { ObjectReader, checkList, checkString } from './reader.js';
import type { RecordSpec } from './record.js';
import { readRecord, recordReader, recordToJSON } from './record.js';
import { validateRecoveryCodes, validateUserTOTPConfig } from './totp.js';
import { ValidationError, childField, itemField } from './validation-error.js';
import type { VirtualFolder } from './virtual-folders.js';
import { readVirtualFolder, validateVirtualFolders, virtualFolderToJSON } from './virtual-folders.js';

/** Account status: 0 disabled (no login), 1 enabled. */
export type Status = 0 | 1;

/** How a user belongs to a group. */
export const GROUP_TYPES = {
  /** The user inherits the group's settings, including the home directory. At most one. */
  primary: 1,
  /** The user inherits the group's settings except the home directory. */
  secondary: 2,
  /** Membership only, nothing is inherited. */
  membership: 3,
} as const;
/** A group type: 1 primary, 2 secondary, 3 membership. */
export type GroupType = (typeof GROUP_TYPES)[keyof typeof GROUP_TYPES];

/** A user's membership of a group. */
export interface GroupMapping {
  name: string;
  type: GroupType;
}

/** A user. Timestamps are milliseconds since the epoch, 0 meaning "never" or "not set". */
export interface User {
  id: number;
  status: Status;
  /** Unique login name. */
  username: string;
  email: string;
  /** The account cannot log in after this time; 0 means it never expires. */
  expiration_date: number;
  /** Password hash, or a clear password still to be hashed before saving. */
  password: string;
  /** SSH public keys in authorized_keys format. */
  public_keys: string[];
  /** Whether a password is set (written out even when the password itself is not). */
  has_password: boolean;
  /** Absolute directory the user is confined to (for cloud storage, a local directory for temp files). */
  home_dir: string;
  /** System user and group that own created files when SFTPGo runs as root; 0 means no change. */
  uid: number;
  gid: number;
  /** Concurrent sessions and transfers; 0 means unlimited. */
  max_sessions: number;
  /** Bytes; 0 means unlimited. */
  quota_size: number;
  /** Files; 0 means unlimited. */
  quota_files: number;
  permissions: Permissions;
  used_quota_size: number;
  used_quota_files: number;
  last_quota_update: number;
  /** KB/s per upload; 0 means unlimited. */
  upload_bandwidth: number;
  /** KB/s per download; 0 means unlimited. */
  download_bandwidth: number;
  /** MB allowed for uploads; 0 means no limit. */
  upload_data_transfer: number;
  /** MB allowed for downloads; 0 means no limit. */
  download_data_transfer: number;
  /** MB for uploads and downloads together (replaces the separate values); 0 means no limit. */
  total_data_transfer: number;
  /** Bytes uploaded since the last reset. */
  used_upload_data_transfer: number;
  /** Bytes downloaded since the last reset. */
  used_download_data_transfer: number;
  last_login: number;
  created_at: number;
  updated_at: number;
  first_download: number;
  first_upload: number;
  last_password_change: number;
  description: string;
  /** Free text for external systems. */
  additional_info: string;
  /** Role name; admins of a role only manage users of that role. */
  role: string;
  filters: UserFilters;
  virtual_folders: VirtualFolder[];
  filesystem: FilesystemConfig;
  groups: GroupMapping[];
  /** Passed to the pre-login hook only; never stored, read or written by this module. */
  oidc_custom_fields?: Record<string, unknown>;
}

type Head = Pick<
  User,
  | 'id'
  | 'status'
  | 'username'
  | 'email'
  | 'expiration_date'
  | 'password'
  | 'public_keys'
  | 'has_password'
  | 'home_dir'
  | 'uid'
  | 'gid'
  | 'max_sessions'
  | 'quota_size'
  | 'quota_files'
>;
type Tail = Omit<
  User,
  keyof Head | 'permissions' | 'filters' | 'virtual_folders' | 'filesystem' | 'groups' | 'oidc_custom_fields'
>;

// Split around `permissions` so output keeps SFTPGo's field order.
const HEAD_SPEC: RecordSpec<Head> = {
  id: 'int!',
  status: 'int!',
  username: 'string!',
  email: 'string',
  expiration_date: 'int',
  password: 'string',
  public_keys: 'strings',
  has_password: 'bool',
  home_dir: 'string!',
  uid: 'int!',
  gid: 'int!',
  max_sessions: 'int!',
  quota_size: 'int!',
  quota_files: 'int!',
};

const TAIL_SPEC: RecordSpec<Tail> = {
  used_quota_size: 'int',
  used_quota_files: 'int',
  last_quota_update: 'int',
  upload_bandwidth: 'int',
  download_bandwidth: 'int',
  upload_data_transfer: 'int!',
  download_data_transfer: 'int!',
  total_data_transfer: 'int!',
  used_upload_data_transfer: 'int',
  used_download_data_transfer: 'int',
  last_login: 'int',
  created_at: 'int!',
  updated_at: 'int!',
  first_download: 'int',
  first_upload: 'int',
  last_password_change: 'int',
  description: 'string',
  additional_info: 'string',
  role: 'string',
};

/** JSON layout of {@link GroupMapping}. */
export const GROUP_MAPPING_SPEC: RecordSpec<GroupMapping> = { name: 'string!', type: 'int!' };

const MAX_ID = 2 ** 31 - 1;
const CLOUD_PROVIDERS: readonly number[] = [
  FS_PROVIDERS.s3,
  FS_PROVIDERS.gcs,
  FS_PROVIDERS.azureBlob,
  FS_PROVIDERS.sftp,
  FS_PROVIDERS.http,
];

function readPermissionList(value: unknown, field: string): string[] {
  return value === null ? [] : checkList(value, field, checkString);
}

// SFTPGo 0.9.0-0.9.4 had one permission list for the whole account: it becomes the list for "/".
function readPermissions(reader: ObjectReader): Permissions {
  const raw = reader.raw('permissions');
  if (Array.isArray(raw)) return { '/': readPermissionList(raw, reader.field('permissions')) } as Permissions;
  return Object.fromEntries(reader.map('permissions', readPermissionList)) as Permissions;
}

function readUser(reader: ObjectReader): User {
  return {
    ...readRecord(reader, HEAD_SPEC),
    ...readRecord(reader, TAIL_SPEC),
    permissions: readPermissions(reader),
    filters: readUserFilters(reader.object('filters')),
    virtual_folders: reader.list('virtual_folders', readVirtualFolder),
    filesystem: readFilesystem(reader.raw('filesystem'), reader.field('filesystem')),
    groups: reader.list('groups', recordReader(GROUP_MAPPING_SPEC)),
  };
}

function buildHomeDir(user: User, ctx: ValidationContext): void {
  if (user.home_dir !== '') {
    user.home_dir = cleanFsPath(user.home_dir);
  } else if (ctx.usersBaseDir !== '') {
    user.home_dir = joinFsPath(ctx.usersBaseDir, user.username);
  } else if (CLOUD_PROVIDERS.includes(user.filesystem.provider)) {
    user.home_dir = joinFsPath(ctx.tempDir ?? tmpdir(), user.username);
  }
}

function checkNoRedacted(user: User): void {
  checkNoRedactedSecrets(user.filesystem, 'filesystem');
  user.virtual_folders.forEach((folder, i) => {
    checkNoRedactedSecrets(folder.filesystem, childField(itemField('virtual_folders', i), 'filesystem'));
  });
  if (isSecretRedacted(user.filters.totp_config.secret)) {
    throw new ValidationError('filters.totp_config.secret', 'a redacted secret cannot be saved');
  }
}

function checkLimits(user: User): void {
  checkRange(user.uid, 'uid', { min: 0, max: MAX_ID });
  checkRange(user.gid, 'gid', { min: 0, max: MAX_ID });
  const nonNegative = [
    'expiration_date',
    'max_sessions',
    'quota_size',
    'quota_files',
    'upload_data_transfer',
    'download_data_transfer',
    'total_data_transfer',
  ] as const;
  for (const key of nonNegative) checkRange(user[key], key, { min: 0 });
  // SFTPGo treats a negative bandwidth as unlimited rather than as an error.
  user.upload_bandwidth = Math.max(0, user.upload_bandwidth);
  user.download_bandwidth = Math.max(0, user.download_bandwidth);
  if (user.total_data_transfer > 0) {
    user.upload_data_transfer = 0;
    user.download_data_transfer = 0;
  }
}

function applyAnonymousSettings(user: User): void {
  for (const dir of Object.keys(user.permissions)) user.permissions[dir] = [...ANONYMOUS_PERMISSIONS];
  const filters = user.filters;
  filters.denied_protocols = unique([...filters.denied_protocols, 'SSH', 'HTTP']);
  filters.denied_login_methods = unique([
    ...filters.denied_login_methods,
    ...LOGIN_METHODS.filter((m) => m !== 'password'),
  ]);
}

function validateBaseParams(user: User, ctx: ValidationContext): void {
  checkName(user.username, ctx.namingRules, 'username');
  checkNotReserved(user.username, 'username');
  checkEmail(user.email, 'email');
  user.filters.additional_emails.forEach((email, i) => {
    checkEmail(email, itemField('filters.additional_emails', i));
  });
  checkNoRedacted(user);
  if (user.home_dir === '') {
    throw new ValidationError('home_dir', 'the home directory is required (or configure users_base_dir)');
  }
  if (!isAbsoluteFsPath(user.home_dir)) {
    throw new ValidationError('home_dir', `${JSON.stringify(user.home_dir)} is not an absolute path`);
  }
  checkLimits(user);
  if (user.filters.is_anonymous) applyAnonymousSettings(user);
  validateFilesystem(user.filesystem, 'filesystem');
}

function validateGroups(groups: readonly GroupMapping[]): void {
  let primary = false;
  const names = new Set<string>();
  groups.forEach((group, i) => {
    const f = itemField('groups', i);
    checkOneOf(group.type, Object.values(GROUP_TYPES), childField(f, 'type'));
    if (group.type === GROUP_TYPES.primary) {
      if (primary) throw new ValidationError(childField(f, 'type'), 'only one primary group is allowed');
      primary = true;
    }
    if (names.has(group.name)) {
      throw new ValidationError(
        childField(f, 'name'),
        `the group ${JSON.stringify(group.name)} is duplicated`,
      );
    }
    names.add(group.name);
  });
}

function validateCombinedFilters(filters: UserFilters): void {
  const mfaDisabled = filters.web_client.includes('mfa-disabled');
  if (filters.totp_config.enabled && mfaDisabled) {
    throw new ValidationError(
      'filters.web_client',
      'two-factor authentication cannot be disabled while it is configured',
    );
  }
  if (filters.require_password_change && filters.web_client.includes('password-change-disabled')) {
    throw new ValidationError(
      'filters.require_password_change',
      'a password change cannot be required while password changes are disabled',
    );
  }
  if (filters.two_factor_protocols.length > 0 && mfaDisabled) {
    throw new ValidationError(
      'filters.two_factor_protocols',
      'two-factor authentication cannot be required while it is disabled',
    );
  }
}

/**
 * Normalises and validates a user in place, in SFTPGo's order (so the first error reported is the one
 * SFTPGo would report).
 */
function validateUser(user: User, ctx: ValidationContext): void {
  user.username = applyNamingRules(user.username, ctx.namingRules);
  user.role = applyNamingRules(user.role, ctx.namingRules);
  user.groups = user.groups.map((g) => ({ ...g, name: applyNamingRules(g.name, ctx.namingRules) }));
  buildHomeDir(user, ctx);
  validateBaseParams(user, ctx);
  validateGroups(user.groups);
  user.permissions = validatePermissions(user.permissions, 'permissions');
  validateUserTOTPConfig(user.filters.totp_config, 'filters.totp_config', ctx.totpConfigNames);
  validateRecoveryCodes(user.filters.recovery_codes, 'filters.recovery_codes');
  user.virtual_folders = validateVirtualFolders(user.virtual_folders, 'virtual_folders', ctx.namingRules);
  checkOneOf(user.status, [0, 1], 'status');
  user.public_keys = validatePublicKeys(user.public_keys, 'public_keys');
  validateBaseUserFilters(user.filters, 'filters');
  if (ctx.externalAuthEnabled !== true || user.filters.hooks.external_auth_disabled) {
    user.filters.external_auth_cache_time = 0;
  }
  validateCombinedFilters(user.filters);
  user.has_password = user.password !== '';
}

/**
 * Parses a user from its JSON (REST API body, dump entry, hook response) into a normalised, validated
 * {@link User}. Missing fields get Go's zero values, as SFTPGo's decoding gives them; unknown fields are
 * ignored; the 1.x flat storage fields and `filters.file_extensions` are converted. The password is kept
 * as given (hashing is the data provider's job).
 *
 * @throws {ValidationError} with the JSON path of the first offending field.
 */
export function parseUser(input: unknown, ctx: ValidationContext): User {
  const user = readUser(withLegacyFilesystem(ObjectReader.root(input, 'a user')));
  validateUser(user, ctx);
  return user;
}

/**
 * The JSON form of a user, as SFTPGo writes it. For the REST API (`forDump: false`) the password hash
 * is left out (`has_password` tells whether one is set) and secrets are hidden; see {@link ToJSONOptions}.
 */
export function userToJSON(user: User, options: ToJSONOptions): Record<string, unknown> {
  const secrets = secretWriter(options);
  const out: Record<string, unknown> = {};
  const head = {
    ...user,
    password: options.forDump ? user.password : '',
    has_password: user.password !== '',
  };
  Object.assign(out, recordToJSON(head, HEAD_SPEC, secrets));
  out.permissions = Object.fromEntries(
    Object.entries(user.permissions).map(([dir, perms]) => [dir, [...perms]]),
  );
  Object.assign(out, recordToJSON(user, TAIL_SPEC, secrets));
  out.filters = userFiltersToJSON(user.filters, secrets);
  if (user.virtual_folders.length > 0) {
    out.virtual_folders = user.virtual_folders.map((folder) => virtualFolderToJSON(folder, secrets));
  }
  out.filesystem = filesystemToJSON(user.filesystem, secrets);
  if (user.groups.length > 0)
    out.groups = user.groups.map((g) => recordToJSON(g, GROUP_MAPPING_SPEC, secrets));
  return out;
}
