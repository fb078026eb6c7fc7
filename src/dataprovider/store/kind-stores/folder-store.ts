/**
 * Virtual folders. Deleting one removes its user and group mappings.
 */
import { quotaColumnChange } from '../changes.js';
import type { Engine } from '../engine.js';
import { StoreNotFoundError } from '../errors.js';
import { folderKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import type { FolderRecord, QuotaCounters } from '../records.js';
import type { FolderStore, QuotaChange } from '../stores.js';
import { EngineDocumentStore } from './document-store.js';

/** The FolderStore of every driver, over its engine. */
export class EngineFolderStore<T> extends EngineDocumentStore<T, FolderRecord<T>> implements FolderStore<T> {
  constructor(engine: Engine, now: () => number) {
    const kind = folderKind as Kind<unknown> as Kind<FolderRecord<T>>;
    super({ engine: engine.kind(kind), kind, now });
  }

  async getQuota(name: string): Promise<QuotaCounters> {
    const folder = await this.get(name);
    if (!folder) throw new StoreNotFoundError(`${this.describe(name)} does not exist`);
    const { usedQuotaSize, usedQuotaFiles, lastQuotaUpdate } = folder;
    return { usedQuotaSize, usedQuotaFiles, lastQuotaUpdate };
  }

  async updateQuota(name: string, change: QuotaChange): Promise<void> {
    await this.changeExisting(name, quotaColumnChange(change, this.now()));
  }
}
