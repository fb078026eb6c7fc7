/**
 * What a transfer needs from the connection that opened it: bookkeeping done when it ends (quota,
 * actions, logs) and the connection's list of running transfers.
 */
import type { Logger } from '../../logger/index.js';
import type { FsActionName, FsActionStatus } from '../actions/fs-action-event.js';

/** The fields of an action event a transfer knows; the connection adds the session's. */
export interface TransferActionFields {
  readonly action: FsActionName;
  readonly virtualPath: string;
  readonly hostPath: string;
  readonly fileSize: number;
  readonly status: FsActionStatus;
  readonly elapsed: number;
  readonly provider: number;
  readonly openFlags?: number;
}

/** A change of disk usage. */
export interface QuotaDelta {
  readonly files: number;
  readonly size: number;
}

/** The connection side of a transfer (implemented by `Connection`). */
export interface TransferHost {
  /** The connection's logger (bound to its id, protocol and user). */
  readonly logger: Logger;
  readonly localAddr: string;
  readonly remoteAddr: string;
  /** Records client activity (for the idle checker). */
  touch(): void;
  /** The transfer ended: forget it. */
  detach(transfer: object): void;
  /**
   * Fires an action event. @throws ActionDeniedError when a synchronous action failed (only `upload`
   * cares: the uploaded file is then removed).
   */
  action(fields: TransferActionFields): Promise<void>;
  /** Adds to the disk usage of whoever `virtualPath` (a file) counts against. Never throws. */
  updateQuota(virtualPath: string, delta: QuotaDelta): Promise<void>;
  /** Adds transferred bytes to the user's data transfer counters when limited. Never throws. */
  updateTransferQuota(uploaded: number, downloaded: number): Promise<void>;
  /** Records the user's first upload or download; true when this was the first. Never throws. */
  markFirst(kind: 'upload' | 'download'): Promise<boolean>;
}
