/**
 * Admins. Deleting one deletes its API keys.
 */
import type { Engine } from '../engine.js';
import { adminKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import { checkInteger } from '../limits.js';
import type { AdminRecord } from '../records.js';
import type { AdminStore } from '../stores.js';
import { EngineDocumentStore } from './document-store.js';

/** The AdminStore of every driver, over its engine. */
export class EngineAdminStore<T> extends EngineDocumentStore<T, AdminRecord<T>> implements AdminStore<T> {
  constructor(engine: Engine, now: () => number) {
    const kind = adminKind as Kind<unknown> as Kind<AdminRecord<T>>;
    super({ engine: engine.kind(kind), kind, now });
  }

  async setLastLogin(name: string, at: number): Promise<void> {
    await this.changeExisting(name, { set: { last_login: checkInteger('last login', at, 0) } });
  }
}
