/**
 * Where virtual folders are mounted in a user's tree: which storage serves a virtual path, which
 * directories exist only because something is mounted below them, and which paths are mount points.
 */
import path from 'node:path';
import type { User, VirtualFolder } from '../../dataprovider/models/index.js';
import { FS_PROVIDERS } from '../../dataprovider/models/index.js';
import { baseName, dirsForPath, isStrictlyInside, parentDir } from './virtual-path.js';

/** What mount lookups read from a user. */
export type MountsHolder = Pick<User, 'virtual_folders'>;

/** What the listing of mount points reads from a user: the mounts and the start directory. */
export type VirtualDirsHolder = Pick<User, 'virtual_folders'> & {
  readonly filters: Pick<User['filters'], 'start_directory'>;
};

/** A virtual path resolved to the virtual folder that serves it. */
export interface ResolvedMount {
  /** The mount (folder settings and where it is mounted). */
  readonly folder: VirtualFolder;
  /** Virtual path of the mount point, the same as `folder.virtual_path`. */
  readonly mountPath: string;
  /** The path below the mount point, always absolute: "/" for the mount point itself. */
  readonly relativePath: string;
  /**
   * The path inside the folder's storage: `relativePath` below the mount's `subpath` ("/2024/a.txt" for
   * "/archive/a.txt" with the folder mounted at "/archive" from sub-path "/2024").
   */
  readonly storagePath: string;
}

/**
 * The virtual folder serving a virtual path: the mount whose virtual path is the longest one containing
 * the path, element by element ("/a/b/c" is served by a folder mounted at "/a/b" rather than one at "/a";
 * "/ab" is not inside "/a"). Undefined when the path belongs to the user's own storage. A folder mounted
 * at "/" serves every path no other mount covers, "/" included.
 */
export function resolveVirtualFolder(user: MountsHolder, virtualPath: string): ResolvedMount | undefined {
  if (user.virtual_folders.length === 0) return undefined;
  for (const dir of dirsForPath(virtualPath)) {
    const folder = user.virtual_folders.find((f) => f.virtual_path === dir);
    if (folder === undefined) continue;
    const relativePath = dir === '/' ? virtualPath : virtualPath.slice(dir.length) || '/';
    const storagePath =
      folder.subpath === ''
        ? relativePath
        : relativePath === '/'
          ? folder.subpath
          : folder.subpath + relativePath;
    return { folder, mountPath: dir, relativePath, storagePath };
  }
  return undefined;
}

/**
 * False for a mount that cannot be served: SFTPGo refuses a sub-path on an HTTP folder. A path resolved to
 * such a mount must fail, not fall back to the user's own storage.
 */
export function isMountUsable(folder: Pick<VirtualFolder, 'subpath' | 'filesystem'>): boolean {
  return folder.subpath === '' || folder.filesystem.provider !== FS_PROVIDERS.http;
}

/** True when the virtual path is exactly a mount point (such a directory cannot be created, removed or renamed). */
export function isVirtualFolderRoot(user: MountsHolder, virtualPath: string): boolean {
  return user.virtual_folders.some((f) => f.virtual_path === virtualPath);
}

/**
 * True when some folder is mounted strictly below the virtual directory (for "/": when any folder is
 * mounted at all). Such a directory cannot be removed or renamed, nor can a directory be renamed onto it.
 */
export function hasVirtualFoldersInside(user: MountsHolder, virtualPath: string): boolean {
  if (virtualPath === '/') return user.virtual_folders.length > 0;
  return user.virtual_folders.some((f) => isStrictlyInside(f.virtual_path, virtualPath));
}

/** The paths that appear as directories because of `virtualPath`: it and its ancestors, "/" left out. */
function syntheticDirs(virtualPath: string): string[] {
  return dirsForPath(virtualPath).filter((d) => d !== '/');
}

/** Every directory that exists because of a mount point or the start directory, "/" left out. */
function allVirtualDirs(user: VirtualDirsHolder): Set<string> {
  const result = new Set<string>();
  for (const folder of user.virtual_folders) {
    for (const dir of syntheticDirs(folder.virtual_path)) result.add(dir);
  }
  if (user.filters.start_directory !== '') {
    for (const dir of syntheticDirs(user.filters.start_directory)) result.add(dir);
  }
  return result;
}

/**
 * The names of the directories a listing of `dirPath` must show even if the storage has no such entry:
 * mount points directly in it, the directories leading to deeper mount points (listing "/a" shows "b"
 * for a folder mounted at "/a/b/c"), and likewise the directories leading to the user's start
 * directory. Sorted, without duplicates. File pattern filters are not applied here (see `listing.ts`).
 */
export function virtualDirsInDir(user: VirtualDirsHolder, dirPath: string): string[] {
  const names = new Set<string>();
  for (const dir of allVirtualDirs(user)) {
    if (parentDir(dir) === dirPath) names.add(baseName(dir));
  }
  return [...names].sort();
}

/**
 * True when the virtual path is a directory that exists because of a mount point or the start
 * directory (see {@link virtualDirsInDir}): a stat of it reports a directory without asking any
 * storage, and without applying file pattern filters. "/" is never such a directory.
 */
export function isVirtualDir(user: VirtualDirsHolder, virtualPath: string): boolean {
  if (virtualPath === '/') return false;
  return virtualDirsInDir(user, parentDir(virtualPath)).includes(baseName(virtualPath));
}

/**
 * True when a filesystem path is the root of a mounted folder: its `mapped_path`, or for local and
 * encrypted local folders mounted from a sub-path, `mapped_path` joined with that sub-path. Such a
 * directory cannot be removed, nor renamed from or onto, through the user's own storage. The path must be
 * cleaned with the host's rules.
 */
export function isMappedPath(user: MountsHolder, fsPath: string): boolean {
  return user.virtual_folders.some((f) => {
    if (fsPath === f.mapped_path) return true;
    const local =
      f.filesystem.provider === FS_PROVIDERS.local || f.filesystem.provider === FS_PROVIDERS.crypt;
    return f.subpath !== '' && local && fsPath === path.join(f.mapped_path, f.subpath);
  });
}

/**
 * True when two virtual paths are served by the same mount (or both by the user's own storage). A
 * symbolic link cannot point from one mount to another.
 */
export function sameMount(user: MountsHolder, a: string, b: string): boolean {
  const ma = resolveVirtualFolder(user, a);
  const mb = resolveVirtualFolder(user, b);
  if (ma === undefined || mb === undefined) return ma === mb;
  return ma.folder.name === mb.folder.name;
}
