/**
 * Shares, keyed by share id, each owned by a user (and deleted with it).
 */
import type { Engine } from '../engine.js';
import { shareKind, userKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import { checkInteger, checkName, checkPage, encodeDocument } from '../limits.js';
import type { ShareRecord } from '../records.js';
import type { ListOptions, ShareStore, ShareUse } from '../stores.js';
import { EngineRecordStore } from './record-store.js';

/** The ShareStore of every driver, over its engine. */
export class EngineShareStore<T> extends EngineRecordStore<ShareRecord<T>> implements ShareStore<T> {
  constructor(engine: Engine, now: () => number) {
    const kind = shareKind as Kind<unknown> as Kind<ShareRecord<T>>;
    super({ engine: engine.kind(kind), kind, now });
  }

  async add(
    shareId: string,
    data: T,
    attributes: { readonly username: string; readonly expiresAt: number },
  ): Promise<ShareRecord<T>> {
    this.checkKey(shareId);
    const username = checkName(`owner of share "${shareId}"`, attributes.username);
    const expiresAt = checkInteger(`expiration of share "${shareId}"`, attributes.expiresAt, 0);
    return this.engine.insert(shareId, encodeDocument(this.describe(shareId), data), {
      user_id: { ref: userKind as Kind<unknown>, name: username },
      expires_at: expiresAt,
    });
  }

  async update(
    shareId: string,
    data: T,
    attributes: { readonly expiresAt: number },
  ): Promise<ShareRecord<T>> {
    this.checkKey(shareId);
    const expiresAt = checkInteger(`expiration of share "${shareId}"`, attributes.expiresAt, 0);
    return this.engine.replace(shareId, encodeDocument(this.describe(shareId), data), {
      expires_at: expiresAt,
    });
  }

  async listByUser(username: string, options: ListOptions): Promise<ShareRecord<T>[]> {
    checkName('user name', username);
    return this.engine.page(checkPage(options), {
      column: 'user_id',
      equals: { ref: userKind as Kind<unknown>, name: username },
    });
  }

  async recordUse(shareId: string, use: ShareUse): Promise<boolean> {
    const tokens = checkInteger('share tokens', use.tokens, 0);
    const at = checkInteger('share use time', use.at, 0);
    const max = checkInteger('share max tokens', use.maxTokens ?? 0, 0);
    return this.changeExisting(
      shareId,
      { add: { used_tokens: tokens }, set: { last_use_at: at } },
      max > 0 ? { column: 'used_tokens', plus: tokens, atMost: max } : undefined,
    );
  }
}
