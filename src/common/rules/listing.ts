/**
 * What a directory listing shows: the storage's entries minus hidden names, plus the directories that
 * exist only because of mount points or the start directory.
 */
import type { PatternsHolder } from './patterns.js';
import { isNameAllowed, patternsFilterForDir } from './patterns.js';
import type { VirtualDirsHolder } from './virtual-folders.js';
import { virtualDirsInDir } from './virtual-folders.js';

/** What listings read from a user. */
export type ListingHolder = PatternsHolder & VirtualDirsHolder;

/** How to present the listing of one directory. */
export interface ListingPlan {
  /**
   * Directory names to show first, with no storage entry needed (mount points and the directories
   * leading to them or to the start directory), minus those a hide-policy filter denies.
   */
  readonly virtualDirs: readonly string[];
  /**
   * Whether to show an entry the storage returned: false for names hidden by a hide-policy filter and
   * for names already shown as virtual directories (a mount point wins over the storage entry it covers).
   * "." and ".." are always kept.
   */
  keep(name: string): boolean;
}

/** Plans the listing of the virtual directory `dirPath` (see {@link ListingPlan}). */
export function planListing(user: ListingHolder, dirPath: string): ListingPlan {
  // Looked up once: a listing may hold many thousands of entries.
  const filter = patternsFilterForDir(user, dirPath);
  const hidden = (name: string): boolean => filter?.deny_policy === 1 && !isNameAllowed(filter, name);
  const virtualDirs = virtualDirsInDir(user, dirPath).filter((name) => !hidden(name));
  const shown = new Set(virtualDirs);
  return {
    virtualDirs,
    keep(name: string): boolean {
      if (name === '.' || name === '..') return true;
      return !shown.has(name) && !hidden(name);
    },
  };
}
