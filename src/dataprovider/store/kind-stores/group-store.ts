/**
 * Groups: folder mappings, and deletion refused while users belong to the group.
 */
import type { DeleteGuard, Engine } from '../engine.js';
import { groupFoldersMapping, groupKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import type { FolderMapping, StoredRecord } from '../records.js';
import type { GroupStore } from '../stores.js';
import { EngineDocumentStore } from './document-store.js';
import { FolderMappings } from './folder-mappings.js';

/** The GroupStore of every driver, over its engine. */
export class EngineGroupStore<T> extends EngineDocumentStore<T> implements GroupStore<T> {
  readonly #folders: FolderMappings;

  constructor(engine: Engine, now: () => number) {
    const kind = groupKind as Kind<unknown> as Kind<StoredRecord<T>>;
    super({ engine: engine.kind(kind), kind, now });
    this.#folders = new FolderMappings(engine.mapping(groupFoldersMapping), groupKind as Kind<unknown>);
  }

  protected override deleteGuard(name: string): DeleteGuard {
    return {
      table: 'users_groups_mapping',
      column: 'group_id',
      conflict: (count) => `${this.describe(name)} cannot be deleted: ${count} user(s) belong to it`,
    };
  }

  async setFolderMappings(name: string, mappings: readonly FolderMapping[]): Promise<void> {
    await this.#folders.set(name, mappings);
  }

  async foldersOf(name: string): Promise<FolderMapping[]> {
    return this.#folders.of(name);
  }

  async groupsOfFolder(folder: string): Promise<string[]> {
    return this.#folders.ownersOf(folder);
  }
}
