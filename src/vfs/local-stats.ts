/** Conversion of Node's `Stats` to the backend-neutral {@link FsStats}. */
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import type { FsEntryKind, FsStats } from './fs.js';

/** The kind of entry that a POSIX mode describes. */
export function kindOfMode(mode: number): FsEntryKind {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFREG:
      return 'file';
    case constants.S_IFDIR:
      return 'directory';
    case constants.S_IFLNK:
      return 'symlink';
    default:
      return 'other';
  }
}

/** The {@link FsStats} of Node's `Stats` (from `stat`, `lstat` or `fstat`). */
export function toFsStats(stats: Stats): FsStats {
  return {
    kind: kindOfMode(stats.mode),
    size: stats.size,
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    nlink: stats.nlink,
    atime: stats.atime,
    mtime: stats.mtime,
    ctime: stats.ctime,
  };
}
