/**
 * The file-system actions of `common.actions.execute_on`, with SFTPGo's names. `pre-*` actions run
 * before the operation and can deny it; the others report an operation that happened (or failed).
 */
export const fsActionNames = [
  'pre-upload',
  'upload',
  'first-upload',
  'pre-download',
  'download',
  'first-download',
  'pre-delete',
  'delete',
  'rename',
  'mkdir',
  'rmdir',
  'copy',
  'ssh_cmd',
] as const;
export type FsActionName = (typeof fsActionNames)[number];

/** Outcome of the operation an event reports, as SFTPGo numbers it. */
export const fsActionStatus = { ok: 1, error: 2, quotaExceeded: 3 } as const;
export type FsActionStatus = (typeof fsActionStatus)[keyof typeof fsActionStatus];

/**
 * One file-system event, with the fields SFTPGo sends to hooks (as `SFTPGO_ACTION_*` variables or as
 * the JSON body of an HTTP hook, where the keys are the snake_case of these names).
 */
export interface FsActionEvent {
  readonly action: FsActionName;
  readonly username: string;
  /** Storage path of the file (the local path for local storage). */
  readonly path: string;
  readonly targetPath: string;
  readonly virtualPath: string;
  readonly virtualTargetPath: string;
  readonly sshCmd: string;
  readonly fileSize: number;
  /** Filesystem provider number of the storage the path is on: 0 local, 1 S3, ... */
  readonly fsProvider: number;
  readonly bucket: string;
  readonly endpoint: string;
  readonly status: FsActionStatus;
  /** SFTP, SCP, SSH, FTP, DAV, HTTP, HTTPShare... */
  readonly protocol: string;
  readonly ip: string;
  readonly sessionId: string;
  /** Open flags of the operation (SFTP pflags), 0 when none. */
  readonly openFlags: number;
  readonly role: string;
  /** Nanoseconds since the epoch, as SFTPGo sends it. */
  readonly timestamp: bigint;
  /** Milliseconds the operation took, 0 for pre-actions. */
  readonly elapsed: number;
  /**
   * Metadata of the file the operation produced (name to value), when the front end or backend has any;
   * hooks get it as `SFTPGO_ACTION_METADATA` or the `metadata` JSON object, and nothing when empty.
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A pre-action (or a synchronous action) that failed: the operation it guards must not happen. */
export class ActionDeniedError extends Error {
  readonly code = 'ERR_ACTION_DENIED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionDeniedError';
  }
}

/**
 * Where `Connection` sends its file-system events. `run` resolves when the event needs no waiting
 * (asynchronous actions are queued) or when a synchronous action (`pre-*`, `execute_sync`) succeeded.
 */
export interface FsActionsHandler {
  /** Whether `action` is configured at all: callers skip building events nobody listens to. */
  handles(action: FsActionName): boolean;
  /** @throws ActionDeniedError when a synchronous action for this event fails. */
  run(event: FsActionEvent): Promise<void>;
}
