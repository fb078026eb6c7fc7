/** Groups: settings shared by the users that belong to them (types only for now). */
import type { FilesystemConfig } from './filesystem.js';
import type { BaseUserFilters } from './filters.js';
import type { Permissions } from './permissions.js';
import type { VirtualFolder } from './virtual-folders.js';

/** Settings a group gives its primary (and, except the home directory, secondary) members. */
export interface GroupUserSettings {
  /** May contain the `%username%` placeholder. */
  home_dir: string;
  max_sessions: number;
  quota_size: number;
  quota_files: number;
  permissions: Permissions;
  upload_bandwidth: number;
  download_bandwidth: number;
  upload_data_transfer: number;
  download_data_transfer: number;
  total_data_transfer: number;
  /** Days from creation until members expire; 0 means never. */
  expires_in: number;
  filters: BaseUserFilters;
  filesystem: FilesystemConfig;
}

/** A group. Timestamps are milliseconds since the epoch. */
export interface Group {
  id: number;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
  user_settings: GroupUserSettings;
  virtual_folders: VirtualFolder[];
  /** Members (filled by the data provider). */
  users: string[];
  /** Admins with this group preselected (filled by the data provider). */
  admins: string[];
}
