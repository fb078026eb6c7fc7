/**
 * Confinement of a local directory tree: maps virtual paths to host paths that are guaranteed, at the
 * time of the check, to lie inside one root directory once every symbolic link is resolved.
 *
 * How: the root is resolved with realpath once, when the backend is built. A virtual path is then
 * walked name by name from the root with `lstat`; each symbolic link met is read and its target
 * spliced into the walk (the way the kernel does it), and as soon as a `..` or an absolute target
 * would leave the root the walk stops with {@link FsOutsideRootError}, before anything outside the
 * root is looked at. The host path handed to the operation is the resolved one, which contains no
 * symbolic link at all (except, when asked, in its last name). A fast path skips the walk when
 * `realpath` of the parent equals the lexical path (no links anywhere) and the last name is no link.
 *
 * What remains (time of check to time of use): between the walk and the system call, a process that
 * can write inside the root (another session of the same user, a shell user) could replace a checked
 * directory with a symbolic link to somewhere else. Node has no `openat`/`O_RESOLVE_BENEATH`, so this
 * cannot be closed for calls made by path. It is narrowed where it is cheap: files are opened with
 * `O_NOFOLLOW` (the last name cannot have become a link) and, on Linux, the opened descriptor's real
 * path is read back from `/proc/self/fd` and the handle is refused when it lies outside the root;
 * truncation happens only after that check; `stat`, `chown` and `chtimes` use the non-following calls
 * on the resolved path. Path-based `mkdir`, `rename`, `link`, `remove`, `rmdir`, `symlink`, `chmod` and
 * `readdir` keep the window, as does the creation of an empty file by `open` with `create`.
 */
import { readlinkSync } from 'node:fs';
import { constants, lstat, mkdir, open, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, resolve as resolveHostPath } from 'node:path';
import type { FsErrorContext } from './errors.js';
import {
  FsInvalidArgumentError,
  FsNotDirectoryError,
  FsOutsideRootError,
  FsSymlinkLoopError,
  describeOperation,
  toFsError,
} from './errors.js';

/** How many symbolic links one resolution may cross (Linux's limit). */
export const MAX_SYMLINK_HOPS = 40;

/**
 * How {@link LocalRoot.resolve} treats links and missing names:
 * - `follow`: follow every link, the last name included; only the last name may be missing.
 * - `parent`: follow links in the parents only; the last name is taken as it is.
 * - `lenient`: like `follow`, but any name may be missing; what follows a missing name is taken
 *   lexically. For `realpath` and for checking where a new symbolic link would point.
 */
export type ResolveMode = 'follow' | 'parent' | 'lenient';

function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function hostNames(hostPath: string): string[] {
  return hostPath.split('/').filter((name) => name !== '');
}

/** The root directory of a local backend, with the checks that keep paths inside it. */
export class LocalRoot {
  /** The root as configured, made absolute and normalised (it may go through symbolic links). */
  readonly configuredRoot: string;
  /** The root with every symbolic link resolved: every host path handed out starts with it. */
  readonly realRoot: string;
  /** Host-path prefixes that an absolute link target may use to point inside the root. */
  readonly #aliases: readonly (readonly string[])[];
  /** Whether `/proc/self/fd` tells the real path of a descriptor (Linux). */
  readonly #procFd: boolean;

  private constructor(configuredRoot: string, realRoot: string, procFd: boolean) {
    this.configuredRoot = configuredRoot;
    this.realRoot = realRoot;
    this.#procFd = procFd;
    const aliases = [hostNames(realRoot)];
    if (configuredRoot !== realRoot) aliases.push(hostNames(configuredRoot));
    this.#aliases = aliases;
  }

  /**
   * Resolves (and, with `createRoot`, first creates) the root directory.
   * @throws {FsInvalidArgumentError} when `root` is not an absolute path.
   * @throws {FsNotFoundError} when it does not exist; {@link FsNotDirectoryError} when it is not a
   *   directory; other {@link FsError}s when it cannot be created or read.
   */
  static async create(root: string, createRoot: boolean): Promise<LocalRoot> {
    // Errors about the root name the host path: they are for the administrator who configured it.
    const context: FsErrorContext = { op: 'root', virtualPath: root };
    if (!isAbsolute(root) || root.includes('\0')) {
      throw new FsInvalidArgumentError(
        `the root directory must be an absolute path, got ${JSON.stringify(root)}`,
        {
          op: 'root',
        },
      );
    }
    const configuredRoot = resolveHostPath(root);
    try {
      if (createRoot) await mkdir(configuredRoot, { recursive: true });
      const realRoot = await realpath(configuredRoot);
      const handle = await open(realRoot, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
      try {
        if (!(await handle.stat()).isDirectory()) {
          throw new FsNotDirectoryError(
            `the root directory ${JSON.stringify(root)} is not a directory`,
            context,
          );
        }
        return new LocalRoot(configuredRoot, realRoot, await LocalRoot.#probeProcFd(handle.fd, realRoot));
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw toFsError(err, context);
    }
  }

  static async #probeProcFd(fd: number, realRoot: string): Promise<boolean> {
    if (process.platform !== 'linux') return false;
    try {
      return (await readlink(`/proc/self/fd/${fd}`)) === realRoot;
    } catch {
      return false;
    }
  }

  /** The host path of `names` (names below the root, none of them `.`, `..` or empty). */
  hostPath(names: readonly string[]): string {
    if (names.length === 0) return this.realRoot;
    return this.realRoot === '/' ? `/${names.join('/')}` : `${this.realRoot}/${names.join('/')}`;
  }

  /** Whether a host path is the real root or below it (by whole names). */
  contains(hostPath: string): boolean {
    if (this.realRoot === '/') return hostPath.startsWith('/');
    return hostPath === this.realRoot || hostPath.startsWith(`${this.realRoot}/`);
  }

  /**
   * The names below the root that `names` (a cleaned virtual path's names) lead to, links resolved
   * as `mode` says. Nothing outside the root is ever examined.
   * @throws {FsOutsideRootError} when a link (or `..` in a link) leads outside the root.
   * @throws {FsSymlinkLoopError} after {@link MAX_SYMLINK_HOPS} links.
   * @throws {FsNotFoundError} / {@link FsNotDirectoryError} for a missing or non-directory parent
   *   (not in `lenient` mode for missing ones); other {@link FsError}s from `lstat`/`readlink`.
   */
  async resolve(names: readonly string[], mode: ResolveMode, context: FsErrorContext): Promise<string[]> {
    if (names.length === 0) return [];
    if (await this.#hasNoLinks(names, mode)) return [...names];
    return this.#walk(names, mode, context);
  }

  // The common case, in one or two system calls: the parent is already canonical and the last name
  // is not a link. Any error sends the caller to the walk, which reports it precisely.
  async #hasNoLinks(names: readonly string[], mode: ResolveMode): Promise<boolean> {
    if (names.length > 1) {
      const parent = this.hostPath(names.slice(0, -1));
      try {
        if ((await realpath(parent)) !== parent) return false;
      } catch {
        return false;
      }
    }
    if (mode === 'parent') return true;
    try {
      return !(await lstat(this.hostPath(names))).isSymbolicLink();
    } catch (err) {
      // A missing last name is allowed in the following modes.
      return errnoOf(err) === 'ENOENT';
    }
  }

  async #walk(names: readonly string[], mode: ResolveMode, context: FsErrorContext): Promise<string[]> {
    const resolved: string[] = [];
    // A stack: the next name to look at is at the end.
    const pending = [...names].reverse();
    let hops = 0;
    // In lenient mode, the depth at which names stopped existing; below it nothing is looked up.
    let missingFrom: number | undefined;
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (resolved.length === 0) throw this.#outside(context);
        resolved.pop();
        if (missingFrom !== undefined && resolved.length <= missingFrom) missingFrom = undefined;
        continue;
      }
      const last = pending.length === 0;
      if (missingFrom !== undefined || (last && mode === 'parent')) {
        resolved.push(name);
        continue;
      }
      const hostPath = this.hostPath([...resolved, name]);
      let stats;
      try {
        stats = await lstat(hostPath);
      } catch (err) {
        if (errnoOf(err) === 'ENOENT' && (last || mode === 'lenient')) {
          missingFrom = resolved.length;
          resolved.push(name);
          continue;
        }
        throw toFsError(err, context);
      }
      if (stats.isSymbolicLink()) {
        hops += 1;
        if (hops > MAX_SYMLINK_HOPS) {
          throw new FsSymlinkLoopError(
            `${describeOperation(context)}: too many levels of symbolic links`,
            context,
          );
        }
        const target = this.#linkTarget(await this.#readlink(hostPath, context), context);
        if (target.absolute) resolved.length = 0;
        for (let i = target.names.length - 1; i >= 0; i--) pending.push(target.names[i] as string);
        continue;
      }
      if (!last && !stats.isDirectory()) {
        throw new FsNotDirectoryError(`${describeOperation(context)}: not a directory`, context);
      }
      resolved.push(name);
    }
    return resolved;
  }

  async #readlink(hostPath: string, context: FsErrorContext): Promise<string> {
    try {
      return await readlink(hostPath);
    } catch (err) {
      throw toFsError(err, context);
    }
  }

  /**
   * Splits a link's target text. An absolute target must start with the real or the configured root
   * (the names after it are returned); a relative one is returned as its names, `..` included.
   */
  #linkTarget(text: string, context: FsErrorContext): { absolute: boolean; names: string[] } {
    if (!text.startsWith('/')) return { absolute: false, names: text.split('/') };
    const names = hostNames(text);
    for (const alias of this.#aliases) {
      if (alias.every((name, i) => names[i] === name))
        return { absolute: true, names: names.slice(alias.length) };
    }
    throw this.#outside(context);
  }

  /**
   * Where a link's target text points, lexically (no link in it is followed), as names below the
   * root; `dirNames` is the resolved directory holding the link.
   * @throws {FsOutsideRootError} when the text points outside the root.
   */
  linkTargetNames(text: string, dirNames: readonly string[], context: FsErrorContext): string[] {
    const target = this.#linkTarget(text, context);
    const names = target.absolute ? [] : [...dirNames];
    for (const name of target.names) {
      if (name === '' || name === '.') continue;
      if (name !== '..') names.push(name);
      else if (names.pop() === undefined) throw this.#outside(context);
    }
    return names;
  }

  /**
   * The text to store in a new symbolic link pointing at `names` (names below the root): the
   * configured root followed by the names, the way SFTPGo stores absolute targets.
   */
  absoluteLinkText(names: readonly string[]): string {
    if (names.length === 0) return this.configuredRoot;
    return this.configuredRoot === '/' ? `/${names.join('/')}` : `${this.configuredRoot}/${names.join('/')}`;
  }

  /**
   * On Linux, checks through `/proc/self/fd` that an open descriptor's file lies inside the root; this
   * catches a directory swapped for a link between the walk and the `open`. Elsewhere it does nothing.
   * Synchronous on purpose: reading a descriptor's link under `/proc` asks the kernel for a name it
   * holds in memory and never waits on storage, and a trip through the thread pool would cost more.
   * @throws {FsOutsideRootError} when it lies outside.
   */
  checkDescriptor(fd: number, context: FsErrorContext): void {
    if (!this.#procFd) return;
    let hostPath: string;
    try {
      hostPath = readlinkSync(`/proc/self/fd/${fd}`);
    } catch (err) {
      throw toFsError(err, context);
    }
    if (hostPath.endsWith(' (deleted)')) hostPath = hostPath.slice(0, -' (deleted)'.length);
    if (!this.contains(hostPath)) throw this.#outside(context);
  }

  #outside(context: FsErrorContext): FsOutsideRootError {
    return new FsOutsideRootError(
      `${describeOperation(context)}: the path leads outside the root directory`,
      context,
    );
  }
}
