/**
 * API keys, keyed by key id, optionally bound to a user or an admin (and deleted with it).
 */
import type { Columns, Engine } from '../engine.js';
import { adminKind, apiKeyKind, userKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import { checkApiKeyAttributes, checkInteger, encodeDocument } from '../limits.js';
import type { ApiKeyRecord } from '../records.js';
import type { ApiKeyAttributes, ApiKeyStore } from '../stores.js';
import { EngineRecordStore } from './record-store.js';

/** The ApiKeyStore of every driver, over its engine. */
export class EngineApiKeyStore<T> extends EngineRecordStore<ApiKeyRecord<T>> implements ApiKeyStore<T> {
  constructor(engine: Engine, now: () => number) {
    const kind = apiKeyKind as Kind<unknown> as Kind<ApiKeyRecord<T>>;
    super({ engine: engine.kind(kind), kind, now });
  }

  #columns(keyId: string, attributes: ApiKeyAttributes): Columns {
    const checked = checkApiKeyAttributes(keyId, attributes);
    return {
      name: checked.label,
      expires_at: checked.expiresAt,
      user_id: checked.user === undefined ? null : { ref: userKind as Kind<unknown>, name: checked.user },
      admin_id: checked.admin === undefined ? null : { ref: adminKind as Kind<unknown>, name: checked.admin },
    };
  }

  async add(keyId: string, data: T, attributes: ApiKeyAttributes): Promise<ApiKeyRecord<T>> {
    this.checkKey(keyId);
    const columns = this.#columns(keyId, attributes);
    return this.engine.insert(keyId, encodeDocument(this.describe(keyId), data), columns);
  }

  async update(keyId: string, data: T, attributes: ApiKeyAttributes): Promise<ApiKeyRecord<T>> {
    this.checkKey(keyId);
    const columns = this.#columns(keyId, attributes);
    return this.engine.replace(keyId, encodeDocument(this.describe(keyId), data), columns);
  }

  async setLastUse(keyId: string, at: number): Promise<void> {
    await this.changeExisting(keyId, { set: { last_use_at: checkInteger('last use', at, 0) } });
  }
}
