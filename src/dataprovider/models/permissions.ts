/** Per-directory permissions of a user, keyed by virtual directory path. */
import { cleanSlashPath } from './paths.js';
import { ValidationError, childField, itemField } from './validation-error.js';
import { unique } from './checks.js';

/** Every permission a directory can grant. `*` grants all of them. */
export const PERMISSIONS = [
  '*',
  'list',
  'download',
  'upload',
  'overwrite',
  'delete',
  'delete_files',
  'delete_dirs',
  'rename',
  'rename_files',
  'rename_dirs',
  'create_dirs',
  'create_symlinks',
  'chmod',
  'chown',
  'chtimes',
  'copy',
] as const;

/**
 * A permission. `overwrite` alone allows overwriting existing files; `delete` and `rename` cover files
 * and directories while the `_files`/`_dirs` variants cover one kind only.
 */
export type Permission = (typeof PERMISSIONS)[number];

/** Virtual directory path → permissions granted there (and below, unless a deeper entry exists). */
export type Permissions = Record<string, Permission[]>;

/** The read-only permissions anonymous users get on every directory. */
export const ANONYMOUS_PERMISSIONS: readonly Permission[] = ['list', 'download'];

/**
 * Normalises and checks a permissions map: "/" must be present and grant something, keys must be
 * absolute virtual paths (cleaned: `/dir/` becomes `/dir`; an alias of "/" such as `/a/..` is refused),
 * values must be known permissions. A list holding `*` becomes `["*"]`; duplicates are removed.
 *
 * @throws {ValidationError} with the field `permissions.<key>` (or `.../[i]` for a bad value).
 */
export function validatePermissions(
  raw: Readonly<Record<string, readonly string[]>>,
  field: string,
): Permissions {
  const entries = Object.entries(raw);
  if (entries.length === 0) throw new ValidationError(field, 'grant some permissions, at least for "/"');
  if (!Object.hasOwn(raw, '/'))
    throw new ValidationError(field, 'permissions for the root directory "/" must be set');
  const result: Permissions = {};
  const seen = new Map<string, string>();
  for (const [dir, perms] of entries) {
    const dirField = childField(field, dir);
    if (dir === '/' && perms.length === 0)
      throw new ValidationError(dirField, 'no permissions granted for "/"');
    perms.forEach((perm, index) => {
      if (!(PERMISSIONS as readonly string[]).includes(perm)) {
        throw new ValidationError(itemField(dirField, index), `invalid permission ${JSON.stringify(perm)}`);
      }
    });
    const cleaned = cleanSlashPath(dir);
    if (!cleaned.startsWith('/')) {
      throw new ValidationError(
        dirField,
        `cannot set permissions for the relative path ${JSON.stringify(dir)}`,
      );
    }
    if (dir !== cleaned && cleaned === '/') {
      throw new ValidationError(dirField, `${JSON.stringify(dir)} is an alias for "/", use "/"`);
    }
    const previous = seen.get(cleaned);
    if (previous !== undefined) {
      throw new ValidationError(dirField, `duplicates the permissions for ${JSON.stringify(previous)}`);
    }
    seen.set(cleaned, dir);
    result[cleaned] = perms.includes('*') ? ['*'] : unique(perms as Permission[]);
  }
  return result;
}
