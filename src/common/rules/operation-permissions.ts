/**
 * The rule checks of every file operation, as data: for each operation, the checks SFTPGo makes and
 * their order (the first failing one decides the error). `check-operation.ts` runs this table;
 * docs/permissions.md documents it for users.
 */
import type { Permission } from '../../dataprovider/models/index.js';

/** Operations on one virtual path. */
export const PATH_OPERATIONS = [
  /** List the entries of the directory `path`. */
  'listDir',
  /** Stat or lstat `path` (also what WebDAV PROPFIND and FTP SIZE/MDTM need). */
  'stat',
  /** Resolve `path` to its canonical form (SFTP REALPATH). */
  'realpath',
  /** Read the target of the symbolic link `path`; check the path it returns the same way. */
  'readlink',
  /** Open the file `path` for reading. */
  'download',
  /** Read the file `path` to compute a checksum (the `md5sum`… SSH commands). */
  'hash',
  /** Create the new file `path` (also when `path` is a symbolic link, which the upload replaces). */
  'upload',
  /** Replace the contents of the existing file `path`. */
  'overwrite',
  /** Append to the existing file `path` (resume an upload). */
  'resume',
  /** Create the directory `path` on a client request. */
  'mkdir',
  /** Create the missing directory `path` on the way to a copy or upload target (no file pattern check). */
  'mkdirImplicit',
  /** Remove the empty directory `path`. */
  'rmdir',
  /** Remove the file or symbolic link `path`. */
  'removeFile',
  /** Change the mode of `path`. */
  'chmod',
  /** Change the owner and group of `path`. */
  'chown',
  /** Change the access and modification times of `path`. */
  'chtimes',
  /** Change the size of the file `path` (SFTP SETSTAT with a size). */
  'truncate',
  /** Report free space and quota for the directory `path`. */
  'statvfs',
] as const;

/** Operations with a source and a target virtual path. */
export const TWO_PATH_OPERATIONS = [
  /** Rename or move the file (or symbolic link) `source` to `target`. */
  'renameFile',
  /** Rename or move the directory `source` to `target`. */
  'renameDir',
  /** Create the symbolic link `target` pointing to `source` (a relative source resolved from `target`'s directory). */
  'symlink',
  /** Give the regular file `source` a second name, `target` (a hard link). */
  'hardlink',
  /** Copy the file `source` to `target` on the server. */
  'copyFile',
  /** Copy the directory `source` to `target` on the server (its entries are checked one by one). */
  'copyDir',
] as const;

/** An operation on one path. */
export type PathOperation = (typeof PATH_OPERATIONS)[number];
/** An operation with a source and a target. */
export type TwoPathOperation = (typeof TWO_PATH_OPERATIONS)[number];
/** Any file operation. */
export type Operation = PathOperation | TwoPathOperation;

/** A request for an operation on one clean virtual path. */
export interface PathRequest {
  readonly op: PathOperation;
  readonly path: string;
}

/** A request for an operation with two clean virtual paths. */
export interface TwoPathRequest {
  readonly op: TwoPathOperation;
  readonly source: string;
  readonly target: string;
  /**
   * True when something already exists at `target`: a rename then needs `overwrite` on the target's
   * directory, a directory copy does not create the target. Default false.
   */
  readonly targetExists?: boolean;
  /**
   * For `copyFile`: true when the storage copies the file itself, without the server reading and writing
   * it. Only a copy through the server needs `download` on the source's directory and `upload` (or
   * `overwrite`) on the target's. Default false.
   */
  readonly serverSideCopy?: boolean;
}

/** A request for any operation. */
export type OperationRequest = PathRequest | TwoPathRequest;

/** Which path of a one-path request a check looks at. */
export type PathRole = 'path' | 'parent';
/** Which path of a two-path request a check looks at. */
export type TwoPathRole = 'source' | 'sourceParent' | 'target' | 'targetParent';

/**
 * What the file pattern filters do when they deny the name: `policy` fails with not-found under the hide
 * policy and permission-denied otherwise; `permission-denied` always fails with that; `hidden-only`
 * fails (not-found) only for hidden names and lets names denied under the default policy through.
 */
export type PatternOnDeny = 'policy' | 'permission-denied' | 'hidden-only';

/** Request flags a step can depend on. A step applies when every flag it names has that value. */
export interface StepCondition {
  readonly targetExists?: boolean;
  readonly serverSideCopy?: boolean;
}

/** One check of an operation. `R` is the kind of path role the operation's request has. */
export type RuleStep<R extends string> =
  /** `permission` must be granted at the path. */
  | {
      readonly check: 'permission';
      readonly permission: Permission;
      readonly at: R;
      readonly when?: StepCondition;
    }
  /** The file pattern filters must allow the path's name. `exceptRoot` skips the check for "/". */
  | {
      readonly check: 'pattern';
      readonly at: R;
      readonly onDeny: PatternOnDeny;
      readonly exceptRoot?: boolean;
      readonly when?: StepCondition;
    }
  /** The path must not be "/" (permission-denied). */
  | { readonly check: 'not-root'; readonly at: R }
  /** The path must not be a mount point (permission-denied). */
  | { readonly check: 'not-mount-point'; readonly at: R; readonly when?: StepCondition }
  /** No folder may be mounted inside the directory (unsupported). */
  | { readonly check: 'no-mounts-inside'; readonly at: R }
  /** A directory that exists only because of mount points or the start directory: allowed, stop here. */
  | { readonly check: 'virtual-dir-allowed'; readonly at: R }
  /** Source and target must differ (unsupported). */
  | { readonly check: 'not-same-path' }
  /** Source and target must not overlap (unsupported). */
  | { readonly check: 'not-nested' }
  /** Source and target must be on the same storage resource (permission-denied). */
  | { readonly check: 'same-storage' }
  /** Source and target must be in the same mount (unsupported). */
  | { readonly check: 'same-mount' };

const list = (at: PathRole): RuleStep<PathRole> => ({ check: 'permission', permission: 'list', at });
const perm = <R extends string>(permission: Permission, at: R, when?: StepCondition): RuleStep<R> =>
  when === undefined
    ? { check: 'permission', permission, at }
    : { check: 'permission', permission, at, when };
const pattern = <R extends string>(at: R, onDeny: PatternOnDeny): RuleStep<R> => ({
  check: 'pattern',
  at,
  onDeny,
});
const setstat = (permission: Permission): readonly RuleStep<PathRole>[] => [
  pattern('path', 'policy'),
  perm(permission, 'parent'),
];

/** The checks of each one-path operation, in the order they run. */
export const PATH_OPERATION_RULES: Readonly<Record<PathOperation, readonly RuleStep<PathRole>[]>> = {
  // As in SFTPGo, listing needs no file pattern check: entries inside a hidden directory are refused one by
  // one (they are under a hidden directory), and the listing itself leaves hidden names out.
  listDir: [list('path')],
  stat: [
    list('parent'),
    { check: 'virtual-dir-allowed', at: 'path' },
    { check: 'pattern', at: 'path', onDeny: 'hidden-only', exceptRoot: true },
  ],
  realpath: [list('parent')],
  readlink: [list('parent'), pattern('path', 'hidden-only')],
  download: [perm('download', 'parent'), pattern('path', 'policy')],
  hash: [pattern('path', 'policy'), perm('download', 'parent')],
  upload: [pattern('path', 'permission-denied'), perm('upload', 'parent')],
  overwrite: [pattern('path', 'permission-denied'), perm('overwrite', 'parent')],
  resume: [pattern('path', 'permission-denied'), perm('overwrite', 'parent')],
  mkdir: [
    perm('create_dirs', 'parent'),
    pattern('path', 'permission-denied'),
    { check: 'not-mount-point', at: 'path' },
  ],
  mkdirImplicit: [perm('create_dirs', 'parent'), { check: 'not-mount-point', at: 'path' }],
  rmdir: [
    { check: 'not-root', at: 'path' },
    { check: 'not-mount-point', at: 'path' },
    { check: 'no-mounts-inside', at: 'path' },
    perm('delete_dirs', 'parent'),
    pattern('path', 'policy'),
  ],
  removeFile: [perm('delete_files', 'parent'), pattern('path', 'policy')],
  chmod: setstat('chmod'),
  chown: setstat('chown'),
  chtimes: setstat('chtimes'),
  truncate: setstat('overwrite'),
  statvfs: [],
};

const renameChecks = (permission: Permission): readonly RuleStep<TwoPathRole>[] => [
  { check: 'not-same-path' },
  ...renameEntryChecks(permission),
  perm('overwrite', 'targetParent', { targetExists: true }),
];

/**
 * The checks SFTPGo repeats for every entry of a directory being renamed (when it has to walk the tree):
 * same storage, neither side "/" nor a mount point, both names allowed, the rename permission on both
 * sides' directories.
 */
export function renameEntryChecks(permission: Permission): readonly RuleStep<TwoPathRole>[] {
  return [
    { check: 'same-storage' },
    { check: 'not-root', at: 'source' },
    { check: 'not-root', at: 'target' },
    { check: 'not-mount-point', at: 'source' },
    { check: 'not-mount-point', at: 'target' },
    pattern('source', 'permission-denied'),
    pattern('target', 'permission-denied'),
    perm(permission, 'sourceParent'),
    perm(permission, 'targetParent'),
  ];
}

/** The checks of each two-path operation, in the order they run. */
export const TWO_PATH_OPERATION_RULES: Readonly<Record<TwoPathOperation, readonly RuleStep<TwoPathRole>[]>> =
  {
    renameFile: renameChecks('rename_files'),
    renameDir: [
      ...renameChecks('rename_dirs'),
      { check: 'not-nested' },
      { check: 'no-mounts-inside', at: 'source' },
      { check: 'no-mounts-inside', at: 'target' },
    ],
    symlink: [
      { check: 'same-mount' },
      { check: 'not-root', at: 'source' },
      { check: 'not-root', at: 'target' },
      perm('create_symlinks', 'targetParent'),
      perm('create_symlinks', 'sourceParent'),
      pattern('source', 'hidden-only'),
      pattern('target', 'permission-denied'),
    ],
    // A hard link is a new name for the source's data: link permissions as for symbolic links, and both
    // names must pass the file patterns, since the data becomes readable under the new one.
    hardlink: [
      { check: 'same-mount' },
      { check: 'not-root', at: 'source' },
      { check: 'not-root', at: 'target' },
      perm('create_symlinks', 'targetParent'),
      perm('create_symlinks', 'sourceParent'),
      pattern('source', 'policy'),
      pattern('target', 'permission-denied'),
    ],
    copyFile: [
      { check: 'not-same-path' },
      perm('copy', 'source'),
      perm('copy', 'target'),
      pattern('target', 'permission-denied'),
      perm('download', 'sourceParent', { serverSideCopy: false }),
      perm('overwrite', 'targetParent', { serverSideCopy: false, targetExists: true }),
      perm('upload', 'targetParent', { serverSideCopy: false, targetExists: false }),
    ],
    copyDir: [
      { check: 'not-same-path' },
      { check: 'not-nested' },
      perm('create_dirs', 'targetParent', { targetExists: false }),
      { check: 'not-mount-point', at: 'target', when: { targetExists: false } },
      perm('list', 'source'),
    ],
  };

/** The steps of an operation. */
export function rulesFor(op: Operation): readonly (RuleStep<PathRole> | RuleStep<TwoPathRole>)[] {
  return (PATH_OPERATIONS as readonly string[]).includes(op)
    ? PATH_OPERATION_RULES[op as PathOperation]
    : TWO_PATH_OPERATION_RULES[op as TwoPathOperation];
}

/** True for a request on one path. */
export function isPathRequest(request: OperationRequest): request is PathRequest {
  return (PATH_OPERATIONS as readonly string[]).includes(request.op);
}
