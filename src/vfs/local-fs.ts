/**
 * The local disk backend: a user's home directory (or a folder's mapped path) served as `/`. Every
 * path goes through {@link LocalRoot}, which keeps it inside that directory; see there for how, and for
 * what a concurrent writer inside the root can still race.
 */
import type { FileHandle } from 'node:fs/promises';
import {
  chmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  open,
  opendir,
  readlink,
  rename,
  rmdir,
  statfs,
  symlink,
  unlink,
} from 'node:fs/promises';
import { posix } from 'node:path';
import type { FsErrorContext, FsOperation } from './errors.js';
import {
  FsExistsError,
  FsInvalidArgumentError,
  FsInvalidPathError,
  FsIsDirectoryError,
  FsNotEmptyError,
  FsPermissionError,
  FsUnsupportedError,
  describeOperation,
  throwIfAborted,
  toFsError,
} from './errors.js';
import type {
  DirLister,
  Fs,
  FsAbortOptions,
  FsCapabilities,
  FsFileHandle,
  FsOpenFlags,
  FsStats,
  FsStatVfs,
} from './fs.js';
import { DIR_READ_BUFFER, LocalDirLister } from './local-dir-lister.js';
import { LocalFileHandle, checkNonNegativeInteger } from './local-file-handle.js';
import type { ResolveMode } from './local-root.js';
import { LocalRoot } from './local-root.js';
import { toFsStats } from './local-stats.js';
import { checkOpenFlags, toPosixOpenFlags } from './open-flags.js';
import {
  MAX_NAME_BYTES,
  checkName,
  checkPathText,
  cleanVirtualPath,
  virtualPathFromNames,
  virtualPathNames,
} from './virtual-path.js';

/** How a {@link LocalFs} is built. */
export interface LocalFsOptions {
  /**
   * Absolute host path of the directory clients see as `/`: the user's `home_dir` or the folder's
   * `mapped_path`. It may go through symbolic links; they are resolved once, when the backend is built.
   */
  readonly root: string;
  /**
   * Create the root and its missing parents (mode `0o777` less the process umask) when it does not
   * exist, as SFTPGo does at login. Default: false, and a missing root is an error.
   */
  readonly createRoot?: boolean;
  /** Bytes moved per read/write by `copyFile`. Default 1 MiB. */
  readonly copyChunkSize?: number;
}

const DEFAULT_COPY_CHUNK = 1024 * 1024;

/** Capabilities of the local disk backend on this platform. */
export const LOCAL_FS_CAPABILITIES: FsCapabilities = {
  atomicRename: true,
  resume: true,
  symlinks: process.platform !== 'win32',
  chmod: true,
  chown: process.platform !== 'win32',
  hardlinks: process.platform !== 'win32',
  serverSideCopy: true,
  statvfs: true,
};

/** What {@link LocalFs} works on once a virtual path is checked. */
interface Target {
  /** The path asked for, cleaned. */
  readonly virtualPath: string;
  /** The resolved names below the root. */
  readonly names: string[];
  readonly hostPath: string;
  readonly context: FsErrorContext;
}

/** A file opened by {@link LocalFs}, checked to be a regular file inside the root. */
interface OpenedFile {
  /** The path asked for, cleaned. */
  readonly virtualPath: string;
  readonly handle: FileHandle;
  readonly stats: FsStats & { readonly dev: number; readonly ino: number };
}

/** The local disk {@link Fs}. Build it with {@link LocalFs.create}. */
export class LocalFs implements Fs {
  readonly capabilities: FsCapabilities = LOCAL_FS_CAPABILITIES;
  readonly #root: LocalRoot;
  readonly #copyChunkSize: number;

  private constructor(root: LocalRoot, copyChunkSize: number) {
    this.#root = root;
    this.#copyChunkSize = copyChunkSize;
  }

  /**
   * Checks the root and builds the backend.
   * @throws {FsInvalidArgumentError} when `root` is not absolute or `copyChunkSize` is not a positive
   *   whole number; {@link FsNotFoundError} when the root is missing (and `createRoot` is off);
   *   {@link FsNotDirectoryError} when it is not a directory; other {@link FsError}s when it cannot be
   *   created or read.
   */
  static async create(options: LocalFsOptions): Promise<LocalFs> {
    const chunk = options.copyChunkSize ?? DEFAULT_COPY_CHUNK;
    if (!Number.isSafeInteger(chunk) || chunk < 1) {
      throw new FsInvalidArgumentError(`copyChunkSize must be a whole number of at least 1, got ${chunk}`, {
        op: 'root',
      });
    }
    return new LocalFs(await LocalRoot.create(options.root, options.createRoot ?? false), chunk);
  }

  /** The root directory with its symbolic links resolved. */
  get rootPath(): string {
    return this.#root.realRoot;
  }

  async stat(virtualPath: string): Promise<FsStats> {
    // The resolved path has no link left, so lstat describes the same thing stat would, and a link
    // swapped in at the last name since the check is described rather than followed.
    return this.#run('stat', virtualPath, 'follow', async (target) =>
      toFsStats(await lstat(target.hostPath)),
    );
  }

  async lstat(virtualPath: string): Promise<FsStats> {
    return this.#run('lstat', virtualPath, 'parent', async (target) =>
      toFsStats(await lstat(target.hostPath)),
    );
  }

  async open(virtualPath: string, flags: FsOpenFlags, mode = 0o666): Promise<FsFileHandle> {
    if (flags.create === true && flags.exclusive === true) {
      // POSIX fails on any existing last name, a link included: the last name is not followed. What
      // the call creates is a new empty regular file, with nothing to look at or cut.
      return this.#run('open', virtualPath, 'parent', async (target) => {
        return new LocalFileHandle(await this.#openChecked(target, flags, mode), target.virtualPath);
      });
    }
    const opened = await this.#openFile('open', virtualPath, flags, mode);
    return new LocalFileHandle(opened.handle, opened.virtualPath);
  }

  async readdir(virtualPath: string, options: FsAbortOptions = {}): Promise<DirLister> {
    return this.#run('readdir', virtualPath, 'follow', async (target) => {
      throwIfAborted(options.signal, target.context);
      // Node's typings do not list 'buffer', which it accepts for directory names.
      const dir = await opendir(target.hostPath, {
        bufferSize: DIR_READ_BUFFER,
        encoding: 'buffer' as BufferEncoding,
      });
      return new LocalDirLister(dir, target.hostPath, target.virtualPath, options.signal);
    });
  }

  async mkdir(virtualPath: string, mode = 0o777): Promise<void> {
    return this.#run('mkdir', virtualPath, 'parent', async (target) => {
      checkNonNegativeInteger(mode, 'the mode', target.context);
      if (target.names.length === 0) {
        throw new FsExistsError(
          `${describeOperation(target.context)}: the root directory exists`,
          target.context,
        );
      }
      await mkdir(target.hostPath, mode & 0o7777);
    });
  }

  async rename(from: string, to: string): Promise<void> {
    const context: FsErrorContext = { op: 'rename', virtualPath: from, targetVirtualPath: to };
    try {
      const source = await this.#target(from, 'parent', context);
      const destination = await this.#target(to, 'parent', context);
      refuseRoot(source, 'rename the root directory');
      refuseRoot(destination, 'replace the root directory');
      await rename(source.hostPath, destination.hostPath);
    } catch (err) {
      throw toFsError(err, context);
    }
  }

  async remove(virtualPath: string): Promise<void> {
    return this.#run('remove', virtualPath, 'parent', async (target) => {
      refuseRoot(target, 'remove the root directory');
      try {
        await unlink(target.hostPath);
      } catch (err) {
        // Linux says EISDIR for a directory, macOS says EPERM.
        const code = (err as { code?: unknown }).code;
        if ((code === 'EPERM' || code === 'EISDIR') && (await isDirectory(target.hostPath))) {
          throw new FsIsDirectoryError(`${describeOperation(target.context)}: is a directory`, {
            ...target.context,
            cause: err,
          });
        }
        throw err;
      }
    });
  }

  async rmdir(virtualPath: string): Promise<void> {
    return this.#run('rmdir', virtualPath, 'parent', async (target) => {
      refuseRoot(target, 'remove the root directory');
      try {
        await rmdir(target.hostPath);
      } catch (err) {
        // POSIX lets rmdir report a non-empty directory as EEXIST too.
        if ((err as { code?: unknown }).code === 'EEXIST') {
          throw new FsNotEmptyError(`${describeOperation(target.context)}: directory not empty`, {
            ...target.context,
            cause: err,
          });
        }
        throw err;
      }
    });
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    const context: FsErrorContext = { op: 'symlink', virtualPath: linkPath, targetVirtualPath: target };
    try {
      this.#requireCapability(this.capabilities.symlinks, context);
      const link = await this.#target(linkPath, 'parent', context);
      refuseRoot(link, 'replace the root directory with a link');
      const text = await this.#linkText(target, link.names.slice(0, -1), context);
      await symlink(text, link.hostPath);
    } catch (err) {
      throw toFsError(err, context);
    }
  }

  async link(existing: string, linkPath: string): Promise<void> {
    const context: FsErrorContext = { op: 'link', virtualPath: existing, targetVirtualPath: linkPath };
    try {
      this.#requireCapability(this.capabilities.hardlinks, context);
      // link(2) does not follow a last-name symbolic link on Linux: resolve it the same way.
      const source = await this.#target(existing, 'parent', context);
      const target = await this.#target(linkPath, 'parent', context);
      refuseRoot(source, 'link the root directory');
      refuseRoot(target, 'replace the root directory with a link');
      const stats = await lstat(source.hostPath);
      if (stats.isDirectory()) {
        throw new FsIsDirectoryError(`${describeOperation(context)}: is a directory`, context);
      }
      if (!stats.isFile()) {
        throw new FsUnsupportedError(`${describeOperation(context)}: not a regular file`, context);
      }
      await link(source.hostPath, target.hostPath);
    } catch (err) {
      throw toFsError(err, context);
    }
  }

  async readlink(linkPath: string): Promise<string> {
    return this.#run('readlink', linkPath, 'parent', async (link) => {
      this.#requireCapability(this.capabilities.symlinks, link.context);
      if (link.names.length === 0) throw notALink(link.context);
      let text: string;
      try {
        text = await readlink(link.hostPath);
      } catch (err) {
        if ((err as { code?: unknown }).code === 'EINVAL') throw notALink(link.context, err);
        throw err;
      }
      return virtualPathFromNames(this.#root.linkTargetNames(text, link.names.slice(0, -1), link.context));
    });
  }

  async chmod(virtualPath: string, mode: number): Promise<void> {
    return this.#run('chmod', virtualPath, 'follow', async (target) => {
      checkNonNegativeInteger(mode, 'the mode', target.context);
      await chmod(target.hostPath, mode & 0o7777);
    });
  }

  async chown(virtualPath: string, uid: number, gid: number): Promise<void> {
    return this.#run('chown', virtualPath, 'follow', async (target) => {
      this.#requireCapability(this.capabilities.chown, target.context);
      checkOwnerId(uid, 'the uid', target.context);
      checkOwnerId(gid, 'the gid', target.context);
      await lchown(target.hostPath, uid, gid);
    });
  }

  async chtimes(virtualPath: string, atime: Date, mtime: Date): Promise<void> {
    return this.#run('chtimes', virtualPath, 'follow', async (target) => {
      for (const [what, date] of [
        ['the access time', atime],
        ['the modification time', mtime],
      ] as const) {
        if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
          throw new FsInvalidArgumentError(
            `${describeOperation(target.context)}: ${what} is not a valid date`,
            {
              ...target.context,
            },
          );
        }
      }
      await lutimes(target.hostPath, atime, mtime);
    });
  }

  async truncate(virtualPath: string, size: number): Promise<void> {
    checkNonNegativeInteger(size, 'the size', { op: 'truncate', virtualPath });
    const opened = await this.#openFile('truncate', virtualPath, { write: true }, 0);
    try {
      await opened.handle.truncate(size);
    } catch (err) {
      throw toFsError(err, { op: 'truncate', virtualPath });
    } finally {
      await opened.handle.close();
    }
  }

  async statvfs(virtualPath: string): Promise<FsStatVfs> {
    return this.#run('statvfs', virtualPath, 'follow', async (target) => {
      const info = await statfs(target.hostPath);
      // Node reports what statfs(2) has in common across systems; the rest is filled as SFTPGo does
      // (favail = ffree) or with what every supported filesystem uses.
      return {
        bsize: info.bsize,
        frsize: info.bsize,
        blocks: info.blocks,
        bfree: info.bfree,
        bavail: info.bavail,
        files: info.files,
        ffree: info.ffree,
        favail: info.ffree,
        fsid: 0,
        flag: 0,
        namemax: MAX_NAME_BYTES,
      };
    });
  }

  async realpath(virtualPath: string): Promise<string> {
    return this.#run('realpath', virtualPath, 'lenient', async (target) =>
      virtualPathFromNames(target.names),
    );
  }

  async copyFile(from: string, to: string, options: FsAbortOptions = {}): Promise<void> {
    const context: FsErrorContext = { op: 'copy', virtualPath: from, targetVirtualPath: to };
    throwIfAborted(options.signal, context);
    const source = await this.#openFile('copy', from, { read: true }, 0);
    try {
      const destination = await this.#openFile(
        'copy',
        to,
        { write: true, create: true },
        source.stats.mode & 0o777,
      );
      try {
        if (destination.stats.dev === source.stats.dev && destination.stats.ino === source.stats.ino) {
          throw new FsInvalidArgumentError(
            `${describeOperation(context)}: source and target are the same file`,
            context,
          );
        }
        await destination.handle.truncate(0);
        await this.#copyData(source.handle, destination.handle, options.signal, context);
      } finally {
        await destination.handle.close();
      }
    } catch (err) {
      throw toFsError(err, context);
    } finally {
      await source.handle.close();
    }
  }

  async #copyData(
    source: FileHandle,
    destination: FileHandle,
    signal: AbortSignal | undefined,
    context: FsErrorContext,
  ): Promise<void> {
    const buffer = Buffer.allocUnsafe(this.#copyChunkSize);
    let position = 0;
    for (;;) {
      throwIfAborted(signal, context);
      const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      let written = 0;
      while (written < bytesRead) {
        written += (await destination.write(buffer, written, bytesRead - written, position + written))
          .bytesWritten;
      }
      position += bytesRead;
    }
  }

  /**
   * Opens an existing regular file inside the root (or creates one, without `exclusive`): resolve,
   * open, refuse what is not a regular file, and only then truncate.
   */
  async #openFile(
    op: FsOperation,
    virtualPath: string,
    flags: FsOpenFlags,
    mode: number,
  ): Promise<OpenedFile> {
    return this.#run(op, virtualPath, 'follow', async (target) => {
      const handle = await this.#openChecked(target, flags, mode);
      try {
        const stats = await handle.stat();
        if (stats.isDirectory()) {
          throw new FsIsDirectoryError(
            `${describeOperation(target.context)}: is a directory`,
            target.context,
          );
        }
        if (!stats.isFile()) {
          throw new FsUnsupportedError(
            `${describeOperation(target.context)}: not a regular file`,
            target.context,
          );
        }
        // An empty file has nothing to cut: one system call less.
        if (flags.truncate && stats.size > 0) await handle.truncate(0);
        return {
          virtualPath: target.virtualPath,
          handle,
          stats: { ...toFsStats(stats), dev: stats.dev, ino: stats.ino },
        };
      } catch (err) {
        await handle.close();
        throw err;
      }
    });
  }

  /**
   * Opens a resolved target without following a last-name link and without blocking on FIFOs, then
   * checks the descriptor's real place.
   */
  async #openChecked(target: Target, flags: FsOpenFlags, mode: number): Promise<FileHandle> {
    checkOpenFlags(flags, target.context);
    checkNonNegativeInteger(mode, 'the mode', target.context);
    const handle = await open(target.hostPath, toPosixOpenFlags(flags), mode & 0o7777);
    try {
      this.#root.checkDescriptor(handle.fd, target.context);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle;
  }

  /**
   * The text to store in a new link: an absolute target is a virtual path, stored as the host path of
   * that place (under the configured root); a relative one is stored relative, normalised. Either way
   * the place must be inside the root, following the links that already exist on the way.
   */
  async #linkText(target: string, dirNames: readonly string[], context: FsErrorContext): Promise<string> {
    checkPathText(target);
    if (target === '') {
      throw new FsInvalidPathError(`${describeOperation(context)}: the link target is empty`, context);
    }
    let names: string[];
    let text: string;
    if (target.startsWith('/')) {
      names = virtualPathNames(cleanVirtualPath(target));
      text = this.#root.absoluteLinkText(names);
    } else {
      text = posix.normalize(target).replace(/(.)\/+$/, '$1');
      names = this.#root.linkTargetNames(text, dirNames, context);
    }
    for (const name of names) checkName(name, target);
    await this.#root.resolve(names, 'lenient', context);
    return text;
  }

  #requireCapability(capable: boolean, context: FsErrorContext): void {
    if (!capable) {
      throw new FsUnsupportedError(`${describeOperation(context)}: not supported on this platform`, context);
    }
  }

  async #target(virtualPath: string, mode: ResolveMode, context: FsErrorContext): Promise<Target> {
    const cleaned = cleanVirtualPath(virtualPath);
    const names = await this.#root.resolve(virtualPathNames(cleaned), mode, context);
    return { virtualPath: cleaned, names, hostPath: this.#root.hostPath(names), context };
  }

  /** Resolves `virtualPath`, runs `action` and turns whatever it throws into an {@link FsError}. */
  async #run<T>(
    op: FsOperation,
    virtualPath: string,
    mode: ResolveMode,
    action: (target: Target) => Promise<T>,
  ): Promise<T> {
    const context: FsErrorContext = { op, virtualPath };
    try {
      return await action(await this.#target(virtualPath, mode, context));
    } catch (err) {
      throw toFsError(err, context);
    }
  }
}

function refuseRoot(target: Target, what: string): void {
  if (target.names.length === 0) {
    throw new FsPermissionError(`${describeOperation(target.context)}: cannot ${what}`, target.context);
  }
}

function notALink(context: FsErrorContext, cause?: unknown): FsInvalidArgumentError {
  return new FsInvalidArgumentError(`${describeOperation(context)}: not a symbolic link`, {
    ...context,
    cause,
  });
}

function checkOwnerId(id: number, what: string, context: FsErrorContext): void {
  // -1 keeps the current owner or group, as chown(2) does.
  if (id !== -1) checkNonNegativeInteger(id, what, context);
}

async function isDirectory(hostPath: string): Promise<boolean> {
  try {
    return (await lstat(hostPath)).isDirectory();
  } catch {
    return false;
  }
}
