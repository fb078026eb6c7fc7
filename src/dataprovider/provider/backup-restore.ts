/**
 * Restoring a dump (`sftpgo loaddata`, the REST API's restore, the memory driver's dump file): a
 * validated dump is written in one transaction, in dependency order, so either all of it is stored
 * or none of it.
 */
import { StoreConflictError, StoreInvalidArgumentError, StoreNotFoundError } from '../store/index.js';
import type { RecordStore } from '../store/index.js';
import { ValidationError } from '../models/validation-error.js';
import { adminEvent } from './admin-service.js';
import { apiKeyEvent } from './api-key-service.js';
import type { DumpItem, ParsedBackup, RawItem } from './backup-parse.js';
import { dumpObjectError } from './backup-parse.js';
import type { ProviderStore, RawDocument } from './documents.js';
import type { DumpSection } from './errors.js';
import { DUMP_SECTIONS, ObjectConflictError, ObjectNotFoundError } from './errors.js';
import { ipListEntryEvent, ipListEntryOfRecord } from './ip-list-service.js';
import type { PendingEvent, ProviderObjectType } from './events.js';
import { folderEvent } from './folder-service.js';
import { groupEvent } from './group-service.js';
import { storablePassword } from './passwords.js';
import { listAll, readAdmin, readApiKey, readFolder, readGroup, readUser } from './readers.js';
import type { ServiceDeps } from './settings.js';
import { userEvent } from './user-service.js';
import { writeAdmin, writeApiKey, writeFolder, writeGroup, writeUser } from './writes.js';

/**
 * How a restore treats objects that already exist (SFTPGo's `mode` of `loaddata`): 0 updates them,
 * 1 leaves them alone, 2 updates them and the caller then disconnects the updated users.
 */
export type RestoreMode = 0 | 1 | 2;

/**
 * Which restored users and folders need a quota scan (SFTPGo's `scan_quota`): 0 none, 1 all,
 * 2 users with quota limits (and all folders).
 */
export type ScanQuotaMode = 0 | 1 | 2;

/** What a restore did, per dump section (names of the objects). */
export type SectionNames = Readonly<Record<DumpSection, readonly string[]>>;

/** The outcome of a restore. */
export interface RestoreReport {
  readonly added: SectionNames;
  readonly updated: SectionNames;
  /** Existing objects left alone (mode 1). */
  readonly skipped: SectionNames;
  /** Mode 2: the updated users, whose sessions the caller should close. Empty otherwise. */
  readonly usersToDisconnect: readonly string[];
  /** What the caller should scan per `scanQuota`. */
  readonly quotaScans: { readonly users: readonly string[]; readonly folders: readonly string[] };
  /** Parts of the dump converted or skipped (legacy folders, IP lists, configs). */
  readonly warnings: readonly string[];
}

type MutableNames = Record<DumpSection, string[]>;

function emptyNames(): MutableNames {
  return Object.fromEntries(DUMP_SECTIONS.map((s) => [s, []])) as unknown as MutableNames;
}

/** Hashes the clear passwords and keys of a dump, before its transaction (hashing is slow). */
export async function hashBackupSecrets(deps: ServiceDeps, backup: ParsedBackup): Promise<void> {
  for (const { value: user } of backup.users) {
    const { value, hashed } = await storablePassword(deps, user.password);
    user.password = value;
    if (hashed) user.last_password_change = deps.now();
  }
  for (const { value: admin } of backup.admins)
    admin.password = (await storablePassword(deps, admin.password)).value;
  for (const { value: apiKey } of backup.api_keys)
    apiKey.key = (await storablePassword(deps, apiKey.key)).value;
  for (const { value: share } of backup.shares) {
    const password = share.doc['password'];
    if (typeof password === 'string') share.doc['password'] = (await storablePassword(deps, password)).value;
  }
}

/** Removes every object, children first (the memory driver's reload replaces everything). */
export async function clearStore(tx: ProviderStore): Promise<void> {
  // Only what clearing needs: the stores' record types differ.
  const kinds: readonly Pick<RecordStore<{ readonly name: string }>, 'list' | 'delete'>[] = [
    tx.eventRules,
    tx.eventActions,
    tx.shares,
    tx.apiKeys,
    tx.users,
    tx.admins,
    tx.groups,
    tx.folders,
    tx.roles,
    tx.ipLists,
  ];
  for (const kind of kinds) {
    for (const record of await listAll((o) => kind.list(o))) await kind.delete(record.name);
  }
}

/** A dump being written: the report and events accumulated so far. */
class RestoreRun {
  readonly added = emptyNames();
  readonly updated = emptyNames();
  readonly skipped = emptyNames();
  readonly events: PendingEvent[] = [];
  readonly #mode: RestoreMode;

  constructor(mode: RestoreMode) {
    this.#mode = mode;
  }

  /**
   * Writes each item: `exists` tells whether it is there already, `write` stores it (and returns
   * its event). Problems of the object become an error naming it.
   */
  async each<T>(
    items: readonly DumpItem<T>[],
    exists: (item: DumpItem<T>) => Promise<boolean>,
    write: (item: DumpItem<T>, existing: boolean) => Promise<PendingEvent>,
  ): Promise<void> {
    for (const item of items) {
      try {
        const existing = await exists(item);
        if (existing && this.#mode === 1) {
          this.skipped[item.section].push(item.objectName);
          continue;
        }
        const event = await write(item, existing);
        this.events.push({ ...event, action: existing ? 'update' : 'add' });
        (existing ? this.updated : this.added)[item.section].push(item.objectName);
      } catch (err) {
        if (isObjectProblem(err)) throw dumpObjectError(item, err);
        throw err;
      }
    }
  }
}

function isObjectProblem(err: unknown): err is Error & { readonly field?: string } {
  return (
    err instanceof ValidationError ||
    err instanceof ObjectConflictError ||
    err instanceof ObjectNotFoundError ||
    err instanceof StoreConflictError ||
    err instanceof StoreNotFoundError ||
    err instanceof StoreInvalidArgumentError
  );
}

function rawEvent(objectType: ProviderObjectType, item: RawItem): PendingEvent {
  const object: RawDocument = { ...item.doc, name: item.name };
  if (typeof object['password'] === 'string' && object['password'] !== '')
    object['password'] = '[**redacted**]';
  return { action: 'add', objectType, objectName: item.name, object };
}

/** The object just written, read back for its event. @throws {ObjectNotFoundError} if it is not there. */
async function written<T>(
  objectType: ProviderObjectType,
  name: string,
  value: Promise<T | undefined>,
): Promise<T> {
  const found = await value;
  if (found === undefined) throw new ObjectNotFoundError(objectType, name);
  return found;
}

/**
 * Writes a validated dump through `tx` (the caller's transaction).
 * @throws {InvalidDumpError} naming the object that could not be stored (a missing reference…).
 */
export async function writeBackup(
  tx: ProviderStore,
  backup: ParsedBackup,
  options: { readonly mode: RestoreMode; readonly scanQuota: ScanQuotaMode },
): Promise<{ readonly report: RestoreReport; readonly events: PendingEvent[] }> {
  const run = new RestoreRun(options.mode);
  await run.each(
    backup.roles,
    async ({ value }) => (await tx.roles.get(value.name)) !== undefined,
    async ({ value }, existing) => {
      await (existing ? tx.roles.update(value.name, value.doc) : tx.roles.add(value.name, value.doc));
      return rawEvent('role', value);
    },
  );
  await run.each(
    backup.folders,
    async ({ value }) => (await tx.folders.get(value.name)) !== undefined,
    async ({ value: folder }, existing) => {
      await writeFolder(tx, folder, existing);
      await tx.folders.updateQuota(folder.name, {
        size: folder.used_quota_size,
        files: folder.used_quota_files,
        reset: true,
      });
      return folderEvent('add', await written('folder', folder.name, readFolder(tx, folder.name)));
    },
  );
  await run.each(
    backup.groups,
    async ({ value }) => (await tx.groups.get(value.name)) !== undefined,
    async ({ value: group }, existing) => {
      await writeGroup(tx, group, existing);
      return groupEvent('add', await written('group', group.name, readGroup(tx, group.name)));
    },
  );
  await run.each(
    backup.users,
    async ({ value }) => (await tx.users.get(value.username)) !== undefined,
    async ({ value: user }, existing) => {
      await writeUser(tx, user, existing);
      const name = user.username;
      await tx.users.updateQuota(name, {
        size: user.used_quota_size,
        files: user.used_quota_files,
        reset: true,
      });
      await tx.users.updateTransferQuota(name, {
        upload: user.used_upload_data_transfer,
        download: user.used_download_data_transfer,
        reset: true,
      });
      if (user.last_login > 0) await tx.users.setLastLogin(name, user.last_login);
      if (user.first_download > 0) await tx.users.setFirstDownload(name, user.first_download);
      if (user.first_upload > 0) await tx.users.setFirstUpload(name, user.first_upload);
      return userEvent('add', await written('user', name, readUser(tx, name)));
    },
  );
  await run.each(
    backup.admins,
    async ({ value }) => (await tx.admins.get(value.username)) !== undefined,
    async ({ value: admin }, existing) => {
      await writeAdmin(tx, admin, existing);
      if (admin.last_login > 0) await tx.admins.setLastLogin(admin.username, admin.last_login);
      return adminEvent('add', await written('admin', admin.username, readAdmin(tx, admin.username)));
    },
  );
  await run.each(
    backup.api_keys,
    async ({ value }) => (await tx.apiKeys.get(value.id)) !== undefined,
    async ({ value: apiKey }, existing) => {
      await writeApiKey(tx, apiKey, existing);
      if (apiKey.last_use_at > 0) await tx.apiKeys.setLastUse(apiKey.id, apiKey.last_use_at);
      return apiKeyEvent('add', await written('api_key', apiKey.id, readApiKey(tx, apiKey.id)));
    },
  );
  await run.each(
    backup.shares,
    async ({ value }) => (await tx.shares.get(value.name)) !== undefined,
    async ({ value: share }, existing) => writeShare(tx, share, existing),
  );
  await run.each(
    backup.event_actions,
    async ({ value }) => (await tx.eventActions.get(value.name)) !== undefined,
    async ({ value }, existing) => {
      await (existing
        ? tx.eventActions.update(value.name, value.doc)
        : tx.eventActions.add(value.name, value.doc));
      return rawEvent('event_action', value);
    },
  );
  await run.each(
    backup.event_rules,
    async ({ value }) => (await tx.eventRules.get(value.name)) !== undefined,
    async ({ value }, existing) => {
      for (const [i, action] of value.actions.entries()) {
        if ((await tx.eventActions.get(action)) === undefined) {
          throw new ValidationError(
            `actions[${i}].name`,
            `the event action ${JSON.stringify(action)} does not exist`,
          );
        }
      }
      await (existing
        ? tx.eventRules.update(value.name, value.doc)
        : tx.eventRules.add(value.name, value.doc));
      return rawEvent('event_rule', value);
    },
  );
  await run.each(
    backup.ip_lists,
    async ({ objectName }) => (await tx.ipLists.get(objectName)) !== undefined,
    async ({ objectName, value }, existing) => {
      const doc = { ...value, created_at: 0, updated_at: 0 };
      const record = await (existing ? tx.ipLists.update(objectName, doc) : tx.ipLists.add(objectName, doc));
      return ipListEntryEvent('add', ipListEntryOfRecord(record));
    },
  );
  return { report: buildReport(run, backup, options), events: run.events };
}

async function writeShare(tx: ProviderStore, share: RawItem, existing: boolean): Promise<PendingEvent> {
  if ((await tx.users.get(share.owner)) === undefined) {
    throw new ValidationError('username', `the user ${JSON.stringify(share.owner)} does not exist`);
  }
  if (existing) {
    const current = await tx.shares.get(share.name);
    if (current !== undefined && current.username !== share.owner) {
      throw new ValidationError(
        'username',
        `the share belongs to ${JSON.stringify(current.username)}, its owner cannot change`,
      );
    }
    await tx.shares.update(share.name, share.doc, { expiresAt: share.expiresAt });
  } else {
    await tx.shares.add(share.name, share.doc, { username: share.owner, expiresAt: share.expiresAt });
    if (share.usedTokens > 0 || share.lastUseAt > 0) {
      await tx.shares.recordUse(share.name, { tokens: share.usedTokens, at: share.lastUseAt });
    }
  }
  return rawEvent('share', share);
}

function buildReport(
  run: RestoreRun,
  backup: ParsedBackup,
  options: { readonly mode: RestoreMode; readonly scanQuota: ScanQuotaMode },
): RestoreReport {
  const restoredUsers = new Set([...run.added.users, ...run.updated.users]);
  const scanUsers =
    options.scanQuota === 0
      ? []
      : backup.users
          .filter(({ value: u }) => restoredUsers.has(u.username))
          .filter(({ value: u }) => options.scanQuota === 1 || u.quota_size > 0 || u.quota_files > 0)
          .map(({ value: u }) => u.username);
  const scanFolders = options.scanQuota === 0 ? [] : [...run.added.folders, ...run.updated.folders];
  return {
    added: run.added,
    updated: run.updated,
    skipped: run.skipped,
    usersToDisconnect: options.mode === 2 ? [...run.updated.users] : [],
    quotaScans: { users: scanUsers, folders: scanFolders },
    warnings: backup.warnings,
  };
}
