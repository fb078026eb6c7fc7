/** Event manager rules and actions (types only for now): what to do when something happens. */
import type { Secret } from '../../kms/secret.js';

/** Action types. */
export const EVENT_ACTION_TYPES = {
  http: 1,
  command: 2,
  email: 3,
  backup: 4,
  userQuotaReset: 5,
  folderQuotaReset: 6,
  transferQuotaReset: 7,
  dataRetentionCheck: 8,
  filesystem: 9,
  passwordExpirationCheck: 11,
  userExpirationCheck: 12,
  idpAccountCheck: 13,
  userInactivityCheck: 14,
  rotateLogFile: 15,
} as const;
/** An action type. */
export type EventActionType = (typeof EVENT_ACTION_TYPES)[keyof typeof EVENT_ACTION_TYPES];

/** Rule triggers. */
export const EVENT_TRIGGERS = {
  filesystem: 1,
  provider: 2,
  schedule: 3,
  ipBlocked: 4,
  certificateRenewal: 5,
  onDemand: 6,
  idpLogin: 7,
} as const;
/** A rule trigger. */
export type EventTrigger = (typeof EVENT_TRIGGERS)[keyof typeof EVENT_TRIGGERS];

/** Filesystem action kinds. */
export const FILESYSTEM_ACTION_TYPES = {
  rename: 1,
  delete: 2,
  mkdirs: 3,
  exist: 4,
  compress: 5,
  copy: 6,
} as const;
/** A filesystem action kind. */
export type FilesystemActionType = (typeof FILESYSTEM_ACTION_TYPES)[keyof typeof FILESYSTEM_ACTION_TYPES];

/** A name/value pair (headers, query parameters, environment variables, source/target paths). */
export interface KeyValue {
  key: string;
  value: string;
}

/** A rename: `key` source, `value` target. */
export interface RenameConfig extends KeyValue {
  update_modtime: boolean;
}

/** One part of a multipart HTTP request: a file or a text body. */
export interface HTTPPart {
  name: string;
  filepath: string;
  headers: KeyValue[];
  body: string;
}

/** Settings of an HTTP action. */
export interface EventActionHTTPConfig {
  endpoint: string;
  username: string;
  password: Secret;
  headers: KeyValue[];
  /** Seconds, 1..180. */
  timeout: number;
  skip_tls_verify: boolean;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | '';
  query_parameters: KeyValue[];
  body: string;
  parts: HTTPPart[];
}

/** Settings of a command action. */
export interface EventActionCommandConfig {
  /** Absolute path of the program. */
  cmd: string;
  args: string[];
  /** Seconds, 1..120. */
  timeout: number;
  env_vars: KeyValue[];
}

/** Settings of an e-mail action. */
export interface EventActionEmailConfig {
  recipients: string[];
  bcc: string[];
  subject: string;
  body: string;
  attachments: string[];
  /** 0 text/plain, 1 text/html. */
  content_type: 0 | 1;
}

/** Retention of one directory: files older than `retention` hours are deleted (0 excludes the path). */
export interface FolderRetention {
  path: string;
  retention: number;
  delete_empty_dirs: boolean;
}

/** Settings of a data retention action. */
export interface EventActionDataRetentionConfig {
  folders: FolderRetention[];
}

/** A zip archive to create. */
export interface EventActionFsCompress {
  name: string;
  paths: string[];
}

/** Settings of a filesystem action. */
export interface EventActionFilesystemConfig {
  type: FilesystemActionType;
  renames: RenameConfig[];
  mkdirs: string[];
  deletes: string[];
  exist: string[];
  copy: KeyValue[];
  compress: EventActionFsCompress;
}

/** Settings of a password expiration check: notify when the password expires within `threshold` days. */
export interface EventActionPasswordExpiration {
  threshold: number;
}

/** Settings of a user inactivity check (days). */
export interface EventActionUserInactivity {
  disable_threshold: number;
  delete_threshold: number;
}

/** Settings of an identity provider account check. */
export interface EventActionIDPAccountCheck {
  /** 0 create or update, 1 create only. */
  mode: 0 | 1;
  template_user: string;
  template_admin: string;
}

/** The settings of every action type; only those of the action's type are used. */
export interface BaseEventActionOptions {
  http_config: EventActionHTTPConfig;
  cmd_config: EventActionCommandConfig;
  email_config: EventActionEmailConfig;
  retention_config: EventActionDataRetentionConfig;
  fs_config: EventActionFilesystemConfig;
  pwd_expiration_config: EventActionPasswordExpiration;
  user_inactivity_config: EventActionUserInactivity;
  idp_config: EventActionIDPAccountCheck;
}

/** An action as defined on its own (the `event_actions` of a dump). */
export interface BaseEventAction {
  id: number;
  name: string;
  description: string;
  type: EventActionType;
  options: BaseEventActionOptions;
  /** Rules using this action (filled by the data provider). */
  rules: string[];
}

/** How an action runs within a rule. */
export interface EventActionOptions {
  is_failure_action: boolean;
  stop_on_failure: boolean;
  execute_sync: boolean;
}

/** An action as used by a rule. */
export interface EventAction extends BaseEventAction {
  order: number;
  relation_options: EventActionOptions;
}

/** A name pattern, possibly inverted. */
export interface ConditionPattern {
  pattern: string;
  inverse_match: boolean;
}

/** Conditions on the event's details. */
export interface ConditionOptions {
  names: ConditionPattern[];
  group_names: ConditionPattern[];
  role_names: ConditionPattern[];
  fs_paths: ConditionPattern[];
  protocols: string[];
  provider_objects: string[];
  min_size: number;
  max_size: number;
  /** 1 ok, 2 failed, 3 quota exceeded. */
  event_statuses: number[];
  concurrent_execution: boolean;
}

/** A cron-like schedule. */
export interface Schedule {
  hour: string;
  day_of_week: string;
  day_of_month: string;
  month: string;
}

/** What makes a rule run. */
export interface EventConditions {
  fs_events: string[];
  provider_events: string[];
  schedules: Schedule[];
  /** 0 any, 1 user, 2 admin logins. */
  idp_login_event: 0 | 1 | 2;
  options: ConditionOptions;
}

/** An event rule. Timestamps are milliseconds since the epoch. */
export interface EventRule {
  id: number;
  name: string;
  /** 0 disabled, 1 enabled. */
  status: 0 | 1;
  description: string;
  created_at: number;
  updated_at: number;
  trigger: EventTrigger;
  conditions: EventConditions;
  actions: EventAction[];
}
