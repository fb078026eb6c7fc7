/**
 * The storage contract: one small store per kind of object, all Promise based, implemented by
 * every driver (sqlite, postgresql/cockroachdb, mysql, memory) with the same behaviour.
 *
 * Common rules, true of every method below unless it says otherwise:
 * - Names are 1 to N characters (N per kind, see `limits.ts`), without NUL and without leading or
 *   trailing white space; otherwise the method throws {@link StoreInvalidArgumentError}.
 * - Documents must be JSON-serialisable; they are stored as JSON text and read back parsed.
 * - A database failure throws {@link StoreError}; using a closed store or a finished transaction
 *   throws {@link StoreError} too.
 *
 * @module
 */
import type {
  AdminRecord,
  ApiKeyRecord,
  DefenderHost,
  FolderMapping,
  FolderRecord,
  GroupMapping,
  QuotaCounters,
  ShareRecord,
  StoredRecord,
  UserCounters,
  UserRecord,
} from './records.js';

/** Sort order of a list. */
export type SortOrder = 'ASC' | 'DESC';

/** A page of a list, ordered by name. */
export interface ListOptions {
  /** 1 to `MAX_LIST_LIMIT` (500). */
  readonly limit: number;
  /** Number of records to skip, 0 or more. Default 0. */
  readonly offset?: number;
  /** Default `'ASC'`. */
  readonly order?: SortOrder;
}

/** Reading and removing the records of one kind. */
export interface RecordStore<R> {
  /** The record with this name, or `undefined`. */
  get(name: string): Promise<R | undefined>;
  /**
   * Removes the record and what depends on it (see each store).
   * @throws {@link StoreNotFoundError} if there is no such record.
   */
  delete(name: string): Promise<void>;
  /**
   * A page of records ordered by name (byte order of the UTF-8 name, the same on every driver).
   * @throws {@link StoreInvalidArgumentError} when the limit, offset or order is out of bounds.
   */
  list(options: ListOptions): Promise<R[]>;
  /** How many records there are. */
  count(): Promise<number>;
}

/** Generic CRUD over a kind whose only identity is its name. */
export interface DocumentStore<T, R extends StoredRecord<T> = StoredRecord<T>> extends RecordStore<R> {
  /**
   * Stores a new record; `createdAt` and `updatedAt` are set to now, counters to 0.
   * @throws {@link StoreConflictError} if the name is taken.
   */
  add(name: string, data: T): Promise<R>;
  /**
   * Replaces the document and sets `updatedAt`; counters are left alone.
   * @throws {@link StoreNotFoundError} if there is no such record.
   */
  update(name: string, data: T): Promise<R>;
}

/** A change of disk usage counters. */
export interface QuotaChange {
  /** Bytes to add (negative to remove), or the new value when `reset` is true. */
  readonly size: number;
  /** Files to add (negative to remove), or the new value when `reset` is true. */
  readonly files: number;
  /** Set the counters to the values instead of adding them. */
  readonly reset?: boolean;
}

/** A change of data transfer counters. */
export interface TransferChange {
  /** Uploaded bytes to add, or the new value when `reset` is true. */
  readonly upload: number;
  /** Downloaded bytes to add, or the new value when `reset` is true. */
  readonly download: number;
  readonly reset?: boolean;
}

/**
 * Users. Deleting a user also deletes its folder and group mappings, its shares and its API keys.
 */
export interface UserStore<T> extends DocumentStore<T, UserRecord<T>> {
  /** @throws {@link StoreNotFoundError} if there is no such user. */
  getQuota(name: string): Promise<UserCounters>;
  /**
   * Adds to (or resets) the disk usage counters in one atomic statement, so concurrent updates
   * from any number of processes are never lost; sets `lastQuotaUpdate` to now.
   * @throws {@link StoreNotFoundError} if there is no such user.
   */
  updateQuota(name: string, change: QuotaChange): Promise<void>;
  /**
   * Adds to (or resets) the data transfer counters atomically.
   * @throws {@link StoreNotFoundError} if there is no such user.
   */
  updateTransferQuota(name: string, change: TransferChange): Promise<void>;
  /** @throws {@link StoreNotFoundError} if there is no such user. */
  setLastLogin(name: string, at: number): Promise<void>;
  /**
   * Records the first download time, only if none is recorded yet.
   * @returns whether it was recorded by this call.
   * @throws {@link StoreNotFoundError} if there is no such user.
   */
  setFirstDownload(name: string, at: number): Promise<boolean>;
  /** Same as {@link UserStore.setFirstDownload} for uploads. */
  setFirstUpload(name: string, at: number): Promise<boolean>;
  /**
   * Replaces all the user's virtual folder mappings, atomically.
   * @throws {@link StoreNotFoundError} if the user or one of the folders does not exist.
   * @throws {@link StoreInvalidArgumentError} if a folder appears twice or a value is out of bounds.
   */
  setFolderMappings(name: string, mappings: readonly FolderMapping[]): Promise<void>;
  /**
   * The user's folder mappings, ordered by virtual path.
   * @throws {@link StoreNotFoundError} if there is no such user.
   */
  foldersOf(name: string): Promise<FolderMapping[]>;
  /**
   * Names of the users that mount this folder, ascending.
   * @throws {@link StoreNotFoundError} if there is no such folder.
   */
  usersOfFolder(folder: string): Promise<string[]>;
  /**
   * Replaces all the user's group memberships, atomically.
   * @throws {@link StoreNotFoundError} if the user or one of the groups does not exist.
   * @throws {@link StoreInvalidArgumentError} if a group appears twice.
   */
  setGroupMappings(name: string, mappings: readonly GroupMapping[]): Promise<void>;
  /**
   * The user's group memberships, ordered by group name.
   * @throws {@link StoreNotFoundError} if there is no such user.
   */
  groupsOf(name: string): Promise<GroupMapping[]>;
  /**
   * Names of the users that belong to this group, ascending.
   * @throws {@link StoreNotFoundError} if there is no such group.
   */
  usersOfGroup(group: string): Promise<string[]>;
}

/** Virtual folders. Deleting a folder removes its user and group mappings. */
export interface FolderStore<T> extends DocumentStore<T, FolderRecord<T>> {
  /** @throws {@link StoreNotFoundError} if there is no such folder. */
  getQuota(name: string): Promise<QuotaCounters>;
  /**
   * Same as {@link UserStore.updateQuota}, for a folder.
   * @throws {@link StoreNotFoundError} if there is no such folder.
   */
  updateQuota(name: string, change: QuotaChange): Promise<void>;
}

/**
 * Groups. Deleting a group removes its folder mappings; it is refused while users belong to it.
 * `delete` throws {@link StoreConflictError} in that case.
 */
export interface GroupStore<T> extends DocumentStore<T> {
  /**
   * Replaces all the group's virtual folder mappings, atomically.
   * @throws {@link StoreNotFoundError} if the group or one of the folders does not exist.
   * @throws {@link StoreInvalidArgumentError} if a folder appears twice or a value is out of bounds.
   */
  setFolderMappings(name: string, mappings: readonly FolderMapping[]): Promise<void>;
  /**
   * The group's folder mappings, ordered by virtual path.
   * @throws {@link StoreNotFoundError} if there is no such group.
   */
  foldersOf(name: string): Promise<FolderMapping[]>;
  /**
   * Names of the groups that mount this folder, ascending.
   * @throws {@link StoreNotFoundError} if there is no such folder.
   */
  groupsOfFolder(folder: string): Promise<string[]>;
}

/** Admins. Deleting an admin deletes its API keys. */
export interface AdminStore<T> extends DocumentStore<T, AdminRecord<T>> {
  /** @throws {@link StoreNotFoundError} if there is no such admin. */
  setLastLogin(name: string, at: number): Promise<void>;
}

/** The columns of an API key that live outside its document. */
export interface ApiKeyAttributes {
  /** The key's human name, at most 255 characters. */
  readonly label: string;
  /** ms epoch, 0 for never. */
  readonly expiresAt: number;
  /** Bind the key to this user (at most one of `user` and `admin`). */
  readonly user?: string;
  /** Bind the key to this admin. */
  readonly admin?: string;
}

/** API keys, keyed by key id. */
export interface ApiKeyStore<T> extends RecordStore<ApiKeyRecord<T>> {
  /**
   * @throws {@link StoreConflictError} if the key id is taken.
   * @throws {@link StoreNotFoundError} if the user or admin does not exist.
   * @throws {@link StoreInvalidArgumentError} if both a user and an admin are given.
   */
  add(keyId: string, data: T, attributes: ApiKeyAttributes): Promise<ApiKeyRecord<T>>;
  /**
   * Replaces the document and the attributes.
   * @throws {@link StoreNotFoundError} if the key, the user or the admin does not exist.
   */
  update(keyId: string, data: T, attributes: ApiKeyAttributes): Promise<ApiKeyRecord<T>>;
  /** @throws {@link StoreNotFoundError} if there is no such key. */
  setLastUse(keyId: string, at: number): Promise<void>;
}

/** One use of a share. */
export interface ShareUse {
  /** Tokens consumed by this use (often 1). */
  readonly tokens: number;
  readonly at: number;
  /**
   * When above 0, the use is recorded only if the used tokens stay within this limit, checked and
   * updated in one atomic statement.
   */
  readonly maxTokens?: number;
}

/** Shares, keyed by share id. Each belongs to a user and goes when the user goes. */
export interface ShareStore<T> extends RecordStore<ShareRecord<T>> {
  /**
   * @throws {@link StoreConflictError} if the share id is taken.
   * @throws {@link StoreNotFoundError} if the user does not exist.
   */
  add(
    shareId: string,
    data: T,
    attributes: { readonly username: string; readonly expiresAt: number },
  ): Promise<ShareRecord<T>>;
  /**
   * Replaces the document and the expiration; the owner cannot change.
   * @throws {@link StoreNotFoundError} if there is no such share.
   */
  update(shareId: string, data: T, attributes: { readonly expiresAt: number }): Promise<ShareRecord<T>>;
  /**
   * A page of one user's shares, ordered by share id.
   * @throws {@link StoreNotFoundError} if there is no such user.
   */
  listByUser(username: string, options: ListOptions): Promise<ShareRecord<T>[]>;
  /**
   * Adds the tokens and sets the last use time.
   * @returns false when `maxTokens` would be exceeded (nothing changed), true otherwise.
   * @throws {@link StoreNotFoundError} if there is no such share.
   */
  recordUse(shareId: string, use: ShareUse): Promise<boolean>;
}

/** Which hosts to read from the defender. */
export interface DefenderQuery {
  /** Only events at or after this time (ms epoch) count. */
  readonly from: number;
}

/**
 * The defender's hosts and their scored events, shared by all the processes that use the same
 * database. Times are given by the caller (ms epoch).
 */
export interface DefenderStore {
  /** Records an event for the host, creating the host if needed. */
  addEvent(event: { readonly ip: string; readonly score: number; readonly at: number }): Promise<void>;
  /**
   * Hosts with events since `from`, or that were ever banned, most recently active first, each
   * with the sum of its event scores since `from`.
   * @throws {@link StoreInvalidArgumentError} if the limit is out of bounds.
   */
  listHosts(query: DefenderQuery & { readonly limit: number }): Promise<DefenderHost[]>;
  /** The host, if it has events since `from` or was ever banned. */
  getHost(ip: string, query: DefenderQuery): Promise<DefenderHost | undefined>;
  /** Whether the host is banned at the given time. */
  isBanned(ip: string, at: number): Promise<boolean>;
  /** @throws {@link StoreNotFoundError} if the host is unknown. */
  setBanTime(ip: string, banTime: number): Promise<void>;
  /**
   * Extends the ban atomically by `ms`.
   * @throws {@link StoreNotFoundError} if the host is unknown.
   */
  incrementBanTime(ip: string, ms: number): Promise<void>;
  /** @throws {@link StoreNotFoundError} if the host is unknown. */
  deleteHost(ip: string): Promise<void>;
  /**
   * Removes the events older than `from` and the hosts whose ban ended before `at` that have no
   * event after `from`.
   */
  cleanup(options: { readonly from: number; readonly at: number }): Promise<void>;
}

/**
 * The document type of each kind. The store never looks inside documents: these types are what
 * the caller promises to store, and what it gets back.
 */
export interface DocumentTypes {
  readonly user: unknown;
  readonly folder: unknown;
  readonly group: unknown;
  readonly admin: unknown;
  readonly apiKey: unknown;
  readonly share: unknown;
  readonly role: unknown;
  readonly eventAction: unknown;
  readonly eventRule: unknown;
  readonly ipListEntry: unknown;
}

/** The drivers that can be opened. */
export type StoreDriverName = 'sqlite' | 'postgresql' | 'cockroachdb' | 'mysql' | 'memory';

/** All the stores of one database, plus transactions. */
export interface DataStore<D extends DocumentTypes = DocumentTypes> {
  /** The configured driver. */
  readonly driver: StoreDriverName;
  readonly users: UserStore<D['user']>;
  readonly folders: FolderStore<D['folder']>;
  readonly groups: GroupStore<D['group']>;
  readonly admins: AdminStore<D['admin']>;
  readonly apiKeys: ApiKeyStore<D['apiKey']>;
  readonly shares: ShareStore<D['share']>;
  readonly roles: DocumentStore<D['role']>;
  readonly eventActions: DocumentStore<D['eventAction']>;
  readonly eventRules: DocumentStore<D['eventRule']>;
  /** The IP lists (allow list, defender list, rate limiters safe list). */
  readonly ipLists: DocumentStore<D['ipListEntry']>;
  readonly defender: DefenderStore;
  /**
   * Runs `fn` in a transaction: everything it does through `tx` is kept if it resolves, and
   * nothing of it is kept if it throws (the error is rethrown). Inside `fn`, use only `tx`: the
   * outer store waits for the transaction to end, so using it there would never finish.
   * Calling `tx.transaction` joins the same transaction.
   */
  transaction<R>(fn: (tx: DataStore<D>) => Promise<R>): Promise<R>;
  /** Checks that the database answers. @throws {@link StoreError} if it does not. */
  ping(): Promise<void>;
  /** Releases connections; later calls throw {@link StoreError}. Closing twice is harmless. */
  close(): Promise<void>;
}
