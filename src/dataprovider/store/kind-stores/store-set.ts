/**
 * The kind stores of a DataStore over one driver engine (the database's or a transaction's).
 * Each driver's DataStore extends this and adds transactions, ping and close.
 */
import type { DefenderEngine, Engine } from '../engine.js';
import { eventActionKind, eventRuleKind, ipListKind, roleKind } from '../kinds.js';
import type { Kind } from '../kinds.js';
import type { StoredRecord } from '../records.js';
import type { DataStore, DefenderStore, DocumentTypes } from '../stores.js';
import { EngineAdminStore } from './admin-store.js';
import { EngineApiKeyStore } from './api-key-store.js';
import { EngineDefenderStore } from './defender-store.js';
import { EngineDocumentStore } from './document-store.js';
import { EngineFolderStore } from './folder-store.js';
import { EngineGroupStore } from './group-store.js';
import { EngineShareStore } from './share-store.js';
import { EngineUserStore } from './user-store.js';

function documents<T>(
  engine: Engine,
  kind: Kind<StoredRecord<unknown>>,
  now: () => number,
): EngineDocumentStore<T> {
  const typed = kind as Kind<StoredRecord<T>>;
  return new EngineDocumentStore<T>({ engine: engine.kind(typed), kind: typed, now });
}

/** The kind stores shared by the DataStore of every driver. */
export class StoreSet<D extends DocumentTypes> {
  readonly users: DataStore<D>['users'];
  readonly folders: DataStore<D>['folders'];
  readonly groups: DataStore<D>['groups'];
  readonly admins: DataStore<D>['admins'];
  readonly apiKeys: DataStore<D>['apiKeys'];
  readonly shares: DataStore<D>['shares'];
  readonly roles: DataStore<D>['roles'];
  readonly eventActions: DataStore<D>['eventActions'];
  readonly eventRules: DataStore<D>['eventRules'];
  readonly ipLists: DataStore<D>['ipLists'];
  readonly defender: DefenderStore;

  /** Builds every kind store over the driver's engines. */
  constructor(options: { engine: Engine; defender: DefenderEngine; now: () => number }) {
    const { engine, now } = options;
    this.users = new EngineUserStore(engine, now);
    this.folders = new EngineFolderStore(engine, now);
    this.groups = new EngineGroupStore(engine, now);
    this.admins = new EngineAdminStore(engine, now);
    this.apiKeys = new EngineApiKeyStore(engine, now);
    this.shares = new EngineShareStore(engine, now);
    this.roles = documents(engine, roleKind, now);
    this.eventActions = documents(engine, eventActionKind, now);
    this.eventRules = documents(engine, eventRuleKind, now);
    this.ipLists = documents(engine, ipListKind, now);
    this.defender = new EngineDefenderStore(options.defender);
  }
}
