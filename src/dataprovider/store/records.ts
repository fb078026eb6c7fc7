/**
 * What the stores return. Every kind keeps its validated object as an opaque JSON document
 * (`data`) next to the columns the store itself manages: identity, timestamps and the counters
 * that must change atomically while many sessions update them.
 */

/** Common part of every stored object. Times are milliseconds since the Unix epoch. */
export interface StoredRecord<T> {
  /** Database id, assigned by the store, never reused. */
  readonly id: number;
  /** The unique key: username, folder/group/role/action/rule name, API key id or share id. */
  readonly name: string;
  /** The document as it was given to `add`/`update`, after a JSON round trip. */
  readonly data: T;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Disk usage counters of a user or a virtual folder. */
export interface QuotaCounters {
  readonly usedQuotaSize: number;
  readonly usedQuotaFiles: number;
  /** When the counters last changed (ms epoch), 0 if never. */
  readonly lastQuotaUpdate: number;
}

/** Data transfer counters of a user, in bytes. */
export interface TransferCounters {
  readonly usedUploadDataTransfer: number;
  readonly usedDownloadDataTransfer: number;
}

/** Both kinds of user counters, as returned by `UserStore.getQuota`. */
export interface UserCounters extends QuotaCounters, TransferCounters {}

/** A stored user. */
export interface UserRecord<T> extends StoredRecord<T>, UserCounters {
  /** Last successful login (ms epoch), 0 if never. */
  readonly lastLogin: number;
  /** First download (ms epoch), 0 if none yet. */
  readonly firstDownload: number;
  /** First upload (ms epoch), 0 if none yet. */
  readonly firstUpload: number;
}

/** A stored virtual folder. */
export interface FolderRecord<T> extends StoredRecord<T>, QuotaCounters {}

/** A stored admin. */
export interface AdminRecord<T> extends StoredRecord<T> {
  readonly lastLogin: number;
}

/** A stored API key; `name` is the key id. */
export interface ApiKeyRecord<T> extends StoredRecord<T> {
  /** The key's human name (not unique). */
  readonly label: string;
  readonly lastUseAt: number;
  /** 0 means it never expires. */
  readonly expiresAt: number;
  /** The user the key acts as, if it is bound to one. */
  readonly user: string | undefined;
  /** The admin the key acts as, if it is bound to one. */
  readonly admin: string | undefined;
}

/** A stored share; `name` is the share id. */
export interface ShareRecord<T> extends StoredRecord<T> {
  /** The user who owns the share. */
  readonly username: string;
  readonly usedTokens: number;
  readonly lastUseAt: number;
  /** 0 means it never expires. */
  readonly expiresAt: number;
}

/** A virtual folder mounted for a user or a group. */
export interface FolderMapping {
  /** The folder's name. */
  readonly folder: string;
  /** Where the folder appears, as the client sees it ("/dir"). */
  readonly virtualPath: string;
  readonly quotaSize: number;
  readonly quotaFiles: number;
}

/** A user's membership of a group. */
export interface GroupMapping {
  /** The group's name. */
  readonly group: string;
  /** The membership type (SFTPGo: 1 primary, 2 secondary, 3 membership only). */
  readonly type: number;
}

/** A host known to the defender. */
export interface DefenderHost {
  readonly id: number;
  readonly ip: string;
  /** Banned until this time (ms epoch); 0 if it was never banned. */
  readonly banTime: number;
  /** Time of its latest event (ms epoch). */
  readonly updatedAt: number;
  /** Sum of the scores of its events since the `from` time given to the query. */
  readonly score: number;
}
