/**
 * Finds the storage serving a virtual path: the user's own storage, or a mounted virtual folder's. One
 * `Fs` per storage root is built on first use and kept for the session.
 */
import path from 'node:path';
import type { FilesystemConfig, User } from '../../dataprovider/index.js';
import { FS_PROVIDERS } from '../../dataprovider/index.js';
import type { Fs } from '../../vfs/index.js';
import { LocalFs } from '../../vfs/index.js';
import type { ResolvedMount } from '../rules/index.js';
import { resolveVirtualFolder } from '../rules/index.js';
import { UnsupportedError, toConnectionError } from './errors.js';

/** Where a virtual path lives. */
export interface ResolvedPath {
  readonly fs: Fs;
  /** The path inside `fs`. */
  readonly fsPath: string;
  /** The host path (for logs and actions, SFTPGo's "fs path"). */
  readonly hostPath: string;
  /** The folder serving the path, when it is in one. */
  readonly mount: ResolvedMount | undefined;
  /** Filesystem provider number of the storage. */
  readonly provider: number;
}

/** Resolves virtual paths to storage for one user (see the file comment). */
export class FsResolver {
  readonly #user: User;
  readonly #cache = new Map<string, Promise<Fs>>();

  constructor(user: User) {
    this.#user = user;
  }

  /**
   * Where `virtualPath` (clean) lives.
   * @throws {UnsupportedError} when the storage is not the local disk (the only backend so far).
   * @throws {ConnectionError} when the storage root cannot be created or opened.
   */
  async resolve(virtualPath: string): Promise<ResolvedPath> {
    const mount = resolveVirtualFolder(this.#user, virtualPath);
    const filesystem: FilesystemConfig = mount?.folder.filesystem ?? this.#user.filesystem;
    const root = mount === undefined ? this.#user.home_dir : mount.folder.mapped_path;
    const fsPath = mount === undefined ? virtualPath : mount.storagePath;
    if (filesystem.provider !== FS_PROVIDERS.local) {
      const what =
        mount === undefined
          ? `user ${JSON.stringify(this.#user.username)}`
          : `folder ${JSON.stringify(mount.folder.name)}`;
      throw new UnsupportedError(
        `${JSON.stringify(virtualPath)}: the storage of ${what} (filesystem provider ${filesystem.provider}) is not supported yet; only the local disk (provider 0) is`,
        { virtualPath },
      );
    }
    const fs = await this.#fsFor(root, virtualPath);
    return { fs, fsPath, hostPath: path.join(root, fsPath), mount, provider: filesystem.provider };
  }

  /** The virtual path of `fsPath` (a path inside the storage `resolved` came from). */
  toVirtual(resolved: Pick<ResolvedPath, 'mount'>, fsPath: string): string {
    const mount = resolved.mount;
    if (mount === undefined) return fsPath;
    const sub = mount.folder.subpath;
    let inside = fsPath;
    if (sub !== '') {
      if (fsPath === sub) inside = '/';
      else if (fsPath.startsWith(`${sub}/`)) inside = fsPath.slice(sub.length);
    }
    if (mount.mountPath === '/') return inside;
    return inside === '/' ? mount.mountPath : mount.mountPath + inside;
  }

  #fsFor(root: string, virtualPath: string): Promise<Fs> {
    let fs = this.#cache.get(root);
    if (fs === undefined) {
      fs = LocalFs.create({ root, createRoot: true });
      this.#cache.set(root, fs);
      // A failure is not cached: the next request tries again.
      fs.catch(() => this.#cache.delete(root));
    }
    return fs.catch((err: unknown) => {
      throw toConnectionError(err, virtualPath);
    });
  }
}
