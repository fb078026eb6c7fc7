/**
 * Per-directory file name filters (`filters.file_patterns`): which names are allowed in a directory and
 * which are hidden from listings.
 *
 * A filter set on a directory governs the names of the entries directly in it and, unless a deeper
 * directory has its own filter, in every directory below it. Names are compared lowercased (Go's
 * `strings.ToLower`) against the patterns as stored (lowercased when the user is saved), with Go's
 * `path.Match` syntax. Files and directories are filtered alike: a pattern can deny a directory name.
 */
import type { DenyPolicy, PatternsFilter, User } from '../../dataprovider/models/index.js';
import { goToLower, pathMatch } from './path-match.js';
import { baseName, dirsForPath, parentDir } from './virtual-path.js';

/** What the pattern rules read from a user. */
export type PatternsHolder = { readonly filters: Pick<User['filters'], 'file_patterns'> };

/**
 * True when a filter lets `name` through. Allowed patterns are tried first: a name matching one is
 * allowed, even if a denied pattern matches it too. Then a name matching a denied pattern is denied. A
 * name matching neither is allowed only when the filter has no allowed patterns. A malformed allowed
 * pattern matches nothing; a malformed denied pattern denies every name it is tried on (both are refused
 * when a user is saved). With no filter every name is allowed.
 */
export function isNameAllowed(filter: PatternsFilter | undefined, name: string): boolean {
  if (filter === undefined) return true;
  const lower = goToLower(name);
  if (filter.allowed_patterns.some((p) => pathMatch(p, lower) === 'match')) return true;
  if (filter.denied_patterns.some((p) => pathMatch(p, lower) !== 'no-match')) return false;
  return filter.allowed_patterns.length === 0;
}

/**
 * The filter that governs the entries of a virtual directory: the one set on the directory itself, or
 * else on the nearest directory above it. Undefined when none applies.
 *
 * One exception lets a filter open chosen sub-directories: when the nearest filter is on an ancestor, has
 * allowed patterns and its first denied pattern is `*` ("only these names"), and the child of that
 * ancestor on the way to `dirPath` is one of the allowed names, no filter applies inside that child.
 */
export function patternsFilterForDir(user: PatternsHolder, dirPath: string): PatternsFilter | undefined {
  const filters = user.filters.file_patterns;
  if (filters.length === 0) return undefined;
  const dirs = dirsForPath(dirPath);
  for (let i = 0; i < dirs.length; i++) {
    const filter = filters.find((f) => f.path === dirs[i]);
    if (filter === undefined) continue;
    const child = dirs[i - 1];
    if (
      child !== undefined &&
      filter.allowed_patterns.length > 0 &&
      filter.denied_patterns[0] === '*' &&
      isNameAllowed(filter, baseName(child))
    ) {
      return undefined;
    }
    return filter;
  }
  return undefined;
}

/**
 * True when a virtual directory, or a directory above it, is hidden: its name is denied by a hide-policy
 * filter of the directory that contains it (a filter inherited from above, not one set on the directory
 * itself). Everything inside a hidden directory is treated as hidden too. "/" is never hidden.
 */
export function isDirHidden(user: PatternsHolder, dirPath: string): boolean {
  if (user.filters.file_patterns.length === 0) return false;
  for (const dir of dirsForPath(dirPath)) {
    if (dir === '/') return false;
    const filter = patternsFilterForDir(user, dir);
    if (filter !== undefined && filter.deny_policy === 1 && filter.path !== dir) {
      if (!isNameAllowed(filter, baseName(dir))) return true;
    }
  }
  return false;
}

/** The answer of {@link isFileAllowed}. */
export interface FileAllowance {
  readonly allowed: boolean;
  /**
   * The deny policy of the filter that decided: 1 (hide) when the entry or a directory above it is hidden,
   * else the policy of the governing filter, 0 when there is none. When `allowed` is false, policy 1 means
   * the entry must look absent (not found) and 0 that access is refused (permission denied), for the
   * operations that distinguish the two.
   */
  readonly policy: DenyPolicy;
}

/**
 * Whether the file or directory at a virtual path is allowed by the file pattern filters: its name must
 * be allowed by the filter governing its directory, and no directory above it may be hidden. For "/" the
 * name checked is "/" itself; callers that must always reach the root check for it first.
 */
export function isFileAllowed(user: PatternsHolder, virtualPath: string): FileAllowance {
  const dir = parentDir(virtualPath);
  if (isDirHidden(user, dir)) return { allowed: false, policy: 1 };
  const filter = patternsFilterForDir(user, dir);
  return { allowed: isNameAllowed(filter, baseName(virtualPath)), policy: filter?.deny_policy ?? 0 };
}

/**
 * True when a listing of `dirPath` must leave out the entry `name`: the directory's governing filter has
 * the hide policy and denies the name. "." and ".." are never left out. Names denied under the default
 * policy stay visible.
 */
export function isHiddenInListing(user: PatternsHolder, dirPath: string, name: string): boolean {
  if (name === '.' || name === '..') return false;
  const filter = patternsFilterForDir(user, dirPath);
  return filter !== undefined && filter.deny_policy === 1 && !isNameAllowed(filter, name);
}
