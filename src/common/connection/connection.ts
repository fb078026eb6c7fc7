/**
 * One authenticated session, whatever the protocol. Every file operation a front end performs goes
 * through these methods, which run SFTPGo's steps in the same order each time: clean the virtual path,
 * check the rules (permissions, file patterns, virtual folders), check quotas, run the pre-action,
 * resolve the storage and call it, update the quota, write the command log record, fire the
 * post-action. Errors are the classes of `./errors.js`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DataProvider, User } from '../../dataprovider/index.js';
import { FS_PROVIDERS } from '../../dataprovider/index.js';
import type { CommandLogRecord, LogProtocol, Logger } from '../../logger/index.js';
import type { FsDirEntry, FsFileHandle, FsStats, FsStatVfs } from '../../vfs/index.js';
import { FsExistsError, FsNotFoundError, cleanVirtualPath } from '../../vfs/index.js';
import type { FsActionName, FsActionsHandler } from '../actions/fs-action-event.js';
import { fsActionStatus } from '../actions/fs-action-event.js';
import type { ActiveConnection, TransferInfo } from '../connection-info.js';
import type { MovedEntry, OperationRequest, TransferQuota, UploadMode } from '../rules/index.js';
import {
  baseName,
  checkOperation,
  checkQuota,
  checkQuotaForUpload,
  checkRenameEntry,
  checkRenameQuota,
  dirsForPath,
  hasDownloadSpace,
  hasPerm,
  hasPerms,
  hasQuotaRestrictions,
  hasUploadSpace,
  hasVirtualFoldersInside,
  isVirtualDir,
  joinPath,
  parentDir,
  pathsOverlap,
  planListing,
  quotaTargetForPath,
  renameDirNeedsWalk,
  renameNeedsQuotaCheck,
  resolveVirtualFolder,
  transferAllowance,
} from '../rules/index.js';
import type { BaseTransfer } from '../transfer/base-transfer.js';
import { bandwidthFor } from '../transfer/bandwidth.js';
import { DownloadTransfer } from '../transfer/download-transfer.js';
import type { TransferActionFields, TransferHost } from '../transfer/transfer-host.js';
import { UploadTransfer } from '../transfer/upload-transfer.js';
import type { ActionFields } from './action-emitter.js';
import { ActionEmitter } from './action-emitter.js';
import type { ConnectionDirLister } from './dir-lister.js';
import { MergedDirLister } from './dir-lister.js';
import {
  ExistsError,
  FailureError,
  PermissionDeniedError,
  QuotaExceededError,
  ReadQuotaExceededError,
  UnsupportedError,
  connectionErrorFromDecision,
  toConnectionError,
} from './errors.js';
import type { ResolvedPath } from './fs-resolver.js';
import { FsResolver } from './fs-resolver.js';
import type { ConnectionSettings, UploadStrategy } from './settings.js';
import { DEFAULT_LIST_PAGE, DEFAULT_MAX_IO_SIZE, uploadStrategy } from './settings.js';
import { MAX_TREE_DEPTH, copyFileBetween, removeTree, treeUsage, walkTree } from './tree.js';
import { UsageBook } from './usage-book.js';

/** How an upload opens its target: for writing, created if missing, emptied if not. */
const UPLOAD_OPEN = { write: true, create: true, truncate: true } as const;

/** What a {@link Connection} is built from. */
export interface ConnectionOptions {
  /** Unique per process, e.g. `SFTP_<random>`. */
  readonly id: string;
  /** The authenticated user, as the provider returned it. */
  readonly user: User;
  readonly protocol: LogProtocol;
  /** Client address with port. */
  readonly remoteAddress: string;
  /** Client IP without port (after the PROXY protocol). */
  readonly remoteIp: string;
  /** The address the client connected to, for logs; default `""`. */
  readonly localAddress?: string;
  readonly provider: DataProvider;
  readonly actions: FsActionsHandler;
  /** The server logger; the connection binds its id, protocol and user to it. */
  readonly logger: Logger;
  readonly settings: ConnectionSettings;
  /** Clock in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/** Attributes {@link Connection.setstat} may change; unset ones are left alone. */
export interface SetstatAttributes {
  /** Permission bits. */
  readonly mode?: number;
  /** -1 or unset leaves it unchanged. */
  readonly uid?: number;
  readonly gid?: number;
  readonly atime?: Date;
  readonly mtime?: Date;
  /** Truncates or extends the file. */
  readonly size?: number;
}

/** How {@link Connection.openForWrite} opens the file. */
export interface OpenForWriteOptions {
  /**
   * Replace an existing file's contents. Without it an existing file is written in place (a resume
   * when the client writes from its end).
   */
  readonly truncate?: boolean;
  /**
   * Append mode (SFTP `APPEND`): writes before the end of an existing file are refused. Writes still
   * go to the offsets given, as SFTPGo does.
   */
  readonly append?: boolean;
  /** Fail with {@link ExistsError} when the path exists. */
  readonly exclusive?: boolean;
  /** For a resume: the offset the client announced; it must be the file's size. */
  readonly offset?: number;
  /** Open flags reported to actions (SFTP pflags); default 0. */
  readonly openFlags?: number;
}

/** What {@link Connection.openSystemCommand} grants: where the command runs and how to end it. */
export interface SystemCommandScope {
  /** Host path of the command's path. */
  readonly hostPath: string;
  /** Host path of the user's root (the command's working directory). */
  readonly rootHostPath: string;
  /**
   * Bytes the client may send to the command: what the disk quota and the data transfer quota still
   * allow when it starts; -1 for no limit.
   */
  readonly uploadLimit: number;
  /** Bytes the command may send to the client (data transfer quota); -1 for no limit. */
  readonly downloadLimit: number;
  /** Whether the user may create symbolic links there (`create_symlinks`). */
  readonly maySymlink: boolean;
  /** Records activity (bytes moved), so that a long command does not make the session look idle. */
  touch(): void;
  /**
   * Measures the path again and applies the usage change to the disk quota, and the bytes moved to the
   * data transfer quota. Never throws for the quota updates.
   */
  end(moved: { readonly received: number; readonly sent: number }): Promise<void>;
}

/** What {@link Connection.sshCommandDone} reports. */
export interface SshCommandDone {
  /** The command's name (`md5sum`, `git-receive-pack`...), sent to actions as `ssh_cmd`. */
  readonly command: string;
  /** The whole command line, for the log record. */
  readonly commandLine: string;
  /** The virtual path the command worked on, when it had one. */
  readonly path?: string;
  /** The second path (`sftpgo-copy`'s destination). */
  readonly targetPath?: string;
  /** Why it failed; unset when it succeeded. */
  readonly error?: unknown;
  /** When it started (ms since the epoch). */
  readonly started: number;
}

/** Hash algorithms of {@link Connection.hash}. */
export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
const HASH_ALGORITHMS: readonly string[] = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];

/** What an action event needs besides the session's fields. */
interface EventFields {
  readonly action: FsActionName;
  readonly r: Pick<ResolvedPath, 'hostPath' | 'provider'>;
  readonly virtualPath: string;
  readonly target?: { readonly r: Pick<ResolvedPath, 'hostPath'>; readonly virtualPath: string };
  readonly fileSize: number;
  readonly status?: 1 | 2 | 3;
  readonly elapsed?: number;
  readonly openFlags?: number;
}

const EPOCH = new Date(0);
/** A directory that exists only because of mount points or the start directory. */
function virtualDirStats(name?: string): FsStats & { name?: string } {
  return {
    ...(name === undefined ? {} : { name }),
    kind: 'directory',
    size: 0,
    mode: 0o40755,
    uid: 0,
    gid: 0,
    nlink: 1,
    atime: EPOCH,
    mtime: EPOCH,
    ctime: EPOCH,
  };
}

/** See the file comment. Implements the registry's {@link ActiveConnection}. */
export class Connection implements ActiveConnection {
  readonly id: string;
  readonly username: string;
  readonly protocol: LogProtocol;
  readonly remoteIp: string;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly connectedAt: number;
  readonly user: User;
  readonly #usage: UsageBook;
  readonly #events: ActionEmitter;
  readonly #logger: Logger;
  readonly #settings: ConnectionSettings;
  readonly #now: () => number;
  readonly #resolver: FsResolver;
  readonly #transfers = new Set<BaseTransfer>();
  readonly #closeCallbacks: ((reason: string) => void)[] = [];
  readonly #host: TransferHost;
  readonly #options: ConnectionOptions;
  /** Connections of this session's SSH command channels ({@link Connection.forChannel}). */
  readonly #channels = new Set<Connection>();
  #parent: Connection | undefined;
  #lastActivity: number;
  #nextTransferId = 1;
  #closedReason: string | undefined;

  constructor(options: ConnectionOptions) {
    this.id = options.id;
    this.user = options.user;
    this.username = options.user.username;
    this.protocol = options.protocol;
    this.remoteIp = options.remoteIp;
    this.remoteAddress = options.remoteAddress;
    this.localAddress = options.localAddress ?? '';
    this.#options = options;
    this.#settings = options.settings;
    this.#now = options.now ?? Date.now;
    this.connectedAt = this.#now();
    this.#lastActivity = this.connectedAt;
    this.#logger = options.logger.child({
      connectionId: options.id,
      protocol: options.protocol,
      username: options.user.username,
    });
    this.#resolver = new FsResolver(options.user);
    this.#usage = new UsageBook({
      provider: options.provider,
      user: options.user,
      logger: this.#logger,
      sender: options.protocol,
    });
    this.#events = new ActionEmitter({
      actions: options.actions,
      logger: this.#logger,
      session: {
        id: options.id,
        username: options.user.username,
        protocol: options.protocol,
        remoteIp: options.remoteIp,
        role: options.user.role,
      },
      now: this.#now,
    });
    this.#host = this.#makeHost();
  }

  // ---- ActiveConnection ----

  lastActivity(): number {
    return this.#lastActivity;
  }

  activeTransfers(): readonly TransferInfo[] {
    const own = [...this.#transfers].map((t) => t.info());
    return own.concat(...[...this.#channels].map((c) => c.activeTransfers()));
  }

  /** Most directory levels a walk of a tree goes down (`sftpgo-remove`, SCP `-r` and the copies). */
  get maxTreeDepth(): number {
    return this.#settings.maxTreeDepth ?? MAX_TREE_DEPTH;
  }

  /** True once {@link Connection.close} ran. */
  get closed(): boolean {
    return this.#closedReason !== undefined;
  }

  /** Registers a callback run once when the connection is closed from the server side. */
  onClose(callback: (reason: string) => void): void {
    this.#closeCallbacks.push(callback);
  }

  /**
   * Closes the connection from the server side: running transfers end as failed (an atomic upload
   * leaves no partial target), later calls fail, and the close callbacks run. Never throws.
   */
  close(reason: string): void {
    if (this.#closedReason !== undefined) return;
    this.#closedReason = reason;
    this.#logger.info(this.protocol, `connection closed: ${reason}`);
    for (const transfer of this.#transfers) {
      transfer.close({ error: new FailureError(`connection closed: ${reason}`) }).catch(() => undefined);
    }
    for (const channel of this.#channels) channel.close(reason);
    for (const callback of this.#closeCallbacks) {
      try {
        callback(reason);
      } catch (err) {
        this.#logger.warn(this.protocol, 'close callback failed', { error: String(err) });
      }
    }
  }

  // ---- metadata ----

  /**
   * Metadata of `path`, following symbolic links. A directory that exists only as the way to a mount
   * point is reported as an empty directory.
   * @throws {NotFoundError}, {@link PermissionDeniedError}, {@link InvalidPathError}, {@link FailureError}.
   */
  async stat(path: string): Promise<FsStats> {
    return this.#statWith(path, 'stat');
  }

  /** As {@link Connection.stat}, without following a final symbolic link. */
  async lstat(path: string): Promise<FsStats> {
    return this.#statWith(path, 'lstat');
  }

  async #statWith(path: string, how: 'stat' | 'lstat'): Promise<FsStats> {
    const p = this.#begin(path);
    this.#check({ op: 'stat', path: p });
    const r = await this.#resolver.resolve(p);
    try {
      return await r.fs[how](r.fsPath);
    } catch (err) {
      if (err instanceof FsNotFoundError && isVirtualDir(this.user, p)) return virtualDirStats();
      throw toConnectionError(err, p);
    }
  }

  /**
   * Lists the directory `path` a page at a time: first the directories that exist through mount points,
   * then the storage's entries, leaving out names hidden by the file patterns.
   * @throws {PermissionDeniedError} without the `list` permission; {@link NotFoundError}; {@link FailureError}.
   */
  async listDir(path: string): Promise<ConnectionDirLister> {
    const p = this.#begin(path);
    this.#check({ op: 'listDir', path: p });
    const plan = planListing(this.user, p);
    const virtualEntries: FsDirEntry[] = [];
    for (const name of plan.virtualDirs) {
      const child = joinPath(p, name);
      let entry: FsDirEntry = { ...virtualDirStats(), name };
      try {
        const cr = await this.#resolver.resolve(child);
        entry = { ...(await cr.fs.stat(cr.fsPath)), name };
      } catch {
        // An unavailable folder still shows as a directory.
      }
      virtualEntries.push(entry);
    }
    const r = await this.#resolver.resolve(p);
    let storage;
    try {
      storage = await r.fs.readdir(r.fsPath);
    } catch (err) {
      if (!(err instanceof FsNotFoundError && isVirtualDir(this.user, p))) throw toConnectionError(err, p);
    }
    return new MergedDirLister({
      plan,
      virtualEntries,
      storage,
      virtualPath: p,
      maxPage: this.#settings.maxListPage ?? DEFAULT_LIST_PAGE,
    });
  }

  /**
   * The canonical virtual path of `path` (symbolic links resolved; missing names kept as written).
   * @throws {PermissionDeniedError} without `list` on the parent; {@link FailureError}.
   */
  async realpath(path: string): Promise<string> {
    const p = this.#begin(path);
    this.#check({ op: 'realpath', path: p });
    const r = await this.#resolver.resolve(p);
    return this.#resolver.toVirtual(r, await this.#fs(r.fs.realpath(r.fsPath), p));
  }

  /**
   * Where the symbolic link `path` points, as a virtual path.
   * @throws {PermissionDeniedError}; {@link NotFoundError} (also for a hidden target); {@link FailureError}.
   */
  async readlink(path: string): Promise<string> {
    const p = this.#begin(path);
    this.#check({ op: 'readlink', path: p });
    const r = await this.#resolver.resolve(p);
    const target = this.#resolver.toVirtual(r, await this.#fs(r.fs.readlink(r.fsPath), p));
    this.#check({ op: 'readlink', path: target });
    return target;
  }

  /**
   * File system statistics for `path`; with a disk quota, the sizes and file counts are the quota's.
   * @throws {UnsupportedError} when the storage cannot tell and no quota applies; {@link FailureError}.
   */
  async statvfs(path: string): Promise<FsStatVfs> {
    const p = this.#begin(path);
    this.#check({ op: 'statvfs', path: p });
    const r = await this.#resolver.resolve(p);
    const target = quotaTargetForPath(this.user, joinPath(p, 'x'));
    const limited = hasQuotaRestrictions(target.limits, true);
    let base: FsStatVfs;
    try {
      base = await r.fs.statvfs(r.fsPath);
    } catch (err) {
      if (!limited) throw toConnectionError(err, p);
      base = {
        bsize: 4096,
        frsize: 4096,
        blocks: 0,
        bfree: 0,
        bavail: 0,
        files: 0,
        ffree: 0,
        favail: 0,
        fsid: 0,
        flag: 0,
        namemax: 255,
      };
    }
    if (!limited) return base;
    const usage = await this.#usage.usage(target);
    let result = { ...base };
    if (usage.quotaSize > 0) {
      let bsize = 4096;
      while (bsize > usage.quotaSize && bsize > 1) bsize = Math.floor(bsize / 4) || 1;
      const free = Math.max(0, Math.floor((usage.quotaSize - usage.usedSize) / bsize));
      result = {
        ...result,
        bsize,
        frsize: bsize,
        blocks: Math.floor(usage.quotaSize / bsize),
        bfree: free,
        bavail: free,
      };
    }
    if (usage.quotaFiles > 0) {
      const free = Math.max(0, usage.quotaFiles - usage.usedFiles);
      result = { ...result, files: usage.quotaFiles, ffree: free, favail: free };
    }
    return result;
  }

  // ---- directories and files ----

  /**
   * Creates the directory `path` (with the user's uid/gid when the server runs as root).
   * @throws {PermissionDeniedError}; {@link ExistsError}; {@link NotFoundError} for a missing parent.
   */
  async mkdir(path: string): Promise<void> {
    const started = this.#now();
    const p = this.#begin(path);
    this.#check({ op: 'mkdir', path: p });
    const r = await this.#resolver.resolve(p);
    await this.#fs(r.fs.mkdir(r.fsPath, this.#createMode(0o777)), p);
    await this.#chownCreated(r);
    this.#logCommand({ command: 'Mkdir', filePath: r.hostPath, virtualPath: p }, started);
    await this.#notify({ action: 'mkdir', r, virtualPath: p, fileSize: 0, started });
  }

  /**
   * Removes the empty directory `path`.
   * @throws {PermissionDeniedError}; {@link NotFoundError}; {@link NotEmptyError}; {@link FailureError}
   *   when it is not a directory; {@link UnsupportedError} when folders are mounted inside.
   */
  async rmdir(path: string): Promise<void> {
    const started = this.#now();
    const p = this.#begin(path);
    this.#check({ op: 'rmdir', path: p });
    const r = await this.#resolver.resolve(p);
    const st = await this.#fs(r.fs.lstat(r.fsPath), p);
    if (st.kind !== 'directory') {
      throw new FailureError(`rmdir: ${JSON.stringify(p)} is not a directory`, { virtualPath: p });
    }
    await this.#fs(r.fs.rmdir(r.fsPath), p);
    this.#logCommand({ command: 'Rmdir', filePath: r.hostPath, virtualPath: p }, started);
    await this.#notify({ action: 'rmdir', r, virtualPath: p, fileSize: 0, started });
  }

  /**
   * Removes the file or symbolic link `path`. As in SFTPGo, a configured `pre-delete` action that
   * succeeds is taken to have deleted (or moved) the file itself: the storage is not touched and no
   * `delete` action runs; when it fails, the file is removed normally.
   * @throws {PermissionDeniedError}; {@link NotFoundError}; {@link FailureError} for a directory.
   */
  async remove(path: string): Promise<void> {
    const started = this.#now();
    const p = this.#begin(path);
    this.#check({ op: 'removeFile', path: p });
    const r = await this.#resolver.resolve(p);
    const st = await this.#fs(r.fs.lstat(r.fsPath), p);
    if (st.kind === 'directory') {
      throw new FailureError(`remove: ${JSON.stringify(p)} is a directory`, { virtualPath: p });
    }
    let handledByAction = false;
    if (this.#events.handles('pre-delete')) {
      try {
        await this.#events.run(this.#fields({ action: 'pre-delete', r, virtualPath: p, fileSize: st.size }));
        handledByAction = true;
      } catch {
        handledByAction = false;
      }
    }
    if (!handledByAction) await this.#fs(r.fs.remove(r.fsPath), p);
    if (st.kind === 'file') await this.#usage.apply(parentDir(p), { files: -1, size: -st.size });
    this.#logCommand({ command: 'Remove', filePath: r.hostPath, virtualPath: p }, started);
    if (!handledByAction)
      await this.#notify({ action: 'delete', r, virtualPath: p, fileSize: st.size, started });
  }

  /**
   * Renames (moves) `from` to `to`: a file replaces a file; a directory is checked entry by entry when
   * its tree has permissions of its own; moves between quotas are checked and accounted; between two
   * local roots the data is copied, then the source removed.
   * @throws {PermissionDeniedError} (also across storages); {@link NotFoundError};
   *   {@link QuotaExceededError}; {@link UnsupportedError} for same, nested or mount paths;
   *   {@link NotEmptyError}; {@link FailureError}.
   */
  async rename(from: string, to: string): Promise<void> {
    const started = this.#now();
    const source = this.#begin(from);
    const target = this.#clean(to);
    const rs = await this.#resolver.resolve(source);
    const rt = await this.#resolver.resolve(target);
    const srcStat = await this.#fs(rs.fs.lstat(rs.fsPath), source);
    const dstStat = await this.#lstatOrUndefined(rt, target);
    const isDir = srcStat.kind === 'directory';
    this.#check({
      op: isDir ? 'renameDir' : 'renameFile',
      source,
      target,
      targetExists: dstStat !== undefined,
    });
    if (isDir && renameDirNeedsWalk(this.user, source, target)) {
      for await (const item of walkTree(rs.fs, rs.fsPath, this.maxTreeDepth)) {
        const decision = checkRenameEntry(this.user, {
          source: joinPath(source, item.relative.slice(1)),
          target: joinPath(target, item.relative.slice(1)),
          kind: item.entry.kind === 'directory' ? 'dir' : 'file',
        });
        if (!decision.allowed) throw connectionErrorFromDecision(decision);
      }
    }
    const overwrittenSize = dstStat?.kind === 'file' ? dstStat.size : undefined;
    const movesQuota = renameNeedsQuotaCheck(this.user, source, target);
    let moved: MovedEntry = { kind: 'other' };
    if (movesQuota) {
      moved = isDir
        ? { kind: 'dir', ...(await this.#fs(treeUsage(rs.fs, rs.fsPath, this.maxTreeDepth), source)) }
        : srcStat.kind === 'file'
          ? { kind: 'file', size: srcStat.size }
          : { kind: 'other' };
      const usage = await this.#usage.usage(quotaTargetForPath(this.user, target));
      if (
        !checkRenameQuota({ usage, moved, ...(overwrittenSize === undefined ? {} : { overwrittenSize }) })
      ) {
        throw new QuotaExceededError(`rename: no room in the quota of ${JSON.stringify(target)}`, {
          virtualPath: target,
        });
      }
    }
    if (rs.fs === rt.fs) {
      await this.#fs(rs.fs.rename(rs.fsPath, rt.fsPath), source);
    } else {
      await this.#fs(this.#moveAcross(rs, rt, isDir, srcStat.mode), source);
    }
    if (overwrittenSize !== undefined)
      await this.#usage.apply(parentDir(target), { files: -1, size: -overwrittenSize });
    if (movesQuota && moved.kind !== 'other') {
      const delta = { files: moved.kind === 'file' ? 1 : moved.files, size: moved.size };
      await this.#usage.apply(parentDir(source), { files: -delta.files, size: -delta.size });
      await this.#usage.apply(parentDir(target), delta);
    }
    this.#logCommand(
      {
        command: 'Rename',
        filePath: rs.hostPath,
        targetPath: rt.hostPath,
        virtualPath: source,
        virtualTargetPath: target,
      },
      started,
    );
    await this.#notify({
      action: 'rename',
      r: rs,
      virtualPath: source,
      target: { r: rt, virtualPath: target },
      fileSize: srcStat.kind === 'file' ? srcStat.size : 0,
      started,
    });
  }

  async #moveAcross(rs: ResolvedPath, rt: ResolvedPath, isDir: boolean, mode: number): Promise<void> {
    if (!isDir) {
      await copyFileBetween({ src: rs.fs, from: rs.fsPath, dst: rt.fs, to: rt.fsPath, mode: mode & 0o777 });
      await rs.fs.remove(rs.fsPath);
      return;
    }
    await this.#copyTree(rs, rt);
    await removeTree(rs.fs, rs.fsPath, this.maxTreeDepth);
  }

  async #copyTree(
    rs: ResolvedPath,
    rt: ResolvedPath,
    check?: (relative: string, kind: 'dir' | 'file') => void,
  ): Promise<void> {
    const top = await this.#lstatOrUndefined(rt, rt.fsPath);
    if (top === undefined) await rt.fs.mkdir(rt.fsPath, this.#createMode(0o777));
    for await (const item of walkTree(rs.fs, rs.fsPath, this.maxTreeDepth)) {
      const to = joinPath(rt.fsPath, item.relative.slice(1));
      if (item.entry.kind === 'directory') {
        check?.(item.relative, 'dir');
        const existing = await this.#lstatOrUndefined({ ...rt, fsPath: to }, to);
        if (existing === undefined) await rt.fs.mkdir(to, this.#createMode(0o777));
      } else if (item.entry.kind === 'file') {
        check?.(item.relative, 'file');
        await copyFileBetween({
          src: rs.fs,
          from: item.fsPath,
          dst: rt.fs,
          to,
          mode: this.#createMode(item.entry.mode & 0o777),
        });
      }
      // Symbolic links and special files are not copied.
    }
  }

  /**
   * Copies the file or directory `from` to `to` on the server (into `to` when it is an existing
   * directory). Symbolic links inside a copied directory are skipped.
   * @throws {PermissionDeniedError}; {@link NotFoundError}; {@link QuotaExceededError};
   *   {@link UnsupportedError} for the same or nested paths, or a symbolic link source; {@link FailureError}.
   */
  async copy(from: string, to: string): Promise<void> {
    const started = this.#now();
    const source = this.#begin(from);
    let target = this.#clean(to);
    const rs = await this.#resolver.resolve(source);
    const srcStat = await this.#fs(rs.fs.lstat(rs.fsPath), source);
    if (srcStat.kind !== 'file' && srcStat.kind !== 'directory') {
      throw new UnsupportedError(`copy: ${JSON.stringify(source)} is not a file or a directory`, {
        virtualPath: source,
      });
    }
    let rt = await this.#resolver.resolve(target);
    let dstStat = await this.#lstatOrUndefined(rt, target);
    if (dstStat?.kind === 'directory' && srcStat.kind === 'file') {
      target = joinPath(target, baseName(source));
      rt = await this.#resolver.resolve(target);
      dstStat = await this.#lstatOrUndefined(rt, target);
    }
    const isDir = srcStat.kind === 'directory';
    if (isDir && dstStat !== undefined && dstStat.kind !== 'directory') {
      throw new FailureError(`copy: ${JSON.stringify(target)} exists and is not a directory`, {
        virtualPath: target,
      });
    }
    if (!isDir && dstStat?.kind === 'directory') {
      throw new FailureError(`copy: ${JSON.stringify(target)} is a directory`, { virtualPath: target });
    }
    this.#check({
      op: isDir ? 'copyDir' : 'copyFile',
      source,
      target,
      targetExists: dstStat !== undefined,
      serverSideCopy: rs.fs === rt.fs && rs.fs.capabilities.serverSideCopy,
    });
    const usage = isDir
      ? await this.#fs(treeUsage(rs.fs, rs.fsPath, this.maxTreeDepth), source)
      : { files: 1, size: srcStat.size };
    const overwrittenSize = dstStat?.kind === 'file' ? dstStat.size : undefined;
    const quota = await this.#usage.usage(
      quotaTargetForPath(this.user, isDir ? joinPath(target, 'x') : target),
    );
    const moved: MovedEntry = isDir ? { kind: 'dir', ...usage } : { kind: 'file', size: srcStat.size };
    if (
      !checkRenameQuota({
        usage: quota,
        moved,
        ...(overwrittenSize === undefined ? {} : { overwrittenSize }),
      })
    ) {
      throw new QuotaExceededError(`copy: no room in the quota of ${JSON.stringify(target)}`, {
        virtualPath: target,
      });
    }
    if (isDir) {
      await this.#fs(
        this.#copyTree(rs, rt, (relative, kind) => {
          const s = joinPath(source, relative.slice(1));
          const t = joinPath(target, relative.slice(1));
          const request: OperationRequest =
            kind === 'dir' ? { op: 'mkdirImplicit', path: t } : { op: 'copyFile', source: s, target: t };
          this.#check(request);
        }),
        target,
      );
      await this.#chownCreated(rt);
      await this.#usage.apply(target, usage);
    } else {
      await this.#fs(
        copyFileBetween({
          src: rs.fs,
          from: rs.fsPath,
          dst: rt.fs,
          to: rt.fsPath,
          mode: this.#createMode(srcStat.mode & 0o777),
        }),
        target,
      );
      if (dstStat === undefined) await this.#chownCreated(rt);
      if (overwrittenSize !== undefined)
        await this.#usage.apply(parentDir(target), { files: -1, size: -overwrittenSize });
      await this.#usage.apply(parentDir(target), usage);
    }
    this.#logCommand(
      {
        command: 'Copy',
        filePath: rs.hostPath,
        targetPath: rt.hostPath,
        virtualPath: source,
        virtualTargetPath: target,
      },
      started,
    );
    await this.#notify({
      action: 'copy',
      r: rs,
      virtualPath: source,
      target: { r: rt, virtualPath: target },
      fileSize: usage.size,
      started,
    });
  }

  /**
   * Creates the symbolic link `linkPath` pointing to `target` (absolute: a virtual path; relative: from
   * the link's directory). Both must be in the same storage.
   * @throws {PermissionDeniedError}; {@link UnsupportedError} across virtual folders or on storage
   *   without links; {@link ExistsError}; {@link FailureError}.
   */
  async symlink(target: string, linkPath: string): Promise<void> {
    const started = this.#now();
    const link = this.#begin(linkPath);
    const source = this.#clean(target, parentDir(link));
    this.#check({ op: 'symlink', source, target: link });
    const r = await this.#resolver.resolve(link);
    const fsTarget = target.startsWith('/') ? (await this.#resolver.resolve(source)).fsPath : target;
    await this.#fs(r.fs.symlink(fsTarget, r.fsPath), link);
    this.#logCommand(
      {
        command: 'Symlink',
        filePath: r.hostPath,
        targetPath: fsTarget,
        virtualPath: link,
        virtualTargetPath: source,
      },
      started,
    );
  }

  // ---- hard links and the start directory (SFTP extensions) ----

  /**
   * Gives the regular file `oldPath` a second name, `newPath` (SFTP `hardlink@openssh.com`). Both must
   * be in the same storage; the new name counts in the quota as a copy would, as a quota scan counts it.
   * @throws {PermissionDeniedError} (rules: `create_symlinks` on both parents, file patterns);
   *   {@link UnsupportedError} across virtual folders or on storage without hard links;
   *   {@link NotFoundError}; {@link ExistsError}; {@link QuotaExceededError}; {@link FailureError} for
   *   anything but a regular file.
   */
  async hardlink(oldPath: string, newPath: string): Promise<void> {
    const started = this.#now();
    const source = this.#begin(oldPath);
    const target = this.#clean(newPath);
    this.#check({ op: 'hardlink', source, target });
    const rs = await this.#resolver.resolve(source);
    const rt = await this.#resolver.resolve(target);
    if (rs.fs !== rt.fs || rs.fs.link === undefined || !rs.fs.capabilities.hardlinks) {
      throw new UnsupportedError(`hardlink: the storage of ${JSON.stringify(target)} has no hard links`, {
        virtualPath: target,
      });
    }
    const st = await this.#fs(rs.fs.lstat(rs.fsPath), source);
    if (st.kind !== 'file') {
      throw new FailureError(`hardlink: ${JSON.stringify(source)} is not a regular file`, {
        virtualPath: source,
      });
    }
    const usage = await this.#usage.usage(quotaTargetForPath(this.user, target));
    if (!checkRenameQuota({ usage, moved: { kind: 'file', size: st.size } })) {
      throw new QuotaExceededError(`hardlink: no room in the quota of ${JSON.stringify(target)}`, {
        virtualPath: target,
      });
    }
    await this.#fs(rs.fs.link(rs.fsPath, rt.fsPath), target);
    await this.#usage.apply(parentDir(target), { files: 1, size: st.size });
    this.#logCommand(
      {
        command: 'Link',
        filePath: rs.hostPath,
        targetPath: rt.hostPath,
        virtualPath: source,
        virtualTargetPath: target,
      },
      started,
    );
  }

  /** Whether the storage serving `path` (default: the user's own) can make hard links. Never throws. */
  async supportsHardlinks(path = '/'): Promise<boolean> {
    try {
      const r = await this.#resolver.resolve(this.#clean(path));
      return r.fs.capabilities.hardlinks && r.fs.link !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * Creates the user's start directory (`filters.start_directory`) and its missing parents, as SFTPGo
   * does at login: without permission checks, since the administrator chose it. Never throws: a
   * failure is logged and the session goes on (the directory still shows as a virtual one).
   */
  async ensureStartDirectory(): Promise<void> {
    const start = this.user.filters.start_directory;
    if (start === '' || this.closed) return;
    for (const dir of dirsForPath(start).reverse()) {
      if (dir === '/') continue;
      try {
        const r = await this.#resolver.resolve(dir);
        if ((await this.#lstatOrUndefined(r, dir)) !== undefined) continue;
        await r.fs.mkdir(r.fsPath, this.#createMode(0o777));
        await this.#chownCreated(r);
      } catch (err) {
        this.#logger.warn(this.protocol, `cannot create the start directory ${JSON.stringify(start)}`, {
          error: toConnectionError(err, dir).message,
        });
        return;
      }
    }
  }

  /**
   * Changes attributes of `path`: mode, owner, times (all three ignored with `setstat_mode` 1; mode 2
   * ignores them only on cloud storage, so never here) and size (never ignored). The size is set first
   * (so that given times stick), then mode, owner and times; each change is checked, done and logged.
   * @throws {PermissionDeniedError}; {@link NotFoundError}; {@link UnsupportedError}; {@link FailureError}.
   */
  async setstat(path: string, attrs: SetstatAttributes): Promise<void> {
    const p = this.#begin(path);
    const ignore = this.#settings.setstatMode === 1;
    // The size first: truncating changes the modification time a client may set in the same request.
    if (attrs.size !== undefined) await this.truncate(p, attrs.size);
    if (attrs.mode !== undefined && !ignore) {
      const started = this.#now();
      this.#check({ op: 'chmod', path: p });
      const r = await this.#resolver.resolve(p);
      await this.#fs(r.fs.chmod(this.#writtenFsPath(r, p), attrs.mode & 0o7777), p);
      this.#logCommand(
        { command: 'Chmod', filePath: r.hostPath, virtualPath: p, fileMode: attrs.mode },
        started,
      );
    }
    const uid = attrs.uid ?? -1;
    const gid = attrs.gid ?? -1;
    if ((uid !== -1 || gid !== -1) && !ignore) {
      const started = this.#now();
      this.#check({ op: 'chown', path: p });
      const r = await this.#resolver.resolve(p);
      await this.#fs(r.fs.chown(this.#writtenFsPath(r, p), uid, gid), p);
      this.#logCommand({ command: 'Chown', filePath: r.hostPath, virtualPath: p, uid, gid }, started);
    }
    if ((attrs.atime !== undefined || attrs.mtime !== undefined) && !ignore) {
      const started = this.#now();
      this.#check({ op: 'chtimes', path: p });
      const r = await this.#resolver.resolve(p);
      const upload = this.#atomicUpload(p);
      const fsPath = upload?.tempFsPath ?? r.fsPath;
      let { atime, mtime } = attrs;
      if (atime === undefined || mtime === undefined) {
        const st = await this.#fs(r.fs.stat(fsPath), p);
        atime ??= st.atime;
        mtime ??= st.mtime;
      }
      if (upload === undefined) await this.#fs(r.fs.chtimes(fsPath, atime, mtime), p);
      else upload.setTimesOnClose(atime, mtime);
      this.#logCommand(
        {
          command: 'Chtimes',
          filePath: r.hostPath,
          virtualPath: p,
          accessTime: atime,
          modificationTime: mtime,
        },
        started,
      );
    }
  }

  /**
   * Sets the size of the file `path`; the disk usage follows the size change.
   * @throws {PermissionDeniedError} without `overwrite`; {@link QuotaExceededError} when growing past
   *   the quota; {@link NotFoundError}; {@link FailureError}.
   */
  async truncate(path: string, size: number): Promise<void> {
    const started = this.#now();
    const p = this.#begin(path);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new FailureError(`truncate: invalid size ${size}`, { virtualPath: p });
    }
    this.#check({ op: 'truncate', path: p });
    const r = await this.#resolver.resolve(p);
    const upload = this.#atomicUpload(p);
    const fsPath = upload?.tempFsPath ?? r.fsPath;
    const st = await this.#fs(r.fs.stat(fsPath), p);
    if (size > st.size) {
      const usage = await this.#usage.usage(quotaTargetForPath(this.user, p));
      if (usage.quotaSize > 0 && usage.usedSize + (size - st.size) > usage.quotaSize) {
        throw new QuotaExceededError(
          `truncate: growing ${JSON.stringify(p)} to ${size} bytes exceeds the quota`,
          {
            virtualPath: p,
          },
        );
      }
    }
    await this.#fs(r.fs.truncate(fsPath, size), p);
    // A running upload counts the file's final size when it ends.
    if (upload === undefined) await this.#usage.apply(parentDir(p), { files: 0, size: size - st.size });
    this.#logCommand({ command: 'Truncate', filePath: r.hostPath, virtualPath: p, size }, started);
  }

  /**
   * The checksum of the file `path` as lowercase hex, reading it a chunk at a time.
   * @throws {PermissionDeniedError} without `download`; {@link NotFoundError}; {@link UnsupportedError}
   *   for an unknown algorithm; {@link FailureError} for a directory.
   */
  async hash(path: string, algorithm: HashAlgorithm): Promise<string> {
    const p = this.#begin(path);
    if (!HASH_ALGORITHMS.includes(algorithm)) {
      throw new UnsupportedError(`hash: unsupported algorithm ${JSON.stringify(algorithm)}`, {
        virtualPath: p,
      });
    }
    this.#check({ op: 'hash', path: p });
    const r = await this.#resolver.resolve(p);
    const handle = await this.#fs(r.fs.open(r.fsPath, { read: true }), p);
    try {
      const hash = createHash(algorithm);
      const buffer = new Uint8Array(this.#settings.maxIoSize ?? DEFAULT_MAX_IO_SIZE);
      for (let position = 0; ;) {
        const n = await this.#fs(handle.read(buffer, 0, buffer.length, position), p);
        if (n === 0) break;
        hash.update(buffer.subarray(0, n));
        position += n;
      }
      return hash.digest('hex');
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  // ---- transfers ----

  /**
   * Opens the file `path` for a download, after the `pre-download` action.
   * @throws {PermissionDeniedError} (rules or a denying pre-action); {@link NotFoundError};
   *   {@link QuotaExceededError} when the data transfer quota is used up; {@link FailureError}.
   */
  async openForRead(path: string): Promise<DownloadTransfer> {
    const p = this.#begin(path);
    this.#check({ op: 'download', path: p });
    const r = await this.#resolver.resolve(p);
    const st = await this.#fs(r.fs.stat(r.fsPath), p);
    if (st.kind !== 'file') {
      throw new FailureError(`download: ${JSON.stringify(p)} is not a regular file`, { virtualPath: p });
    }
    const quota = await this.#usage.transferQuota();
    if (quota !== undefined && !hasDownloadSpace(quota)) {
      throw new ReadQuotaExceededError('download: the data transfer quota is used up', { virtualPath: p });
    }
    await this.#preAction({ action: 'pre-download', r, virtualPath: p, fileSize: st.size });
    const handle = await this.#fs(r.fs.open(r.fsPath, { read: true }), p);
    const transfer = new DownloadTransfer({
      ...this.#transferBase(r, p, handle),
      bandwidth: bandwidthFor(this.user, this.remoteIp).download,
      fileSize: st.size,
      ...(quota === undefined ? {} : { transferQuota: quota }),
    });
    this.#transfers.add(transfer);
    return transfer;
  }

  /**
   * Opens the file `path` for an upload: a new file, an overwrite (`truncate`) or a resume (an existing
   * file without `truncate`, written from its end). Checks the rules, the quotas (which bound how much
   * the upload may write), runs `pre-upload`, then opens the target or, in the atomic upload modes, a
   * temporary file beside it.
   * @throws {PermissionDeniedError}; {@link QuotaExceededError}; {@link ExistsError} with `exclusive`;
   *   {@link UnsupportedError} when the storage cannot resume or the offset is not the file's size;
   *   {@link FailureError} for a directory.
   */
  async openForWrite(path: string, options: OpenForWriteOptions = {}): Promise<UploadTransfer> {
    const p = this.#begin(path);
    const r = await this.#resolver.resolve(p);
    const strategy = uploadStrategy(this.#settings.uploadMode);
    const atomic = strategy !== 'standard' && r.fs.capabilities.atomicRename;
    const transfer = await this.#usage.transferQuota();
    const usage = await this.#usage.usage(quotaTargetForPath(this.user, p));
    const quotaDecision = (mode: UploadMode, existingSize: number) =>
      checkQuotaForUpload({
        usage,
        maxUploadFileSize: this.user.filters.max_upload_file_size,
        mode,
        existingSize,
        resumeSupported: r.fs.capabilities.resume,
        ...(transfer === undefined ? {} : { transfer }),
      });
    const fileMode = this.#createMode(0o666);
    const shared = { r, p, strategy, transfer, options };

    // Most uploads are of new files: when a new file would be allowed and nothing has to see the upload
    // before it starts, create it exclusively straight away, sparing the storage a look at the name.
    // A name already taken goes the full way below.
    if (
      !atomic &&
      !this.#events.handles('pre-upload') &&
      checkOperation(this.user, { op: 'upload', path: p }).allowed
    ) {
      const decision = quotaDecision('new', 0);
      if (decision.allowed) {
        const handle = await this.#fs(this.#openNew(r, fileMode), p);
        if (handle !== undefined) {
          await this.#chownCreated(r);
          return this.#startUpload({
            ...shared,
            handle,
            mode: 'new',
            existingSize: 0,
            maxWriteSize: decision.maxWriteSize,
          });
        }
      }
    }

    const existing = await this.#lstatOrUndefined(r, p);
    if (existing?.kind === 'directory') {
      throw new FailureError(`upload: ${JSON.stringify(p)} is a directory`, { virtualPath: p });
    }
    if (options.exclusive === true && existing !== undefined) {
      throw new ExistsError(`upload: ${JSON.stringify(p)} exists`, { virtualPath: p });
    }
    const isFile = existing?.kind === 'file';
    const mode: UploadMode = !isFile ? 'new' : options.truncate === true ? 'overwrite' : 'resume';
    this.#check({ op: mode === 'new' ? 'upload' : mode, path: p });
    const existingSize = isFile ? existing.size : 0;
    if (mode === 'resume' && options.offset !== undefined && options.offset !== existingSize) {
      throw new UnsupportedError(
        `upload: cannot resume ${JSON.stringify(p)} at ${options.offset}, the file has ${existingSize} bytes`,
        { virtualPath: p },
      );
    }
    const decision = quotaDecision(mode, existingSize);
    if (!decision.allowed) {
      const message = `upload ${JSON.stringify(p)}: ${decision.message}`;
      throw decision.error === 'unsupported'
        ? new UnsupportedError(message, { virtualPath: p })
        : new QuotaExceededError(message, { virtualPath: p });
    }
    await this.#preAction({
      action: 'pre-upload',
      r,
      virtualPath: p,
      fileSize: existingSize,
      openFlags: options.openFlags ?? 0,
    });
    // An upload over a symbolic link replaces the link, never what it points to.
    if (existing !== undefined && !isFile) await this.#fs(r.fs.remove(r.fsPath), p);
    const tempFsPath = atomic
      ? joinPath(
          parentDir(r.fsPath),
          `.sftpgo-upload.${randomBytes(10).toString('hex')}.${baseName(r.fsPath)}`,
        )
      : undefined;
    let handle;
    if (mode === 'resume' && tempFsPath !== undefined) {
      // As SFTPGo: the file being resumed becomes the temporary file until the upload ends.
      await this.#fs(r.fs.rename(r.fsPath, tempFsPath), p);
      handle = await this.#fs(r.fs.open(tempFsPath, { write: true }), p);
    } else if (mode === 'resume') {
      handle = await this.#fs(r.fs.open(r.fsPath, { write: true }), p);
    } else if (tempFsPath !== undefined) {
      handle = await this.#fs(
        r.fs.open(tempFsPath, { write: true, create: true, exclusive: true }, fileMode),
        p,
      );
    } else {
      handle = await this.#fs(
        this.#openTarget(r, existing === undefined, options.exclusive === true, fileMode),
        p,
      );
    }
    if (mode === 'new' || tempFsPath !== undefined) {
      await this.#chownCreated({ ...r, fsPath: tempFsPath ?? r.fsPath });
    }
    return this.#startUpload({
      ...shared,
      handle,
      mode,
      existingSize,
      maxWriteSize: decision.maxWriteSize,
      ...(tempFsPath === undefined ? {} : { tempFsPath }),
    });
  }

  /** Registers the transfer of an upload whose file is open. */
  #startUpload(u: {
    readonly r: ResolvedPath;
    readonly p: string;
    readonly handle: FsFileHandle;
    readonly mode: UploadMode;
    readonly existingSize: number;
    /** From the quota decision: the most bytes the upload may write, -1 for no limit. */
    readonly maxWriteSize: number;
    readonly strategy: UploadStrategy;
    readonly transfer: TransferQuota | undefined;
    readonly options: OpenForWriteOptions;
    readonly tempFsPath?: string;
  }): UploadTransfer {
    // Append mode only holds writes to the file's end (minWriteOffset below): the file is never opened
    // O_APPEND, where concurrent positional writes would land in the order they finish (SFTPGo
    // ignores the flag the same way).
    const append = u.options.append === true;
    const upload = new UploadTransfer({
      ...this.#transferBase(u.r, u.p, u.handle),
      bandwidth: bandwidthFor(this.user, this.remoteIp).upload,
      fs: u.r.fs,
      fsPath: u.r.fsPath,
      ...(u.tempFsPath === undefined ? {} : { tempFsPath: u.tempFsPath }),
      strategy: u.strategy,
      existedBefore: u.mode !== 'new',
      countedSize: u.mode === 'new' ? 0 : u.existingSize,
      // As SFTPGo: only an append-mode open is held to the file's end (OpenSSH's `reput` sets APPEND);
      // without it clients such as OpenSSH's scp write an existing file from offset 0.
      minWriteOffset: u.mode === 'resume' && append ? u.existingSize : 0,
      maxWriteSize: u.maxWriteSize,
      ...(u.transfer === undefined ? {} : { transferQuota: u.transfer }),
      openFlags: u.options.openFlags ?? 0,
    });
    this.#transfers.add(upload);
    return upload;
  }

  #transferBase(
    r: ResolvedPath,
    virtualPath: string,
    handle: Awaited<ReturnType<ResolvedPath['fs']['open']>>,
  ) {
    return {
      id: this.#nextTransferId++,
      host: this.#host,
      handle,
      virtualPath,
      hostPath: r.hostPath,
      provider: r.provider,
      maxIoSize: this.#settings.maxIoSize ?? DEFAULT_MAX_IO_SIZE,
      now: this.#now,
    };
  }

  // ---- SSH commands (src/sftpd/commands) ----

  /**
   * A connection for one SSH command channel of this session: the same user, settings and id, but
   * `protocol` (SCP or SSH) in its logs and actions, as SFTPGo reports them. Its activity counts as
   * this session's, its transfers are listed with this session's, and it closes with the session;
   * {@link Connection.endChannel} detaches it when the command is over.
   */
  forChannel(protocol: 'SCP' | 'SSH'): Connection {
    const channel = new Connection({ ...this.#options, protocol });
    channel.#parent = this;
    this.#channels.add(channel);
    if (this.#closedReason !== undefined) channel.close(this.#closedReason);
    return channel;
  }

  /** Detaches a connection made by {@link Connection.forChannel} from its session. */
  endChannel(): void {
    const parent = this.#parent;
    if (parent !== undefined) parent.#channels.delete(this);
  }

  /** Records activity here and in the session this channel belongs to. */
  #touch(): void {
    this.#lastActivity = this.#now();
    const parent = this.#parent;
    if (parent !== undefined) parent.#touch();
  }

  /**
   * Prepares a system command (git, rsync) that works on the storage under `path` by itself, as SFTPGo
   * allows it: the path is on the user's local storage, no virtual folder is mounted on, above or below
   * it, no file pattern filter applies on, above or below it, the user has `download`, `upload`,
   * `create_dirs`, `list`, `overwrite` and `delete` there, and the disk and data transfer quotas have
   * room. The usage under the path is measured now so that {@link SystemCommandScope.end} accounts for
   * what the command changed.
   * @throws {UnsupportedError}; {@link PermissionDeniedError}; {@link QuotaExceededError}; {@link FailureError}.
   */
  async openSystemCommand(path: string): Promise<SystemCommandScope> {
    const p = this.#begin(path);
    const unsupported = (why: string) =>
      new UnsupportedError(`system command on ${JSON.stringify(p)}: ${why}`, { virtualPath: p });
    if (resolveVirtualFolder(this.user, p) !== undefined || hasVirtualFoldersInside(this.user, p)) {
      throw unsupported('virtual folders are not supported');
    }
    if (this.user.filters.file_patterns.some((f) => pathsOverlap(f.path, p))) {
      throw unsupported('file pattern filters are not supported');
    }
    const r = await this.#resolver.resolve(p);
    if (r.provider !== FS_PROVIDERS.local) throw unsupported('only the local storage is supported');
    const needed = ['download', 'upload', 'create_dirs', 'list', 'overwrite', 'delete'] as const;
    if (!hasPerms(this.user, needed, p)) {
      throw new PermissionDeniedError(`system command on ${JSON.stringify(p)}: permission denied`, {
        virtualPath: p,
      });
    }
    const st = await this.#lstatOrUndefined(r, p);
    const isDir = st?.kind === 'directory';
    const usage = await this.#usage.usage(quotaTargetForPath(this.user, isDir ? joinPath(p, 'x') : p));
    const disk = checkQuota(usage, true);
    const transfer = await this.#usage.transferQuota();
    if (
      !disk.hasSpace ||
      (transfer !== undefined && (!hasUploadSpace(transfer) || !hasDownloadSpace(transfer)))
    ) {
      throw new QuotaExceededError(`system command on ${JSON.stringify(p)}: the quota is exhausted`, {
        virtualPath: p,
      });
    }
    const measure = async (): Promise<{ files: number; size: number }> => {
      const now = await this.#lstatOrUndefined(r, p);
      if (now?.kind === 'directory') return this.#fs(treeUsage(r.fs, r.fsPath, this.maxTreeDepth), p);
      return now?.kind === 'file' ? { files: 1, size: now.size } : { files: 0, size: 0 };
    };
    const before = await measure();
    const quotaDir = isDir ? p : parentDir(p);
    const sendable = transfer === undefined ? -1 : transferAllowance(transfer, 'upload');
    const receivable = transfer === undefined ? -1 : transferAllowance(transfer, 'download');
    const smallest = (a: number, b: number) => (a < 0 ? b : b < 0 ? a : Math.min(a, b));
    return {
      hostPath: r.hostPath,
      rootHostPath: this.user.home_dir,
      uploadLimit: smallest(disk.remainingSize < 0 ? -1 : Math.max(0, disk.remainingSize), sendable),
      downloadLimit: receivable,
      maySymlink: hasPerm(this.user, 'create_symlinks', p),
      touch: () => this.#touch(),
      end: async (moved) => {
        const after = await measure();
        await this.#usage.apply(quotaDir, {
          files: after.files - before.files,
          size: after.size - before.size,
        });
        if (transfer !== undefined) await this.#usage.applyTransfer(moved.received, moved.sent);
      },
    };
  }

  /**
   * Reports an SSH command that ran (not SCP, whose files are reported one by one): a `SSHCommand` log
   * record when it succeeded, and the `ssh_cmd` action with the command's name in both cases.
   */
  async sshCommandDone(done: SshCommandDone): Promise<void> {
    const hostPathOf = async (virtualPath: string | undefined) => {
      if (virtualPath === undefined) return '';
      try {
        return (await this.#resolver.resolve(this.#clean(virtualPath))).hostPath;
      } catch {
        return '';
      }
    };
    const hostPath = await hostPathOf(done.path);
    const targetHostPath = await hostPathOf(done.targetPath);
    const virtualPath = done.path === undefined ? '' : this.#clean(done.path);
    const virtualTargetPath = done.targetPath === undefined ? '' : this.#clean(done.targetPath);
    if (done.error === undefined) {
      this.#logCommand(
        {
          command: 'SSHCommand',
          filePath: hostPath,
          targetPath: targetHostPath,
          virtualPath,
          virtualTargetPath,
          sshCommand: done.commandLine,
        },
        done.started,
      );
    }
    await this.#events.notify({
      action: 'ssh_cmd',
      virtualPath,
      hostPath,
      provider: this.user.filesystem.provider,
      ...(done.targetPath === undefined
        ? {}
        : { target: { hostPath: targetHostPath, virtualPath: virtualTargetPath } }),
      fileSize: 0,
      status: done.error === undefined ? fsActionStatus.ok : fsActionStatus.error,
      elapsed: this.#now() - done.started,
      sshCmd: done.command,
    });
  }

  // ---- shared steps ----

  /** Cleans the client's path and records activity. @throws {FailureError} once closed; {@link InvalidPathError}. */
  /**
   * This connection's running upload of `virtualPath` into a temporary file (atomic upload modes):
   * attributes set on the path meanwhile belong to that file, the target does not exist yet.
   */
  #atomicUpload(virtualPath: string): UploadTransfer | undefined {
    for (const t of this.#transfers) {
      if (
        t instanceof UploadTransfer &&
        !t.closed &&
        t.virtualPath === virtualPath &&
        t.tempFsPath !== undefined
      ) {
        return t;
      }
    }
    return undefined;
  }

  /** Where the file `virtualPath` is written now: its upload's temporary file, else the file itself. */
  #writtenFsPath(r: ResolvedPath, virtualPath: string): string {
    return this.#atomicUpload(virtualPath)?.tempFsPath ?? r.fsPath;
  }

  #begin(path: string): string {
    if (this.#closedReason !== undefined) {
      throw new FailureError(`the connection is closed: ${this.#closedReason}`);
    }
    this.#touch();
    return this.#clean(path);
  }

  #clean(path: string, base = '/'): string {
    try {
      return cleanVirtualPath(path, base);
    } catch (err) {
      throw toConnectionError(err, path);
    }
  }

  #check(request: OperationRequest): void {
    const decision = checkOperation(this.user, request);
    if (!decision.allowed) {
      this.#logger.debug(this.protocol, `denied: ${decision.message}`);
      throw connectionErrorFromDecision(decision);
    }
  }

  async #fs<T>(operation: Promise<T>, virtualPath: string): Promise<T> {
    try {
      return await operation;
    } catch (err) {
      throw toConnectionError(err, virtualPath);
    }
  }

  /**
   * Opens an upload's target for writing from empty. A file seen missing is created exclusively, which
   * spares the storage a look at the last name; if one appeared meanwhile it is overwritten, as an
   * open without `exclusive` does, unless the client asked for `exclusive`.
   */
  async #openTarget(
    r: ResolvedPath,
    missing: boolean,
    exclusive: boolean,
    mode: number,
  ): Promise<FsFileHandle> {
    if (missing && !exclusive) {
      const created = await this.#openNew(r, mode);
      if (created !== undefined) return created;
    }
    return r.fs.open(r.fsPath, { ...UPLOAD_OPEN, exclusive }, mode);
  }

  /** Creates an upload's target exclusively; undefined when the name is taken. */
  async #openNew(r: ResolvedPath, mode: number): Promise<FsFileHandle | undefined> {
    try {
      return await r.fs.open(r.fsPath, { ...UPLOAD_OPEN, exclusive: true }, mode);
    } catch (err) {
      if (err instanceof FsExistsError) return undefined;
      throw err;
    }
  }

  async #lstatOrUndefined(r: ResolvedPath, virtualPath: string): Promise<FsStats | undefined> {
    try {
      return await r.fs.lstat(r.fsPath);
    } catch (err) {
      if (err instanceof FsNotFoundError) return undefined;
      throw toConnectionError(err, virtualPath);
    }
  }

  #createMode(base: number): number {
    return base & ~this.#settings.umask;
  }

  async #chownCreated(r: ResolvedPath): Promise<void> {
    const enabled = this.#settings.chownCreated ?? process.getuid?.() === 0;
    if (!enabled || (this.user.uid <= 0 && this.user.gid <= 0)) return;
    const uid = this.user.uid > 0 ? this.user.uid : -1;
    const gid = this.user.gid > 0 ? this.user.gid : -1;
    try {
      await r.fs.chown(r.fsPath, uid, gid);
    } catch (err) {
      this.#logger.warn(this.protocol, `cannot set the owner of ${r.hostPath}`, { error: String(err) });
    }
  }

  /** The emitter's fields for an event on `r` (and `target`). */
  #fields(fields: EventFields): ActionFields {
    return {
      action: fields.action,
      virtualPath: fields.virtualPath,
      hostPath: fields.r.hostPath,
      provider: fields.r.provider,
      fileSize: fields.fileSize,
      ...(fields.target === undefined
        ? {}
        : { target: { hostPath: fields.target.r.hostPath, virtualPath: fields.target.virtualPath } }),
      ...(fields.openFlags === undefined ? {} : { openFlags: fields.openFlags }),
    };
  }

  /** Runs a pre-action. @throws {PermissionDeniedError} when it fails. */
  async #preAction(fields: EventFields): Promise<void> {
    await this.#events.pre(this.#fields(fields));
  }

  /** Fires a post-action; its failure is logged, never returned to the client. */
  async #notify(fields: EventFields & { readonly started: number }): Promise<void> {
    await this.#events.notify({ ...this.#fields(fields), elapsed: this.#now() - fields.started });
  }

  #logCommand(
    record: Omit<CommandLogRecord, 'elapsedMs' | 'localAddr' | 'remoteAddr'>,
    started: number,
  ): void {
    this.#logger.command({
      ...record,
      elapsedMs: this.#now() - started,
      localAddr: this.localAddress,
      remoteAddr: this.remoteAddress,
    });
  }

  #makeHost(): TransferHost {
    return {
      logger: this.#logger,
      localAddr: this.localAddress,
      remoteAddr: this.remoteAddress,
      touch: () => this.#touch(),
      detach: (transfer) => {
        this.#transfers.delete(transfer as BaseTransfer);
      },
      action: (fields: TransferActionFields) => this.#events.run(fields),
      updateQuota: (virtualPath, delta) => this.#usage.apply(parentDir(virtualPath), delta),
      updateTransferQuota: (uploaded, downloaded) => this.#usage.applyTransfer(uploaded, downloaded),
      markFirst: (kind) => this.#usage.markFirst(kind),
    };
  }
}
