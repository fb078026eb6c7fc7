/**
 * A kind whose only identity is its name (groups, roles, event actions and rules; the base of
 * users, folders and admins).
 */
import { encodeDocument } from '../limits.js';
import type { StoredRecord } from '../records.js';
import type { DocumentStore } from '../stores.js';
import { EngineRecordStore } from './record-store.js';

/** The DocumentStore of every driver, over its engine. */
export class EngineDocumentStore<T, R extends StoredRecord<T> = StoredRecord<T>>
  extends EngineRecordStore<R>
  implements DocumentStore<T, R>
{
  async add(name: string, data: T): Promise<R> {
    this.checkKey(name);
    return this.engine.insert(name, encodeDocument(this.describe(name), data), {});
  }

  async update(name: string, data: T): Promise<R> {
    this.checkKey(name);
    return this.engine.replace(name, encodeDocument(this.describe(name), data), {});
  }
}
