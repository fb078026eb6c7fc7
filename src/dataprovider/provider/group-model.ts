/**
 * Groups' JSON: parsing with SFTPGo's checks and writing back. The models only define the group
 * type, so the provider assembles its parser from the models' building blocks (the same filters,
 * filesystem, permission and virtual folder rules as users).
 */
import { checkRange } from '../models/checks.js';
import type { ValidationContext } from '../models/context.js';
import type { FilesystemConfig } from '../models/filesystem.js';
import { filesystemToJSON, readFilesystem, validateFilesystem } from '../models/filesystem.js';
import { baseUserFiltersToJSON, readBaseUserFilters, validateBaseUserFilters } from '../models/filters.js';
import { checkNoRedactedSecrets } from '../models/folder.js';
import type { Group, GroupUserSettings } from '../models/group.js';
import { applyNamingRules, checkName } from '../models/names.js';
import type { ToJSONOptions } from '../models/output.js';
import { secretWriter } from '../models/output.js';
import { cleanFsPath, isAbsoluteFsPath } from '../models/paths.js';
import type { Permissions } from '../models/permissions.js';
import { validatePermissions } from '../models/permissions.js';
import { ObjectReader, checkList, checkString } from '../models/reader.js';
import type { RecordSpec } from '../models/record.js';
import { readRecord, recordToJSON } from '../models/record.js';
import { ValidationError } from '../models/validation-error.js';
import { readVirtualFolder, validateVirtualFolders, virtualFolderToJSON } from '../models/virtual-folders.js';

type GroupScalars = Pick<Group, 'id' | 'name' | 'description' | 'created_at' | 'updated_at'>;
type SettingsScalars = Omit<GroupUserSettings, 'permissions' | 'filters' | 'filesystem'>;

const GROUP_SPEC: RecordSpec<GroupScalars> = {
  id: 'int!',
  name: 'string!',
  description: 'string',
  created_at: 'int',
  updated_at: 'int',
};

const SETTINGS_SPEC: RecordSpec<SettingsScalars> = {
  home_dir: 'string',
  max_sessions: 'int',
  quota_size: 'int',
  quota_files: 'int',
  upload_bandwidth: 'int',
  download_bandwidth: 'int',
  upload_data_transfer: 'int',
  download_data_transfer: 'int',
  total_data_transfer: 'int',
  expires_in: 'int',
};

const NON_NEGATIVE = [
  'max_sessions',
  'quota_size',
  'quota_files',
  'upload_data_transfer',
  'download_data_transfer',
  'total_data_transfer',
  'expires_in',
] as const;

function readPermissions(reader: ObjectReader): Permissions {
  const read = (value: unknown, field: string): string[] =>
    value === null ? [] : checkList(value, field, checkString);
  return Object.fromEntries(reader.map('permissions', read)) as Permissions;
}

function readSettings(reader: ObjectReader): GroupUserSettings {
  return {
    ...readRecord(reader, SETTINGS_SPEC),
    permissions: readPermissions(reader),
    filters: readBaseUserFilters(reader.object('filters')),
    filesystem: readFilesystem(reader.raw('filesystem'), reader.field('filesystem')),
  };
}

function validateSettings(settings: GroupUserSettings, ctx: ValidationContext): void {
  const f = (key: string): string => `user_settings.${key}`;
  if (settings.home_dir !== '') {
    // May hold the %username% placeholder, which cleaning leaves alone.
    settings.home_dir = cleanFsPath(settings.home_dir);
    if (!isAbsoluteFsPath(settings.home_dir)) {
      throw new ValidationError(
        f('home_dir'),
        `${JSON.stringify(settings.home_dir)} is not an absolute path`,
      );
    }
  }
  for (const key of NON_NEGATIVE) checkRange(settings[key], f(key), { min: 0 });
  settings.upload_bandwidth = Math.max(0, settings.upload_bandwidth);
  settings.download_bandwidth = Math.max(0, settings.download_bandwidth);
  if (settings.total_data_transfer > 0) {
    settings.upload_data_transfer = 0;
    settings.download_data_transfer = 0;
  }
  checkNoRedactedSecrets(settings.filesystem, f('filesystem'));
  validateFilesystem(settings.filesystem, f('filesystem'));
  // Unlike a user's, a group's permissions are optional: members keep their own when it sets none.
  if (Object.keys(settings.permissions).length > 0) {
    settings.permissions = validatePermissions(settings.permissions, f('permissions'));
  }
  // Groups cannot carry TLS certificates or a user type (SFTPGo drops them).
  settings.filters.tls_certs = [];
  settings.filters.user_type = '';
  validateBaseUserFilters(settings.filters, f('filters'));
  if (ctx.externalAuthEnabled !== true || settings.filters.hooks.external_auth_disabled) {
    settings.filters.external_auth_cache_time = 0;
  }
}

/**
 * Parses and validates a group: the name (naming rules applied), its virtual folder mounts and the
 * settings it gives its members (absolute home directory, non-negative limits, filesystem,
 * permissions when set, filters). `users` and `admins` are filled by the provider, not read.
 * @throws {ValidationError} with the JSON path of the first offending field.
 */
export function parseGroup(input: unknown, ctx: ValidationContext): Group {
  const reader = ObjectReader.root(input, 'a group');
  const group: Group = {
    ...readRecord(reader, GROUP_SPEC),
    user_settings: readSettings(reader.object('user_settings')),
    virtual_folders: reader.list('virtual_folders', readVirtualFolder),
    users: [],
    admins: [],
  };
  group.name = applyNamingRules(group.name, ctx.namingRules);
  checkName(group.name, ctx.namingRules, 'name');
  group.virtual_folders.forEach((mount, i) => {
    checkNoRedactedSecrets(mount.filesystem, `virtual_folders[${i}].filesystem`);
  });
  group.virtual_folders = validateVirtualFolders(group.virtual_folders, 'virtual_folders', ctx.namingRules);
  validateSettings(group.user_settings, ctx);
  return group;
}

function settingsToJSON(settings: GroupUserSettings, options: ToJSONOptions): Record<string, unknown> {
  const secrets = secretWriter(options);
  const out = recordToJSON(settings, SETTINGS_SPEC, secrets);
  if (Object.keys(settings.permissions).length > 0) {
    out.permissions = Object.fromEntries(
      Object.entries(settings.permissions).map(([dir, perms]) => [dir, [...perms]]),
    );
  }
  out.filters = baseUserFiltersToJSON(settings.filters, secrets);
  out.filesystem = filesystemToJSON(settings.filesystem as FilesystemConfig, secrets);
  return out;
}

/** The JSON form of a group, as SFTPGo writes it; see {@link ToJSONOptions}. */
export function groupToJSON(group: Group, options: ToJSONOptions): Record<string, unknown> {
  const secrets = secretWriter(options);
  const out = recordToJSON(group, GROUP_SPEC, secrets);
  out.user_settings = settingsToJSON(group.user_settings, options);
  if (group.virtual_folders.length > 0) {
    out.virtual_folders = group.virtual_folders.map((mount) => virtualFolderToJSON(mount, secrets));
  }
  if (group.users.length > 0) out.users = [...group.users];
  if (group.admins.length > 0) out.admins = [...group.admins];
  return out;
}
