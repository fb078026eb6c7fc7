/**
 * Data provider models with SFTPGo 2.x JSON field names: types, parsing with normalisation and
 * validation, and JSON output for the REST API and dumps.
 */
export type { TimePeriod } from './access-time.js';
export type {
  Admin,
  AdminFilters,
  AdminGroupMapping,
  AdminGroupMappingOptions,
  AdminPermission,
  AdminPreferences,
  AddToUsersAs,
} from './admin.js';
export { ADD_TO_USERS_AS, ADMIN_PERMISSIONS, adminToJSON, parseAdmin } from './admin.js';
export type { APIKey, APIKeyScope } from './api-key.js';
export { API_KEY_SCOPES, apiKeyToJSON, parseAPIKey } from './api-key.js';
export type { LoginMethod, MFAProtocol, Protocol, WebClientOption } from './auth-options.js';
export { LOGIN_METHODS, MFA_PROTOCOLS, PROTOCOLS, WEB_CLIENT_OPTIONS } from './auth-options.js';
export type { BackupData } from './backup.js';
export type { ValidationContext } from './context.js';
export { DEFAULT_VALIDATION_CONTEXT } from './context.js';
export type {
  BaseEventAction,
  BaseEventActionOptions,
  ConditionOptions,
  ConditionPattern,
  EventAction,
  EventActionCommandConfig,
  EventActionDataRetentionConfig,
  EventActionEmailConfig,
  EventActionFilesystemConfig,
  EventActionFsCompress,
  EventActionHTTPConfig,
  EventActionIDPAccountCheck,
  EventActionOptions,
  EventActionPasswordExpiration,
  EventActionType,
  EventActionUserInactivity,
  EventConditions,
  EventRule,
  EventTrigger,
  FilesystemActionType,
  FolderRetention,
  HTTPPart,
  KeyValue,
  RenameConfig,
  Schedule,
} from './event-rule.js';
export { EVENT_ACTION_TYPES, EVENT_TRIGGERS, FILESYSTEM_ACTION_TYPES } from './event-rule.js';
export type { DenyPolicy, ExtensionsFilter, PatternsFilter } from './file-patterns.js';
export { DENY_POLICIES } from './file-patterns.js';
export type { FilesystemConfig, FsProvider } from './filesystem.js';
export { FS_PROVIDERS, defaultFilesystemConfig, filesystemToJSON, parseFilesystem } from './filesystem.js';
export type { AzureAccessTier, AzureBlobFsConfig } from './fs-azblob.js';
export { AZURE_ACCESS_TIERS } from './fs-azblob.js';
export type { CryptFsConfig } from './fs-crypt.js';
export type { GCSConfig } from './fs-gcs.js';
export type { HTTPFsConfig } from './fs-http.js';
export type { OSFsConfig } from './fs-os.js';
export type { S3Config } from './fs-s3.js';
export type { SFTPFsConfig } from './fs-sftp.js';
export type { BaseUserFilters, HooksFilter, TLSUsername, UserFilters } from './filters.js';
export { TLS_USERNAMES } from './filters.js';
export type { BaseVirtualFolder } from './folder.js';
export { folderToJSON, parseFolder } from './folder.js';
export type { Group, GroupUserSettings } from './group.js';
export type { IPListEntry, IPListMode, IPListType, ParsedIPListEntry } from './ip-list.js';
export { IP_LIST_MODES, IP_LIST_TYPES, parseIPListEntry } from './ip-list.js';
export { LEGACY_FS_FIELDS } from './legacy-fs.js';
export type { BandwidthLimit, DataTransferLimit } from './limits.js';
export { NAMING_RULES, RESERVED_USERNAMES, applyNamingRules, isEmailValid } from './names.js';
export type { ToJSONOptions } from './output.js';
export type { Permission, Permissions } from './permissions.js';
export { PERMISSIONS } from './permissions.js';
export type { Role } from './role.js';
export type { Share, ShareScope } from './share.js';
export { SHARE_SCOPES } from './share.js';
export type { AdminTOTPConfig, RecoveryCode, UserTOTPConfig } from './totp.js';
export type { GroupMapping, GroupType, Status, User } from './user.js';
export { GROUP_TYPES, parseUser, userToJSON } from './user.js';
export { ValidationError } from './validation-error.js';
export type { VirtualFolder } from './virtual-folders.js';
