/**
 * Users: counters changed atomically, folder and group mappings.
 */
import { quotaColumnChange, transferColumnChange } from '../changes.js';
import type { Engine, MappingEngine } from '../engine.js';
import { StoreNotFoundError } from '../errors.js';
import { compareNames, num, userFoldersMapping, userGroupsMapping, userKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import { checkGroupMappings, checkInteger, checkName } from '../limits.js';
import type { FolderMapping, GroupMapping, UserCounters, UserRecord } from '../records.js';
import type { QuotaChange, TransferChange, UserStore } from '../stores.js';
import { EngineDocumentStore } from './document-store.js';
import { FolderMappings } from './folder-mappings.js';

/** The UserStore of every driver, over its engine. */
export class EngineUserStore<T> extends EngineDocumentStore<T, UserRecord<T>> implements UserStore<T> {
  readonly #folders: FolderMappings;
  readonly #groups: MappingEngine;

  constructor(engine: Engine, now: () => number) {
    const kind = userKind as Kind<unknown> as Kind<UserRecord<T>>;
    super({ engine: engine.kind(kind), kind, now });
    this.#folders = new FolderMappings(engine.mapping(userFoldersMapping), userKind as Kind<unknown>);
    this.#groups = engine.mapping(userGroupsMapping);
  }

  async getQuota(name: string): Promise<UserCounters> {
    const user = await this.get(name);
    if (!user) throw new StoreNotFoundError(`${this.describe(name)} does not exist`);
    const {
      usedQuotaSize,
      usedQuotaFiles,
      lastQuotaUpdate,
      usedUploadDataTransfer,
      usedDownloadDataTransfer,
    } = user;
    return {
      usedQuotaSize,
      usedQuotaFiles,
      lastQuotaUpdate,
      usedUploadDataTransfer,
      usedDownloadDataTransfer,
    };
  }

  async updateQuota(name: string, change: QuotaChange): Promise<void> {
    await this.changeExisting(name, quotaColumnChange(change, this.now()));
  }

  async updateTransferQuota(name: string, change: TransferChange): Promise<void> {
    await this.changeExisting(name, transferColumnChange(change));
  }

  async setLastLogin(name: string, at: number): Promise<void> {
    await this.changeExisting(name, { set: { last_login: checkInteger('last login', at, 0) } });
  }

  async setFirstDownload(name: string, at: number): Promise<boolean> {
    const value = checkInteger('first download', at, 1);
    return this.changeExisting(
      name,
      { set: { first_download: value } },
      { column: 'first_download', equals: 0 },
    );
  }

  async setFirstUpload(name: string, at: number): Promise<boolean> {
    const value = checkInteger('first upload', at, 1);
    return this.changeExisting(name, { set: { first_upload: value } }, { column: 'first_upload', equals: 0 });
  }

  async setFolderMappings(name: string, mappings: readonly FolderMapping[]): Promise<void> {
    await this.#folders.set(name, mappings);
  }

  async foldersOf(name: string): Promise<FolderMapping[]> {
    return this.#folders.of(name);
  }

  async usersOfFolder(folder: string): Promise<string[]> {
    return this.#folders.ownersOf(folder);
  }

  async setGroupMappings(name: string, mappings: readonly GroupMapping[]): Promise<void> {
    this.checkKey(name);
    checkGroupMappings(this.describe(name), mappings);
    await this.#groups.replace(
      name,
      mappings.map((m) => ({ target: m.group, values: { group_type: m.type } })),
    );
  }

  async groupsOf(name: string): Promise<GroupMapping[]> {
    this.checkKey(name);
    const rows = await this.#groups.of(name);
    return rows
      .map((row) => ({ group: row.target, type: num(row.values, 'group_type') }))
      .sort((a, b) => compareNames(a.group, b.group));
  }

  async usersOfGroup(group: string): Promise<string[]> {
    checkName('group name', group);
    return (await this.#groups.ownersOf(group)).sort(compareNames);
  }
}
