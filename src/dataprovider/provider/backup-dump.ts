/**
 * Dumps: every object of the provider in SFTPGo's `BackupData` layout (`sftpgo dumpdata`, the REST
 * API's dump, backups), and its JSON form.
 */
import { adminToJSON } from '../models/admin.js';
import { apiKeyToJSON } from '../models/api-key.js';
import type { BackupData } from '../models/backup.js';
import type { BaseEventAction, EventRule } from '../models/event-rule.js';
import { folderToJSON } from '../models/folder.js';
import type { Role } from '../models/role.js';
import type { Share } from '../models/share.js';
import { userToJSON } from '../models/user.js';
import type { ShareRecord, StoredRecord } from '../store/index.js';
import type { ProviderStore, RawDocument } from './documents.js';
import { adminFromRecord, apiKeyFromRecord } from './documents.js';
import { groupToJSON } from './group-model.js';
import { ipListEntryOfRecord } from './ip-list-service.js';
import { FolderLookup, folderOfRecord, groupOfRecord, listAll, userOfRecord } from './readers.js';

/**
 * The dump format version written, SFTPGo's `DumpVersion` of its 2.7 releases. Dumps of any
 * version are read.
 */
export const DUMP_VERSION = 17;

/** A role or an event rule as dumped: its document with the store's identity and times. */
function timestampedFromRecord<T extends Role | EventRule>(record: StoredRecord<RawDocument>): T {
  return {
    ...record.data,
    id: record.id,
    name: record.name,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  } as unknown as T;
}

/** A share as dumped: its document with the columns the store keeps (owner, tokens, times). */
export function shareFromRecord(record: ShareRecord<RawDocument>): Share {
  return {
    ...record.data,
    id: record.name,
    username: record.username,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    last_use_at: record.lastUseAt,
    expires_at: record.expiresAt,
    used_tokens: record.usedTokens,
  } as unknown as Share;
}

/** An event action as dumped. */
export function eventActionFromRecord(record: StoredRecord<RawDocument>): BaseEventAction {
  return { ...record.data, id: record.id, name: record.name } as unknown as BaseEventAction;
}

/**
 * Reads everything into a dump. `configs` are not kept by this provider yet: the dump has a null
 * `configs`.
 */
export async function dumpStore(store: ProviderStore): Promise<BackupData> {
  const lookup = new FolderLookup(store);
  const users = [];
  for (const record of await listAll((o) => store.users.list(o)))
    users.push(await userOfRecord(record, lookup));
  const folders = [];
  for (const record of await listAll((o) => store.folders.list(o)))
    folders.push(await folderOfRecord(store, record));
  const groups = [];
  for (const record of await listAll((o) => store.groups.list(o)))
    groups.push(await groupOfRecord(store, record, lookup));
  return {
    users,
    groups,
    folders,
    admins: (await listAll((o) => store.admins.list(o))).map(adminFromRecord),
    api_keys: (await listAll((o) => store.apiKeys.list(o))).map(apiKeyFromRecord),
    shares: (await listAll((o) => store.shares.list(o))).map(shareFromRecord),
    event_actions: (await listAll((o) => store.eventActions.list(o))).map(eventActionFromRecord),
    event_rules: (await listAll((o) => store.eventRules.list(o))).map((r) =>
      timestampedFromRecord<EventRule>(r),
    ),
    roles: (await listAll((o) => store.roles.list(o))).map((r) => timestampedFromRecord<Role>(r)),
    ip_lists: (await listAll((o) => store.ipLists.list(o))).map(ipListEntryOfRecord),
    configs: null,
    version: DUMP_VERSION,
  };
}

/**
 * The JSON of a dump as SFTPGo writes it: password hashes and secrets in full (a dump restores
 * the exact accounts), empty fields left out.
 */
export function backupToJSON(data: BackupData): Record<string, unknown> {
  const dump = { forDump: true } as const;
  return {
    users: data.users.map((u) => userToJSON(u, dump)),
    groups: data.groups.map((g) => groupToJSON(g, dump)),
    folders: data.folders.map((f) => folderToJSON(f, dump)),
    admins: data.admins.map((a) => adminToJSON(a, dump)),
    api_keys: data.api_keys.map((k) => apiKeyToJSON(k, dump)),
    shares: data.shares,
    event_actions: data.event_actions,
    event_rules: data.event_rules,
    roles: data.roles,
    ip_lists: data.ip_lists,
    configs: data.configs,
    version: data.version,
  };
}
