/**
 * The IP lists (SFTPGo 2.5+ `/api/v2/iplists`): validated entries of the allow list, the defender
 * list and the rate limiters' safe list, stored in the data provider so that every instance using
 * it sees the same lists.
 */
import type { IPListEntry, IPListType } from '../models/ip-list.js';
import { parseIPListEntry } from '../models/ip-list.js';
import { ValidationError } from '../models/validation-error.js';
import { MAX_LIST_LIMIT } from '../store/index.js';
import type { StoredRecord } from '../store/index.js';
import { ObjectNotFoundError } from './errors.js';
import type { ActionContext, PendingEvent } from './events.js';
import type { ListQuery } from './service-helpers.js';
import type { ServiceDeps } from './settings.js';
import { guard } from './writes.js';

/** The IP list entries. An entry is named by its list type and its network. */
export interface IPListService {
  /**
   * @throws {ValidationError} naming the offending field.
   * @throws {ObjectConflictError} if the list already holds that network.
   */
  add(input: unknown, ctx: ActionContext): Promise<IPListEntry>;
  /**
   * Replaces the entry for `ipornet` in list `type` (those two fields of `input` are ignored).
   * @throws {ObjectNotFoundError} if there is no such entry.
   * @throws {ValidationError} naming the offending field.
   */
  update(type: IPListType, ipornet: string, input: unknown, ctx: ActionContext): Promise<IPListEntry>;
  /**
   * @returns the deleted entry.
   * @throws {ObjectNotFoundError} if there is no such entry.
   */
  delete(type: IPListType, ipornet: string, ctx: ActionContext): Promise<IPListEntry>;
  get(type: IPListType, ipornet: string): Promise<IPListEntry | undefined>;
  /** A page of entries of every list, ordered by type then network text. */
  list(query: ListQuery): Promise<IPListEntry[]>;
  /** Every entry of every list. */
  all(): Promise<IPListEntry[]>;
  /** Counts the changes made through this service (readers of the lists reload when it moves). */
  readonly changes: number;
}

/** The store name of an entry: its type and its canonical network. */
function entryName(type: number, ipornet: string): string {
  return `${type}_${ipornet}`;
}

/** The store (and dump object) name of a parsed entry. */
export function ipListEntryName(entry: Pick<IPListEntry, 'type' | 'ipornet'>): string {
  return entryName(entry.type, entry.ipornet);
}

/** The canonical network of `ipornet` (an address or a network). @throws {ValidationError} */
function canonical(type: IPListType, ipornet: string): string {
  return parseIPListEntry({ ipornet, type }).ipornet;
}

/** An entry as read from the store, with the store's times. */
export function ipListEntryOfRecord(record: StoredRecord<IPListEntry>): IPListEntry {
  return { ...record.data, created_at: record.createdAt, updated_at: record.updatedAt };
}

/** The provider event of an entry. */
export function ipListEntryEvent(action: PendingEvent['action'], entry: IPListEntry): PendingEvent {
  return {
    action,
    objectType: 'ip_list_entry',
    objectName: entryName(entry.type, entry.ipornet),
    object: { ...entry },
  };
}

/** The {@link IPListService} of a provider. */
export class ProviderIPListService implements IPListService {
  readonly #deps: ServiceDeps;
  #changes = 0;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  get changes(): number {
    return this.#changes;
  }

  async add(input: unknown, ctx: ActionContext): Promise<IPListEntry> {
    const parsed = parseIPListEntry(input);
    const name = entryName(parsed.type, parsed.ipornet);
    const record = await guard('ip_list_entry', name, () =>
      this.#deps.store.ipLists.add(name, { ...parsed, created_at: 0, updated_at: 0 }),
    );
    return this.#changed('add', ipListEntryOfRecord(record), ctx);
  }

  async update(type: IPListType, ipornet: string, input: unknown, ctx: ActionContext): Promise<IPListEntry> {
    const network = canonical(type, ipornet);
    const parsed = parseIPListEntry({ ...(input as object), type, ipornet: network });
    const name = entryName(type, network);
    const record = await guard('ip_list_entry', name, () =>
      this.#deps.store.ipLists.update(name, { ...parsed, created_at: 0, updated_at: 0 }),
    );
    return this.#changed('update', ipListEntryOfRecord(record), ctx);
  }

  async delete(type: IPListType, ipornet: string, ctx: ActionContext): Promise<IPListEntry> {
    const name = entryName(type, canonical(type, ipornet));
    const existing = await this.#deps.store.ipLists.get(name);
    if (existing === undefined) throw new ObjectNotFoundError('ip_list_entry', name);
    await guard('ip_list_entry', name, () => this.#deps.store.ipLists.delete(name));
    return this.#changed('delete', ipListEntryOfRecord(existing), ctx);
  }

  async get(type: IPListType, ipornet: string): Promise<IPListEntry | undefined> {
    let name: string;
    try {
      name = entryName(type, canonical(type, ipornet));
    } catch (err) {
      if (err instanceof ValidationError) return undefined;
      throw err;
    }
    const record = await this.#deps.store.ipLists.get(name);
    return record ? ipListEntryOfRecord(record) : undefined;
  }

  async list(query: ListQuery): Promise<IPListEntry[]> {
    return (await this.#deps.store.ipLists.list(query)).map(ipListEntryOfRecord);
  }

  async all(): Promise<IPListEntry[]> {
    const out: IPListEntry[] = [];
    for (let offset = 0; ; offset += MAX_LIST_LIMIT) {
      const page = await this.list({ limit: MAX_LIST_LIMIT, offset });
      out.push(...page);
      if (page.length < MAX_LIST_LIMIT) return out;
    }
  }

  #changed(action: PendingEvent['action'], entry: IPListEntry, ctx: ActionContext): IPListEntry {
    this.#changes++;
    this.#deps.events.emit([ipListEntryEvent(action, entry)], ctx);
    return entry;
  }
}
