/** The dump format (`dumpdata`, backups, `loaddata`): every kind of data provider object. */
import type { Admin } from './admin.js';
import type { APIKey } from './api-key.js';
import type { BaseEventAction, EventRule } from './event-rule.js';
import type { BaseVirtualFolder } from './folder.js';
import type { Group } from './group.js';
import type { IPListEntry } from './ip-list.js';
import type { Role } from './role.js';
import type { Share } from './share.js';
import type { User } from './user.js';

/** A dump. Each list may be missing in a partial dump (scoped `dumpdata`). */
export interface BackupData {
  users: User[];
  groups: Group[];
  folders: BaseVirtualFolder[];
  admins: Admin[];
  api_keys: APIKey[];
  shares: Share[];
  event_actions: BaseEventAction[];
  event_rules: EventRule[];
  roles: Role[];
  ip_lists: IPListEntry[];
  /** Server-wide settings kept in the data provider (SFTP algorithms, SMTP, ACME…), passed through as is. */
  configs: Record<string, unknown> | null;
  /** Dump format version. */
  version: number;
}
