/**
 * Per-directory permissions: which permissions apply in a virtual directory, and whether one is granted.
 *
 * Every function here takes the virtual path whose permissions are asked about, and looks them up
 * exactly there: it does not move to the parent by itself. For most operations the permission that
 * counts is the one of the directory that contains the entry (SFTPGo passes `path.Dir(virtualPath)`);
 * the operation table in `operation-permissions.ts` says, for each operation, which path that is.
 */
import type { Permission, User } from '../../dataprovider/models/index.js';
import { pathMatch } from './path-match.js';
import { dirsForPath } from './virtual-path.js';

/** What the permission lookups read from a user. */
export type PermissionsHolder = Pick<User, 'permissions'>;

const NO_PERMISSIONS: readonly Permission[] = [];

/**
 * The permissions that apply at a virtual path, as SFTPGo resolves them. The candidates are the path
 * itself and each directory above it, most specific first ("/a/b", "/a", "/"); for each candidate an
 * entry whose key equals it wins, then an entry whose key is a wildcard pattern matching it (`path.Match`
 * syntax, case-sensitive: "/incoming/*" covers every directory directly in "/incoming" and, through
 * them, everything below). The first candidate with an entry decides. Keys are compared element by
 * element, so "/ab" never uses the entry of "/a".
 *
 * When several wildcard keys match the same candidate, the first one in the order the permissions were
 * written wins (SFTPGo's choice there is random). A malformed wildcard key matches nothing. The "/" entry
 * always matches last; a user without one (invalid, never saved) gets no permissions.
 */
export function permissionsForPath(user: PermissionsHolder, virtualPath: string): readonly Permission[] {
  const entries = Object.entries(user.permissions);
  const root = Object.hasOwn(user.permissions, '/') ? user.permissions['/'] : undefined;
  // Only "/" is set: nothing more specific can exist.
  if (root !== undefined && entries.length === 1) return root;
  // A key without pattern characters matches only itself, which the exact lookup already covers.
  const wildcards = entries.filter(([key]) => /[*?[\\]/.test(key));
  for (const candidate of dirsForPath(virtualPath)) {
    const exact = Object.hasOwn(user.permissions, candidate) ? user.permissions[candidate] : undefined;
    if (exact !== undefined) return exact;
    for (const [key, perms] of wildcards) {
      if (pathMatch(key, candidate) === 'match') return perms;
    }
  }
  return root ?? NO_PERMISSIONS;
}

/**
 * The permissions that grant `perm`, besides `*`. `delete` and `rename` grant both their `_files` and
 * `_dirs` forms; the reverse ("both forms grant the general one") is handled by {@link grants}.
 */
const GRANTED_BY: Readonly<Partial<Record<Permission, readonly Permission[]>>> = {
  delete_files: ['delete'],
  delete_dirs: ['delete'],
  rename_files: ['rename'],
  rename_dirs: ['rename'],
};

/** The pairs of fine-grained permissions that together are worth the general one. */
const COMBINED: Readonly<Partial<Record<Permission, readonly [Permission, Permission]>>> = {
  delete: ['delete_files', 'delete_dirs'],
  rename: ['rename_files', 'rename_dirs'],
};

/**
 * True when a list of permissions grants `perm`, with SFTPGo's meaning of the fine-grained split: `*`
 * grants everything; `delete` grants `delete_files` and `delete_dirs` (and `rename` its two forms);
 * holding both `delete_files` and `delete_dirs` is worth `delete` (same for `rename`). Every other
 * permission is granted only by itself: in particular `overwrite` does not need `upload` and does not
 * grant it, and `upload` does not grant `overwrite`.
 */
export function grants(perms: readonly Permission[], perm: Permission): boolean {
  if (perms.includes('*') || perms.includes(perm)) return true;
  if (GRANTED_BY[perm]?.some((p) => perms.includes(p)) === true) return true;
  const pair = COMBINED[perm];
  return pair !== undefined && perms.includes(pair[0]) && perms.includes(pair[1]);
}

/** True when `perm` is granted at `virtualPath` (see {@link permissionsForPath} and {@link grants}). */
export function hasPerm(user: PermissionsHolder, perm: Permission, virtualPath: string): boolean {
  return grants(permissionsForPath(user, virtualPath), perm);
}

/** True when at least one of `perms` is granted at `virtualPath`. An empty list grants nothing. */
export function hasAnyPerm(
  user: PermissionsHolder,
  perms: readonly Permission[],
  virtualPath: string,
): boolean {
  const granted = permissionsForPath(user, virtualPath);
  return perms.some((perm) => grants(granted, perm));
}

/** True when every one of `perms` is granted at `virtualPath`. An empty list is always granted. */
export function hasPerms(
  user: PermissionsHolder,
  perms: readonly Permission[],
  virtualPath: string,
): boolean {
  const granted = permissionsForPath(user, virtualPath);
  return perms.every((perm) => grants(granted, perm));
}

/** The first of `perms` not granted at `virtualPath`, or undefined when all are. */
export function missingPerm(
  user: PermissionsHolder,
  perms: readonly Permission[],
  virtualPath: string,
): Permission | undefined {
  const granted = permissionsForPath(user, virtualPath);
  return perms.find((perm) => !grants(granted, perm));
}

/**
 * True when some permission entry other than a plain `["*"]` is set at `virtualPath` or below it (string
 * prefix on path elements, wildcard keys compared as text). A directory rename can skip walking the tree
 * only when neither the source nor the target has such entries.
 */
export function hasPermissionsInside(user: PermissionsHolder, virtualPath: string): boolean {
  for (const [dir, perms] of Object.entries(user.permissions)) {
    if (perms.length === 1 && perms[0] === '*') continue;
    if (dir === virtualPath || dir.startsWith(`${virtualPath}/`)) return true;
  }
  return false;
}
