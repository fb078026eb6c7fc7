/**
 * The storage contract. `Connection` (src/common/) resolves a client's virtual path to one `Fs` (the
 * user's storage or a virtual folder's) and calls it; nothing else touches storage.
 *
 * Paths given to and returned by an `Fs` are virtual paths in that `Fs`'s own namespace: `/` is its
 * root (a user's home directory, a folder's mapped path, a bucket prefix). A virtual folder mounted at
 * `/vdir` is called with `/sub` for the client's `/vdir/sub`; adding and removing the mount point is
 * the caller's job. Every method cleans its paths with `cleanVirtualPath`, so callers may pass them
 * raw, and every method fails with the error classes of `./errors.js` only.
 *
 * Common to all methods (not repeated below):
 * - {@link FsInvalidPathError}: the path has NUL, a lone surrogate, or is too long.
 * - {@link FsOutsideRootError}: resolving the path (through symbolic links) would leave the root.
 * - {@link FsNotFoundError}: a parent directory does not exist.
 * - {@link FsNotDirectoryError}: a parent in the path is not a directory.
 * - {@link FsSymlinkLoopError}: too many symbolic links on the way.
 * - {@link FsPermissionError}: the operating system or storage service refused.
 * - {@link FsError} (`FS_FAILURE`): an I/O error or anything unclassified.
 *
 * The error classes are those of `./errors.js`.
 */

/** What a path names. `other` covers FIFOs, sockets and devices, which are never opened. */
export type FsEntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** Metadata of a file, directory or link. */
export interface FsStats {
  readonly kind: FsEntryKind;
  /** Size in bytes (for a symbolic link, the length of its target text). */
  readonly size: number;
  /** The full POSIX mode: type bits and permission bits (`mode & 0o7777` for the permissions). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly nlink: number;
  readonly atime: Date;
  readonly mtime: Date;
  readonly ctime: Date;
}

/** One directory entry: its name (never `.` or `..`) and its metadata, symbolic links not followed. */
export interface FsDirEntry extends FsStats {
  readonly name: string;
}

/**
 * How to open a file. At least one of `read` and `write` is set; `truncate` and `append` need `write`;
 * `exclusive` needs `create` (which POSIX allows with `read` alone).
 */
export interface FsOpenFlags {
  readonly read?: boolean;
  readonly write?: boolean;
  /** Create the file when it does not exist (with the `mode` given to `open`). */
  readonly create?: boolean;
  /** Empty the file once opened. */
  readonly truncate?: boolean;
  /** Every write goes to the end of the file, whatever position it names. */
  readonly append?: boolean;
  /** With `create`: fail with {@link FsExistsError} when the path exists (even as a dangling link). */
  readonly exclusive?: boolean;
}

/** File system statistics, with the fields of the SFTP `statvfs@openssh.com` reply. */
export interface FsStatVfs {
  /** Block size. */
  readonly bsize: number;
  /** Fragment size (the unit of `blocks`, `bfree` and `bavail`). */
  readonly frsize: number;
  readonly blocks: number;
  readonly bfree: number;
  /** Free blocks available to unprivileged users. */
  readonly bavail: number;
  readonly files: number;
  readonly ffree: number;
  readonly favail: number;
  readonly fsid: number;
  /** Mount flags: bit 0 read-only, bit 1 no set-uid. */
  readonly flag: number;
  /** Longest file name. */
  readonly namemax: number;
}

/**
 * What a backend can do, so that callers refuse an operation with a clear error before trying it.
 * A method whose flag is false throws {@link FsUnsupportedError}.
 */
export interface FsCapabilities {
  /** `rename` replaces the target in one step, so uploads can go to a temporary name first. */
  readonly atomicRename: boolean;
  /** A file can be reopened for writing at an offset (resumed uploads, SFTP random writes). */
  readonly resume: boolean;
  readonly symlinks: boolean;
  readonly chmod: boolean;
  readonly chown: boolean;
  /** `link` makes a second name for a regular file. */
  readonly hardlinks: boolean;
  /** `copyFile` copies inside the backend, without the data passing through the server. */
  readonly serverSideCopy: boolean;
  readonly statvfs: boolean;
}

/** An open file. Positions are absolute byte offsets; there is no implicit file pointer. */
export interface FsFileHandle {
  /**
   * Reads up to `length` bytes at `position` into `buffer` from `offset`.
   * @returns the number of bytes read: 0 at or past the end of the file.
   * @throws {FsInvalidArgumentError} when the offsets do not fit the buffer; {@link FsClosedError}
   *   after `close()`; {@link FsError} on I/O failure.
   */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /**
   * Writes `length` bytes of `buffer`, from `offset`, at `position` (or at the end with `append`); a
   * position past the end leaves a hole of zeros.
   * @returns `length`: everything is written, or the method throws.
   * @throws {FsNoSpaceError} when the disk is full; {@link FsInvalidArgumentError}; {@link FsClosedError};
   *   {@link FsError} on I/O failure.
   */
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /** Metadata of the open file. @throws {FsClosedError}; {@link FsError}. */
  stat(): Promise<FsStats>;
  /** Sets the size, cutting or extending with zeros. @throws {FsInvalidArgumentError} for a negative size. */
  truncate(size: number): Promise<void>;
  /** Flushes the file's data and metadata to stable storage. @throws {FsClosedError}; {@link FsError}. */
  sync(): Promise<void>;
  /** Closes the handle; calling it again does nothing. @throws {FsError} when the final flush fails. */
  close(): Promise<void>;
}

/**
 * A directory being listed, a page at a time, so that a huge directory never sits whole in memory.
 * Pages come in the backend's order (not sorted). Entries added or removed while listing may or may
 * not appear.
 */
export interface DirLister {
  /**
   * The next entries, at most `limit` (an integer of at least 1).
   * @returns an empty array once the listing is over (the lister then closes itself).
   * @throws {FsInvalidArgumentError} for a bad `limit` or a call while another is running;
   *   {@link FsAbortedError} when the `signal` given to `readdir` fired; {@link FsClosedError} after
   *   `close()`; {@link FsError} on I/O failure.
   */
  next(limit: number): Promise<FsDirEntry[]>;
  /** Stops the listing and frees its resources; calling it again does nothing. */
  close(): Promise<void>;
}

/** Options of long-running operations. */
export interface FsAbortOptions {
  /** When it fires, the operation stops and throws {@link FsAbortedError}. */
  readonly signal?: AbortSignal;
}

/**
 * A storage backend. See the file comment for the errors every method may throw; each method lists
 * the others. Methods that change "/" itself (remove it, rename it, put a link there) throw
 * {@link FsPermissionError}.
 */
export interface Fs {
  readonly capabilities: FsCapabilities;

  /**
   * Metadata of what `virtualPath` names, following symbolic links.
   * @throws {FsNotFoundError} when nothing is there (or a link dangles).
   */
  stat(virtualPath: string): Promise<FsStats>;

  /**
   * Metadata of what `virtualPath` names; a symbolic link is described itself, not followed.
   * @throws {FsNotFoundError} when nothing is there.
   */
  lstat(virtualPath: string): Promise<FsStats>;

  /**
   * Opens a regular file, following symbolic links. `mode` (default `0o666`) sets the permissions of a
   * created file; the process umask still applies, and the caller applies the user's own umask.
   * @throws {FsInvalidArgumentError} when the flags contradict each other.
   * @throws {FsNotFoundError} when the file does not exist and `create` is not set.
   * @throws {FsExistsError} with `create` and `exclusive` when the path exists.
   * @throws {FsIsDirectoryError} when the path is a directory.
   * @throws {FsUnsupportedError} when the path is not a regular file (FIFO, socket, device).
   * @throws {FsNoSpaceError} when a file cannot be created for lack of space or inodes.
   */
  open(virtualPath: string, flags: FsOpenFlags, mode?: number): Promise<FsFileHandle>;

  /**
   * Starts listing a directory (following symbolic links to reach it).
   * @throws {FsNotFoundError} when it does not exist; {@link FsNotDirectoryError} when it is not a
   *   directory; {@link FsAbortedError} when the signal has already fired.
   */
  readdir(virtualPath: string, options?: FsAbortOptions): Promise<DirLister>;

  /**
   * Creates one directory (not its parents). `mode` defaults to `0o777`; umasks apply as for `open`.
   * @throws {FsExistsError} when the path exists, as anything (a dangling link included).
   * @throws {FsNoSpaceError} when the disk is full.
   */
  mkdir(virtualPath: string, mode?: number): Promise<void>;

  /**
   * Renames (moves) `from` to `to`, replacing `to` when it is a file, or an empty directory and `from`
   * is a directory (POSIX rules; the caller checks "overwrite" permissions first). A symbolic link is
   * renamed itself. Renaming a path to itself does nothing.
   * @throws {FsNotFoundError} when `from` does not exist.
   * @throws {FsIsDirectoryError} when `to` is a directory and `from` is not.
   * @throws {FsNotDirectoryError} when `from` is a directory and `to` is not.
   * @throws {FsNotEmptyError} when `to` is a directory with entries.
   * @throws {FsInvalidArgumentError} when a directory would move into itself.
   * @throws {FsCrossDeviceError} when `from` and `to` are on different filesystems.
   */
  rename(from: string, to: string): Promise<void>;

  /**
   * Removes a file or a symbolic link (never what the link points to).
   * @throws {FsNotFoundError} when nothing is there; {@link FsIsDirectoryError} for a directory.
   */
  remove(virtualPath: string): Promise<void>;

  /**
   * Removes an empty directory. A symbolic link to a directory is not a directory here.
   * @throws {FsNotFoundError}; {@link FsNotDirectoryError} when it is not a directory;
   *   {@link FsNotEmptyError} when it has entries.
   */
  rmdir(virtualPath: string): Promise<void>;

  /**
   * Creates a symbolic link at `linkPath` pointing to `target`. An absolute `target` is a virtual path
   * (`/dir/file`: the root's `dir/file`); a relative one is taken from the link's directory. The target
   * need not exist, but it must stay inside the root, through any links it crosses.
   * @throws {FsOutsideRootError} when `target` would point outside the root.
   * @throws {FsExistsError} when something is at `linkPath`.
   * @throws {FsInvalidPathError} when `target` is empty or malformed.
   * @throws {FsUnsupportedError} when the backend has no symbolic links.
   */
  symlink(target: string, linkPath: string): Promise<void>;

  /**
   * Where a symbolic link points, as an absolute virtual path (a relative target is taken from the
   * link's directory). Only this link is read, not a chain.
   * @throws {FsNotFoundError}; {@link FsInvalidArgumentError} when the path is not a symbolic link;
   *   {@link FsOutsideRootError} when the link points outside the root;
   *   {@link FsUnsupportedError} when the backend has no symbolic links.
   */
  readlink(linkPath: string): Promise<string>;

  /**
   * Sets permission bits (`mode & 0o7777`), following symbolic links.
   * @throws {FsNotFoundError}; {@link FsUnsupportedError} when the backend cannot.
   */
  chmod(virtualPath: string, mode: number): Promise<void>;

  /**
   * Sets the owner; `-1` leaves `uid` or `gid` unchanged. Usually needs a privileged server process.
   * @throws {FsNotFoundError}; {@link FsPermissionError}; {@link FsUnsupportedError} when the backend cannot.
   */
  chown(virtualPath: string, uid: number, gid: number): Promise<void>;

  /**
   * Sets access and modification times, following symbolic links.
   * @throws {FsNotFoundError}; {@link FsUnsupportedError} when the backend cannot.
   */
  chtimes(virtualPath: string, atime: Date, mtime: Date): Promise<void>;

  /**
   * Sets a regular file's size, following symbolic links.
   * @throws {FsNotFoundError}; {@link FsIsDirectoryError} for a directory; {@link FsUnsupportedError}
   *   for a FIFO, socket or device; {@link FsInvalidArgumentError} for a negative size.
   */
  truncate(virtualPath: string, size: number): Promise<void>;

  /**
   * Statistics of the filesystem holding `virtualPath`.
   * @throws {FsNotFoundError}; {@link FsUnsupportedError} when the backend (or the OS) cannot tell.
   */
  statvfs(virtualPath: string): Promise<FsStatVfs>;

  /**
   * The canonical virtual path of `virtualPath`: cleaned, with every symbolic link resolved. Names
   * need not exist (clients ask for the real path of what they are about to create): from the first
   * missing one on, the rest is taken as written.
   */
  realpath(virtualPath: string): Promise<string>;

  /**
   * Optional (see `capabilities.serverSideCopy`): copies the regular file `from` to `to` inside the
   * backend, replacing `to` when it is a file. Directories are the caller's to walk.
   * @throws {FsNotFoundError}; {@link FsIsDirectoryError} when either is a directory;
   *   {@link FsInvalidArgumentError} when both name the same file; {@link FsNoSpaceError};
   *   {@link FsAbortedError} when the signal fires (`to` is then left partly written).
   */
  copyFile?(from: string, to: string, options?: FsAbortOptions): Promise<void>;

  /**
   * Optional (see `capabilities.hardlinks`): gives the regular file `existing` a second name,
   * `linkPath` (a hard link). A symbolic link at `existing` is not followed and is refused, like
   * anything that is not a regular file.
   * @throws {FsNotFoundError} when `existing` does not exist; {@link FsExistsError} when something is
   *   at `linkPath`; {@link FsIsDirectoryError} when `existing` is a directory;
   *   {@link FsUnsupportedError} when it is another kind of entry or the backend cannot link;
   *   {@link FsCrossDeviceError} when the two names are on different filesystems.
   */
  link?(existing: string, linkPath: string): Promise<void>;
}
