/** SFTPGo administrators (WebAdmin and REST API accounts). */
import { isSecretRedacted } from '../../kms/secret.js';
import { checkOneOf, checkRange, unique } from './checks.js';
import { validateCIDRList } from './cidr-lists.js';
import type { ValidationContext } from './context.js';
import { applyNamingRules, checkEmail, checkName, checkNotReserved } from './names.js';
import type { ToJSONOptions } from './output.js';
import { secretWriter } from './output.js';
import { ObjectReader } from './reader.js';
import type { RecordSpec } from './record.js';
import { readRecord, recordReader, recordToJSON } from './record.js';
import type { AdminTOTPConfig, RecoveryCode } from './totp.js';
import {
  ADMIN_TOTP_SPEC,
  RECOVERY_CODE_SPEC,
  validateAdminTOTPConfig,
  validateRecoveryCodes,
} from './totp.js';
import type { Status } from './user.js';
import { ValidationError, childField, itemField } from './validation-error.js';

/** Every admin permission. `*` makes a super admin. */
export const ADMIN_PERMISSIONS = [
  '*',
  'add_users',
  'edit_users',
  'del_users',
  'view_users',
  'view_conns',
  'close_conns',
  'view_status',
  'manage_folders',
  'manage_groups',
  'quota_scans',
  'manage_defender',
  'view_defender',
  'view_events',
  'disable_mfa',
] as const;
/** An admin permission. */
export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

/** How a group an admin is mapped to is given to the users the admin creates. */
export const ADD_TO_USERS_AS = {
  membership: 0,
  primary: 1,
  secondary: 2,
} as const;
/** See {@link ADD_TO_USERS_AS}. */
export type AddToUsersAs = (typeof ADD_TO_USERS_AS)[keyof typeof ADD_TO_USERS_AS];

/** Options of an admin's group mapping. */
export interface AdminGroupMappingOptions {
  add_to_users_as: AddToUsersAs;
}

/** A group preselected for the users an admin creates (WebAdmin convenience only). */
export interface AdminGroupMapping {
  name: string;
  options: AdminGroupMappingOptions;
}

/** WebAdmin preferences. */
export interface AdminPreferences {
  /** Bit mask of user page sections to hide (1 groups, 2 filesystem, 4 virtual folders, 8 profile, 16 ACLs, 32 quota and bandwidth, 64 advanced). */
  hide_user_page_sections: number;
  /** Days until new users expire; 0 means never. */
  default_users_expiration: number;
}

/** Restrictions and options of an admin. */
export interface AdminFilters {
  /** Networks (CIDR) the admin may log in from; empty means any. */
  allow_list: string[];
  allow_api_key_auth: boolean;
  require_password_change: boolean;
  require_two_factor: boolean;
  totp_config: AdminTOTPConfig;
  recovery_codes: RecoveryCode[];
  preferences: AdminPreferences;
}

/** An administrator. Timestamps are milliseconds since the epoch. */
export interface Admin {
  id: number;
  status: Status;
  username: string;
  /** Password hash, or a clear password still to be hashed before saving. */
  password: string;
  email: string;
  permissions: AdminPermission[];
  filters: AdminFilters;
  description: string;
  additional_info: string;
  groups: AdminGroupMapping[];
  created_at: number;
  updated_at: number;
  last_login: number;
  /** When set, the admin only manages users of this role and cannot be a super admin. */
  role: string;
}

type Head = Pick<Admin, 'id' | 'status' | 'username' | 'password' | 'email' | 'permissions'>;
type Tail = Pick<
  Admin,
  'description' | 'additional_info' | 'created_at' | 'updated_at' | 'last_login' | 'role'
>;
type FilterScalars = Pick<
  AdminFilters,
  'allow_list' | 'allow_api_key_auth' | 'require_password_change' | 'require_two_factor'
>;

const HEAD_SPEC: RecordSpec<Head> = {
  id: 'int!',
  status: 'int!',
  username: 'string!',
  password: 'string',
  email: 'string',
  permissions: 'strings!',
};
const TAIL_SPEC: RecordSpec<Tail> = {
  description: 'string',
  additional_info: 'string',
  created_at: 'int!',
  updated_at: 'int!',
  last_login: 'int!',
  role: 'string',
};
const FILTERS_SPEC: RecordSpec<FilterScalars> = {
  allow_list: 'strings',
  allow_api_key_auth: 'bool',
  require_password_change: 'bool',
  require_two_factor: 'bool!',
};
const PREFERENCES_SPEC: RecordSpec<AdminPreferences> = {
  hide_user_page_sections: 'int',
  default_users_expiration: 'int',
};
const GROUP_OPTIONS_SPEC: RecordSpec<AdminGroupMappingOptions> = { add_to_users_as: 'int' };

function readGroup(item: unknown, field: string): AdminGroupMapping {
  const reader = ObjectReader.of(item, field);
  return { name: reader.string('name'), options: readRecord(reader.object('options'), GROUP_OPTIONS_SPEC) };
}

function readAdmin(reader: ObjectReader): Admin {
  const filters = reader.object('filters');
  return {
    ...readRecord(reader, HEAD_SPEC),
    ...readRecord(reader, TAIL_SPEC),
    groups: reader.list('groups', readGroup),
    filters: {
      ...readRecord(filters, FILTERS_SPEC),
      totp_config: readRecord(filters.object('totp_config'), ADMIN_TOTP_SPEC),
      recovery_codes: filters.list('recovery_codes', recordReader(RECOVERY_CODE_SPEC)),
      preferences: readRecord(filters.object('preferences'), PREFERENCES_SPEC),
    },
  };
}

function validateAdminPermissions(admin: Admin): void {
  const permissions = unique(admin.permissions);
  if (permissions.length === 0)
    throw new ValidationError('permissions', 'grant some permissions to this admin');
  permissions.forEach((perm, i) => {
    checkOneOf(perm, ADMIN_PERMISSIONS, itemField('permissions', i));
  });
  if (admin.role !== '' && permissions.includes('*')) {
    throw new ValidationError('permissions', 'an admin with a role cannot be a super admin ("*")');
  }
  admin.permissions = permissions.includes('*') ? ['*'] : permissions;
}

function validateAdminGroups(groups: readonly AdminGroupMapping[]): void {
  let primary = false;
  groups.forEach((group, i) => {
    const f = itemField('groups', i);
    if (group.name === '') throw new ValidationError(childField(f, 'name'), 'the group name is required');
    const modeField = childField(f, 'options.add_to_users_as');
    checkOneOf(group.options.add_to_users_as, Object.values(ADD_TO_USERS_AS), modeField);
    if (group.options.add_to_users_as === ADD_TO_USERS_AS.primary) {
      if (primary) throw new ValidationError(modeField, 'only one primary group is allowed');
      primary = true;
    }
  });
}

/**
 * Parses and validates an admin: username (naming rules applied, valid, not reserved), a password
 * (trimmed; kept as given, hashing is the data provider's job), TOTP settings and recovery codes,
 * permissions (deduplicated, `*` alone when present, no `*` with a role), e-mail, allow list networks
 * and group mappings.
 * @throws {ValidationError} with the JSON path of the first offending field.
 */
export function parseAdmin(input: unknown, ctx: ValidationContext): Admin {
  const admin = readAdmin(ObjectReader.root(input, 'an admin'));
  admin.username = applyNamingRules(admin.username, ctx.namingRules);
  admin.role = applyNamingRules(admin.role, ctx.namingRules);
  admin.groups = admin.groups.map((g) => ({ ...g, name: applyNamingRules(g.name, ctx.namingRules) }));
  admin.password = admin.password.trim();
  checkName(admin.username, ctx.namingRules, 'username');
  checkNotReserved(admin.username, 'username');
  if (admin.password === '') throw new ValidationError('password', 'a password is required');
  if (isSecretRedacted(admin.filters.totp_config.secret)) {
    throw new ValidationError('filters.totp_config.secret', 'a redacted secret cannot be saved');
  }
  validateAdminTOTPConfig(admin.filters.totp_config, 'filters.totp_config', ctx.totpConfigNames);
  validateRecoveryCodes(admin.filters.recovery_codes, 'filters.recovery_codes');
  validateAdminPermissions(admin);
  checkOneOf(admin.status, [0, 1], 'status');
  checkEmail(admin.email, 'email');
  admin.filters.allow_list = validateCIDRList(admin.filters.allow_list, 'filters.allow_list');
  checkRange(
    admin.filters.preferences.default_users_expiration,
    'filters.preferences.default_users_expiration',
    { min: 0 },
  );
  validateAdminGroups(admin.groups);
  return admin;
}

/** The JSON form of an admin; for the REST API (`forDump: false`) the password hash is left out. */
export function adminToJSON(admin: Admin, options: ToJSONOptions): Record<string, unknown> {
  const secrets = secretWriter(options);
  const out: Record<string, unknown> = {};
  Object.assign(
    out,
    recordToJSON({ ...admin, password: options.forDump ? admin.password : '' }, HEAD_SPEC, secrets),
  );
  const filters = recordToJSON(admin.filters, FILTERS_SPEC, secrets);
  filters.totp_config = recordToJSON(admin.filters.totp_config, ADMIN_TOTP_SPEC, secrets);
  if (admin.filters.recovery_codes.length > 0) {
    filters.recovery_codes = admin.filters.recovery_codes.map((c) =>
      recordToJSON(c, RECOVERY_CODE_SPEC, secrets),
    );
  }
  filters.preferences = recordToJSON(admin.filters.preferences, PREFERENCES_SPEC, secrets);
  out.filters = filters;
  Object.assign(out, recordToJSON(admin, TAIL_SPEC, secrets));
  if (admin.groups.length > 0) {
    out.groups = admin.groups.map((g) => ({
      name: g.name,
      options: recordToJSON(g.options, GROUP_OPTIONS_SPEC, secrets),
    }));
  }
  return out;
}
