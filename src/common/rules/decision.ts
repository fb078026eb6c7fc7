/**
 * The answer of a rule check: allowed, or denied with what the `Connection` needs to raise a precise
 * error (which error, why, on which path, which permission was missing).
 */
import type { Permission } from '../../dataprovider/models/index.js';

/**
 * The error a denial maps to: `permission-denied` (the client may not do this), `not-found` (a hidden
 * name: it must look absent) or `unsupported` (the operation cannot be done on these paths, whatever
 * the permissions).
 */
export type DenialError = 'permission-denied' | 'not-found' | 'unsupported';

/** Why an operation was denied. */
export type DenialReason =
  /** A permission is not granted (see `missing` and `path`). */
  | 'missing-permission'
  /** A name is denied or hidden by the file pattern filters. */
  | 'file-pattern'
  /** The operation cannot touch the root directory "/". */
  | 'root'
  /** The path is a virtual folder's mount point. */
  | 'mount-point'
  /** Virtual folders are mounted inside the directory. */
  | 'mounts-inside'
  /** Source and target are the same path. */
  | 'same-path'
  /** Source and target directories overlap (one is inside the other). */
  | 'nested'
  /** Source and target are on different storage resources (a rename is impossible). */
  | 'cross-storage'
  /** Source and target are in different mounts (a symbolic link cannot cross them). */
  | 'cross-mount';

/** The operation may go on. */
export interface Allowed {
  readonly allowed: true;
}

/** The operation must stop with `error`. */
export interface Denied {
  readonly allowed: false;
  readonly error: DenialError;
  readonly reason: DenialReason;
  /**
   * The virtual path the failing check looked at: for a missing permission, the directory (or path) whose
   * permissions were read; for a file pattern, the denied entry; otherwise the offending path.
   */
  readonly path: string;
  /** The permission that was not granted, for `missing-permission`. */
  readonly missing?: Permission;
  /** A sentence for logs naming the path (and permission). Never shown as is to clients. */
  readonly message: string;
}

/** The answer of a rule check. */
export type Decision = Allowed | Denied;

/** The shared "allowed" answer. */
export const ALLOWED: Allowed = Object.freeze({ allowed: true });
